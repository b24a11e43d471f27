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
    # event: (subject, sentence after “An adviser, "name" (email),” or “A client, …,”)
    "access_requested": (
        "An adviser asked to see your Debrief record",
        "has asked to see your Debrief record. Nothing is shared until you accept.",
    ),
    "note_added": (
        "An adviser left you a note in Debrief",
        "has left you a note in Debrief.",
    ),
    "action_suggested": (
        "An adviser suggested an action in Debrief",
        "has suggested an action for you in Debrief. It joins your list only if you accept it.",
    ),
    "note_replied": (
        "A reply to a note in Debrief",
        "has replied to a note in Debrief.",
    ),
    "appointment_recorded": (
        "An adviser recorded an appointment in Debrief",
        "has recorded an appointment with you in Debrief.",
    ),
    "appointment_answered": (
        "A client answered an appointment in Debrief",
        "has answered your appointment invitation in Debrief.",
    ),
    "appointment_self_booked": (
        "A client booked an appointment in Debrief",
        "has booked one of your published times in Debrief. It is in your diary.",
    ),
    "appointment_client_cancel": (
        "A client cancelled an appointment in Debrief",
        "has cancelled an appointment with you in Debrief. The time is free again.",
    ),
    "access_granted": (
        "A client shared their Debrief record with you",
        "has shared their Debrief record with you.",
    ),
    "access_accepted": (
        "A client accepted your request in Debrief",
        "has accepted your request: you can now read their Debrief record.",
    ),
    "handover_proposed": (
        "Your careers service proposes a new adviser in Debrief",
        "is proposed by your careers service to take over from your adviser. Nothing is shared "
        "with them unless you accept.",
    ),
    "access_revoked": (
        "A client stopped sharing their Debrief record",
        "has stopped sharing their Debrief record with you. You can no longer see it.",
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
    with in_language_of(to):  # the recipient's language, not the language of who acted
        subject, sentence = (str(words) for words in EVENTS[event])
        sentence = f"{role}, {quoted_name(about)}, {sentence}"
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
        role="An adviser",
    )


def note_added(note: AdviserNote) -> None:
    _write(
        to=note.client,
        about=note.adviser,
        event="note_added",
        pk=note.pk,
        path=reverse("debrief:dashboard"),
        role="An adviser",
    )


def handover_proposed(handover, *, to_adviser: User, from_adviser: User) -> None:
    """Names both advisers (quoted, as data), carries the service's reason and says what an
    unanswered proposal comes to."""
    lapses = handover.proposed_at + handover.LIFETIME
    lapses_on = f"{lapses:%A} {lapses.day} {lapses:%B %Y}"
    details = [["Your adviser now", quoted_name(from_adviser)]]
    if handover.reason:
        details.append(["Your careers service's reason", one_line(handover.reason)])
    details.append(
        [
            "If you do not answer",
            f"The proposal lapses on {lapses_on}. Nothing changes hands: the new adviser sees "
            "nothing of your record, and you can still stop sharing it at any time.",
        ]
    )
    _write(
        to=handover.client,
        about=to_adviser,
        event="handover_proposed",
        pk=handover.pk,
        path=reverse("debrief:settings-sharing"),
        role="An adviser",
        details=details,
    )


def action_suggested(suggestion: ActionSuggestion) -> None:
    _write(
        to=suggestion.client,
        about=suggestion.adviser,
        event="action_suggested",
        pk=suggestion.pk,
        path=reverse("debrief:together"),
        role="An adviser",
    )


def appointment_recorded(appointment: Appointment) -> None:
    _write(
        to=appointment.client,
        about=appointment.adviser,
        event="appointment_recorded",
        pk=appointment.pk,
        path=reverse("debrief:together"),
        role="An adviser",
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
        role="A client",
    )


def note_replied(reply: NoteReply, note: AdviserNote) -> None:
    """To the other person in the thread."""
    if reply.author_id == note.client_id:
        to, about, role = note.adviser, note.client, "A client"
        path = reverse("debrief:adviser-note-thread", args=[note.client_id, note.pk])
    else:
        to, about, role = note.client, note.adviser, "An adviser"
        path = reverse("debrief:note-thread", args=[note.pk])
    _write(to=to, about=about, event="note_replied", pk=reply.pk, path=path, role=role)


def _to_adviser(access: AdviserAccess, event: str) -> None:
    _write(
        to=access.adviser,
        about=access.client,
        event=event,
        pk=access.pk,
        path=reverse("debrief:adviser-caseload"),
        role="A client",
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
