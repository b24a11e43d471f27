"""A user's copy of all their data: one ZIP with data.json and one CSV per kind of record.

Everything is read through the user's own relations, so nothing of anyone else's can appear;
a fixed number of queries whatever the size of the record.
"""

import io
import json
import zipfile

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch
from django.utils import timezone

from debrief.models import (
    AccessLogEntry,
    ActionItem,
    ActionSuggestion,
    AdviserAccess,
    AdviserNote,
    Application,
    Appointment,
    CaseNote,
    Contact,
    Document,
    ImportBatch,
    InboundMessage,
    Interview,
    Notification,
    NotificationSettings,
    ReplySettings,
    SilenceAnswer,
    StarAnswer,
    User,
)
from debrief.services.export_csv import APPLICATION_COLUMNS, CSV_FILES
from debrief.services.export_records import record_files
from debrief.services.export_security import security_data


def fields(obj, *names: str) -> dict:
    return {name: getattr(obj, name) for name in names}


def user_data(user: User) -> dict:
    applications = Application.objects.for_user(user).prefetch_related("status_changes")
    interviews = (
        Interview.objects.for_user(user)
        .select_related("application", "debrief")
        .prefetch_related("debrief__questions__star_answer", "feedback_requests__later_asks")
    )
    # Consent given by typing an address is exported by that address only (security_data), as
    # the sharing page shows it: never the adviser it reached.
    accesses = (
        AdviserAccess.objects.filter(client=user, shared_addresses__isnull=True)
        .select_related("adviser")
        .prefetch_related(Prefetch("changes", to_attr="change_list"))
    )
    return {
        "exported_at": timezone.now(),
        "profile": fields(user, "email", "display_name", "role", "date_joined", "last_login"),
        "applications": [application_data(a) for a in applications],
        "interviews": [interview_data(i) for i in interviews],
        "imports": [
            fields(
                batch,
                "file_name",
                "layout",
                "status",
                "done",
                "created_at",
                "confirmed_at",
                "finished_at",
                "undone_at",
            )
            for batch in ImportBatch.objects.for_user(user).exclude(status=ImportBatch.Status.DRAFT)
        ],
        "contacts": [
            {
                **fields(contact, "id", "name", "role", "employer", "email", "phone", "notes"),
                "application_ids": [application.pk for application in contact.applications.all()],
                "interview_ids": [interview.pk for interview in contact.interviews.all()],
            }
            for contact in Contact.objects.for_user(user).prefetch_related(
                Prefetch("applications", queryset=Application.objects.only("id")),
                Prefetch("interviews", queryset=Interview.objects.only("id")),
            )
        ],
        "documents": [
            {
                **fields(document, "id", "kind", "title", "original_name", "content_type", "size"),
                "created_at": document.created_at,
                "file_in_this_export": document_name(number, document),
                "sent_with_application_ids": [a.pk for a in document.applications.all()],
            }
            for number, document in enumerate(documents_of(user), start=1)
        ],
        "star_answers": [
            fields(
                answer,
                "id",
                "title",
                "questions",
                "competencies",
                "situation",
                "task",
                "action",
                "result",
                "my_part",
                "strength",
                "created_at",
                "updated_at",
            )
            for answer in StarAnswer.objects.for_user(user)
        ],
        "action_items": [
            {
                **fields(
                    item,
                    "id",
                    "text",
                    "area",
                    "status",
                    "due_date",
                    "completed_on",
                    "created_at",
                    "updated_at",
                ),
                "from_debrief_of_interview": item.debrief.interview_id if item.debrief else None,
                "from_feedback_request": item.feedback_request_id,
            }
            for item in ActionItem.objects.for_user(user).select_related("debrief")
        ],
        "adviser_accesses": [
            {
                "adviser": access.adviser.display_name,
                "adviser_email": access.adviser.email,
                **fields(
                    access, "status", "requested_at", "granted_at", "ended_at", "next_contact_on"
                ),
                "changes": [
                    {
                        "status": change.status,
                        "changed_at": change.changed_at,
                        "changed_by": "you" if change.changed_by_id == user.pk else "the adviser",
                    }
                    for change in access.change_list
                ],
            }
            for access in accesses
        ],
        # Private case notes are not shown on the person's pages, but they are data about them.
        "case_notes_about_you": [
            {
                "adviser": note.adviser.display_name,
                **fields(
                    note, "contact_on", "contact_type", "minutes", "outcome", "text", "created_at"
                ),
            }
            for note in CaseNote.objects.filter(client=user).select_related("adviser")
        ],
        "adviser_notes_about_you": [
            {
                "adviser": note.adviser.display_name,
                "about_interview": note.interview_id,
                **fields(note, "text", "created_at", "updated_at"),
                "replies": [
                    {
                        "by": "you" if reply.author_id == user.pk else reply.author.display_name,
                        **fields(reply, "text", "created_at"),
                    }
                    for reply in note.replies.all()
                ],
            }
            for note in AdviserNote.objects.filter(client=user)
            .select_related("adviser")
            .prefetch_related("replies__author")
        ],
        "appointments": [
            {
                "adviser": appointment.adviser.display_name,
                **fields(
                    appointment,
                    "date",
                    "time",
                    "length_minutes",
                    "kind",
                    "place",
                    "address",
                    "phone",
                    "video_link",
                    "agenda",
                    "agreed",
                    "cancelled_at",
                    "response",
                    "response_note",
                    "responded_at",
                ),
            }
            for appointment in Appointment.objects.filter(client=user).select_related("adviser")
        ],
        "actions_suggested_to_you": [
            {
                "adviser": suggestion.adviser.display_name,
                **fields(suggestion, "text", "area", "due_date", "status", "created_at"),
            }
            for suggestion in ActionSuggestion.objects.filter(client=user).select_related("adviser")
        ],
        "access_log": [
            {"viewer": entry.viewer_label, **fields(entry, "viewed", "path", "viewed_at")}
            for entry in AccessLogEntry.objects.filter(client=user)
        ],
        "notification_settings": fields(
            NotificationSettings.of(user),
            "follow_up_due",
            "interview_tomorrow",
            "debrief_not_written",
            "feedback_not_sent",
            "self_assessment",
            "no_news",
            "adviser",
            "appointment_tomorrow",
            "digest_day",
            "time_zone",
        ),
        "notifications": [
            fields(n, "kind", "subject", "due_on", "status", "created_at", "sent_at")
            for n in Notification.objects.filter(user=user)
        ],
        # Rejections forwarded to the private address, or pasted, as Debrief keeps them.
        "emails_received": [
            fields(
                message,
                "source",
                "status",
                "sender",
                "subject",
                "sent_at",
                "received_at",
                "body",
                "reasons",
                "interview_id",
                "decided_at",
            )
            for message in InboundMessage.objects.for_user(user)
        ],
        "reply_settings": fields(
            ReplySettings.of(user),
            "interview_quiet_days",
            "request_quiet_working_days",
            "counted_in_evidence",
        ),
        "silence_answers": [
            fields(
                answer,
                "application_id",
                "interview_id",
                "feedback_request_id",
                "answer",
                "answered_at",
            )
            for answer in SilenceAnswer.objects.for_user(user)
        ],
        **(adviser_notes_data(user) if user.is_adviser else {"adviser_notes_you_wrote": []}),
        **security_data(user),
    }


