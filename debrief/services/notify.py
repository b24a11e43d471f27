"""Emails about the adviser relationship, written when the change happens.

Each function is called inside the transaction that makes the change: the notification row
commits or rolls back with it, and its delivery is enqueued once the transaction has committed.
Nothing is written for a recipient whose address is not confirmed.

The other person's display name is data they typed: it appears only quoted, after fixed text,
with line breaks removed, and never in a subject, so it cannot pass for Debrief's own words.
"""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from debrief.emails import may_email, one_line, quoted_name
from debrief.i18n import in_language_of
from debrief.models import (
    ActionSuggestion,
    AdviserAccess,
    AdviserNote,
    Appointment,
    NoteReply,
    Notification,
    User,
)
from debrief.services import queue

Kind = Notification.Kind

EVENTS = {
    # event: (subject, {who acted: the whole sentence, with their quoted name})
    "access_requested": (
        gettext_lazy("An adviser asked to see your Debrief record"),
        {
            "adviser": gettext_lazy(
                "An adviser, %(name)s, has asked to see your Debrief record. Nothing is shared "
                "until you accept."
            )
        },
    ),
    "note_added": (
        gettext_lazy("An adviser left you a note in Debrief"),
        {"adviser": gettext_lazy("An adviser, %(name)s, has left you a note in Debrief.")},
    ),
    "action_suggested": (
        gettext_lazy("An adviser suggested an action in Debrief"),
        {
            "adviser": gettext_lazy(
                "An adviser, %(name)s, has suggested an action for you in Debrief. It joins "
                "your list only if you accept it."
            )
        },
    ),
    "note_replied": (
        gettext_lazy("A reply to a note in Debrief"),
        {
            "adviser": gettext_lazy("An adviser, %(name)s, has replied to a note in Debrief."),
            "client": gettext_lazy("A client, %(name)s, has replied to a note in Debrief."),
        },
    ),
    "appointment_recorded": (
        gettext_lazy("An adviser recorded an appointment in Debrief"),
        {
            "adviser": gettext_lazy(
                "An adviser, %(name)s, has recorded an appointment with you in Debrief."
            )
        },
    ),
    "appointment_answered": (
        gettext_lazy("A client answered an appointment in Debrief"),
        {
            "client": gettext_lazy(
                "A client, %(name)s, has answered your appointment invitation in Debrief."
            )
        },
    ),
    "appointment_self_booked": (
        gettext_lazy("A client booked an appointment in Debrief"),
        {
            "client": gettext_lazy(
                "A client, %(name)s, has booked one of your published times in Debrief. It is "
                "in your diary."
            )
        },
    ),
    "appointment_client_cancel": (
        gettext_lazy("A client cancelled an appointment in Debrief"),
        {
            "client": gettext_lazy(
                "A client, %(name)s, has cancelled an appointment with you in Debrief. The time "
                "is free again."
            )
        },
    ),
    "access_granted": (
        gettext_lazy("A client shared their Debrief record with you"),
        {"client": gettext_lazy("A client, %(name)s, has shared their Debrief record with you.")},
    ),
    "access_accepted": (
        gettext_lazy("A client accepted your request in Debrief"),
        {
            "client": gettext_lazy(
                "A client, %(name)s, has accepted your request: you can now read their Debrief "
                "record."
            )
        },
    ),
    "handover_proposed": (
        gettext_lazy("Your careers service proposes a new adviser in Debrief"),
        {
            "adviser": gettext_lazy(
                "An adviser, %(name)s, is proposed by your careers service to take over from "
                "your adviser. Nothing is shared with them unless you accept."
            )
        },
    ),
    "access_revoked": (
        gettext_lazy("A client stopped sharing their Debrief record"),
        {
            "client": gettext_lazy(
                "A client, %(name)s, has stopped sharing their Debrief record with you. You can "
                "no longer see it."
            )
        },
    ),
}


def _write(
    *,
    to: User,
    about: User,
    event: str,
    pk: int,
    path: str,
    role: str,
    details: list[list[str]] | None = None,
) -> None:
    if not may_email(to):
        return
    # The recipient's language, not the language of who acted; whole sentences, the name a
    # placeholder: the words around it are the translator's.
    with in_language_of(to):
        subject, sentences = EVENTS[event]
        subject, sentence = str(subject), str(sentences[role]) % {"name": quoted_name(about)}
    notification, created = Notification.objects.get_or_create(
        user=to,
        kind=Kind.ADVISER,
        object_type=event,
        object_id=pk,
        due_on=timezone.localdate(),
        defaults={
            "subject": subject,
            "context": {
                "event": event,
                "sentence": sentence,
                "path": path,
                "details": details or [],
            },
        },
    )
    if created:
        transaction.on_commit(lambda: enqueue(notification.pk))