def adviser_notes_data(adviser: User) -> dict:
    """The notes an adviser wrote, about their clients now only. A client who ended the
    adviser's access took their record, name included, with them: notes about them are left
    out (a note's text can name them too), counted so the adviser knows. The client still reads
    those notes in their own export."""
    written = AdviserNote.objects.filter(adviser=adviser)
    current = written.filter(client__in=User.objects.clients_of(adviser))
    return {
        "adviser_notes_you_wrote": [
            {
                "about_client": note.client.display_name,
                "about_interview": note.interview_id,
                **fields(note, "text", "created_at", "updated_at"),
            }
            for note in current.select_related("client")
        ],
        "adviser_notes_left_out": {
            "count": written.exclude(pk__in=current.values("pk")).count(),
            "why": "Notes about people who no longer share their record with you are left out.",
        },
    }


def application_data(application: Application) -> dict:
    return {
        **fields(application, "id", *(name for name, _ in APPLICATION_COLUMNS)),
        "kept_out_of_work_search": application.kept_out_of_work_search,
        "created_at": application.created_at,
        "updated_at": application.updated_at,
        "status_history": [
            {"status": change.status, "changed_on": change.changed_on}
            for change in application.status_changes.all()
        ],
    }


def interview_data(interview: Interview) -> dict:
    debrief = getattr(interview, "debrief", None)
    return {
        **fields(
            interview,
            "id",
            "application_id",
            "stage",
            "scheduled_at",
            "format",
            "interviewers",
            "outcome",
            "outcome_date",
            "notes",
            "kept_out_of_work_search",
        ),
        "application": str(interview.application),
        "debrief": None if debrief is None else debrief_data(debrief),
        "feedback_requests": [
            fields(
                request,
                "id",
                "contact_name",
                "contact_email",
                "channel",
                "status",
                "requested_on",
                "follow_up_due",
                "followed_up_on",
                "received_on",
                "message",
                "feedback_text",
                "dimensions",
                "reasons",
                "useful",
                "outcome",
            )
            | {
                "later_asks": [
                    fields(ask, "kind", "sent_on", "answered_on")
                    for ask in request.later_asks.all()
                ]
            }
            for request in interview.feedback_requests.all()
        ],
    }


def debrief_data(debrief) -> dict:
    return {
        **fields(
            debrief,
            *debrief.RATINGS,
            "overall_feeling",
            "check_in",
            "went_well",
            "do_better",
            "my_reasons",
            "created_at",
            "updated_at",
        ),
        "questions": [
            {
                "question": question.question,
                "answer_rating": question.answer_rating,
                "star_answer": question.star_answer.title if question.star_answer else None,
            }
            for question in debrief.questions.all()
        ],
    }


def spreadsheets(data: dict) -> dict[str, bytes]:
    return {name: build(data) for name, build in CSV_FILES.items()}


def export_zip(user: User) -> bytes:
    data = user_data(user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "data.json", json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
        )
        for name, content in {**spreadsheets(data), **record_files(data)}.items():
            archive.writestr(name, content)
        # Numbered in the same order as data.json lists them ("file_in_this_export").
        for number, document in enumerate(Document.objects.for_user(user), start=1):
            with document.file.open("rb") as file:
                archive.writestr(document_name(number, document), file.read())
    return buffer.getvalue()


def documents_of(user: User):
    return Document.objects.for_user(user).prefetch_related(
        Prefetch("applications", queryset=Application.objects.only("id"))
    )


def document_name(number: int, document: Document) -> str:
    """documents/1 CV for data roles, v3 - cv.pdf: numbered, so two versions never collide."""
    title = document.title.replace("/", "-").replace("\\", "-")
    original = document.original_name.replace("/", "-").replace("\\", "-")
    return f"documents/{number} {title} - {original}"