def enqueue(pk: int) -> None:
    now = timezone.now()
    with transaction.atomic():
        if Notification.objects.filter(pk=pk, enqueued_at__isnull=True).update(enqueued_at=now):
            queue.enqueue_delivery([pk])


def access_requested(access: AdviserAccess) -> None:
    _write(
        to=access.client,
        about=access.adviser,
        event="access_requested",
        pk=access.pk,
        path=reverse("debrief:settings-sharing"),
        role="adviser",
    )


def note_added(note: AdviserNote) -> None:
    _write(
        to=note.client,
        about=note.adviser,
        event="note_added",
        pk=note.pk,
        path=reverse("debrief:dashboard"),
        role="adviser",
    )


def handover_proposed(handover, *, to_adviser: User, from_adviser: User) -> None:
    """Names both advisers (quoted, as data), carries the service's reason and says what an
    unanswered proposal comes to."""
    lapses = handover.proposed_at + handover.LIFETIME
    lapses_on = date_format(lapses, "l j F Y")
    details = [[_("Your adviser now"), quoted_name(from_adviser)]]
    if handover.reason:
        details.append([_("Your careers service's reason"), one_line(handover.reason)])
    details.append(
        [
            _("If you do not answer"),
            _(
                "The proposal lapses on %(date)s. Nothing changes hands: the new adviser sees "
                "nothing of your record, and you can still stop sharing it at any time."
            )
            % {"date": lapses_on},
        ]
    )
    _write(
        to=handover.client,
        about=to_adviser,
        event="handover_proposed",
        pk=handover.pk,
        path=reverse("debrief:settings-sharing"),
        role="adviser",
        details=details,
    )


def action_suggested(suggestion: ActionSuggestion) -> None:
    _write(
        to=suggestion.client,
        about=suggestion.adviser,
        event="action_suggested",
        pk=suggestion.pk,
        path=reverse("debrief:together"),
        role="adviser",
    )


def appointment_recorded(appointment: Appointment) -> None:
    _write(
        to=appointment.client,
        about=appointment.adviser,
        event="appointment_recorded",
        pk=appointment.pk,
        path=reverse("debrief:together"),
        role="adviser",
    )


def appointment_answered(appointment: Appointment) -> None:
    _to_adviser_about(
        appointment,
        "appointment_answered",
        path=reverse("debrief:adviser-together", args=[appointment.client_id]),
    )


def appointment_booked_by_client(appointment: Appointment) -> None:
    _to_adviser_about(appointment, "appointment_self_booked")


def appointment_cancelled_by_client(appointment: Appointment) -> None:
    _to_adviser_about(appointment, "appointment_client_cancel")


def _to_adviser_about(appointment: Appointment, event: str, path: str = "") -> None:
    _write(
        to=appointment.adviser,
        about=appointment.client,
        event=event,
        pk=appointment.pk,
        path=path or reverse("debrief:adviser-diary"),
        role="client",
    )


def note_replied(reply: NoteReply, note: AdviserNote) -> None:
    """To the other person in the thread."""
    if reply.author_id == note.client_id:
        to, about, role = note.adviser, note.client, "client"
        path = reverse("debrief:adviser-note-thread", args=[note.client_id, note.pk])
    else:
        to, about, role = note.client, note.adviser, "adviser"
        path = reverse("debrief:note-thread", args=[note.pk])
    _write(to=to, about=about, event="note_replied", pk=reply.pk, path=path, role=role)


def _to_adviser(access: AdviserAccess, event: str) -> None:
    _write(
        to=access.adviser,
        about=access.client,
        event=event,
        pk=access.pk,
        path=reverse("debrief:adviser-caseload"),
        role="client",
    )


def access_granted(access: AdviserAccess) -> None:
    _to_adviser(access, "access_granted")


def access_accepted(access: AdviserAccess) -> None:
    _to_adviser(access, "access_accepted")


def access_revoked(access: AdviserAccess) -> None:
    _to_adviser(access, "access_revoked")


def consent_changed(access: AdviserAccess) -> None:
    """The email that a change of consent calls for (see services/consent.py)."""
    Status = AdviserAccess.Status
    if access.status == Status.PENDING:
        access_requested(access)
    elif access.status == Status.ACTIVE:
        (access_accepted if access.requested_at else access_granted)(access)
    # A decline tells the adviser nothing: to them it must look the same as a request still
    # waiting, or as an address with no account (the neutral-message rule).
    elif access.status == Status.REVOKED:
        access_revoked(access)
