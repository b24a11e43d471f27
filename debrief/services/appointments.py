"""Appointments that reach the client: booking, changing and cancelling one sends the client an
email with every detail and a calendar invitation (RFC 5546 over RFC 5545, made with
`icalendar`); the client accepts, declines or asks to rearrange, and the adviser reads the answer.

The invitation's UID is the appointment's own (`appointment-<id>@debrief`), the same as in both
calendar feeds, so a calendar app keeps one event whichever way it heard of it. Every change the
client is sent raises SEQUENCE; a cancellation is METHOD:CANCEL with the next SEQUENCE.

Each email is a Notification row written in the change's transaction (delivered once it commits,
like every adviser update). Its key carries the sequence, so a second change on the same day is a
second email and a repeated request the same one.
"""

import datetime

import icalendar
from django.db import transaction
from django.db.models import Count, F, Max, OuterRef, Q, Subquery, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from debrief.emails import may_email, quoted_name
from debrief.models import Appointment, Notification, User
from debrief.services import notify
from debrief.services.delivery import absolute as link

# What the client is sent again when it changes: when, how long, where, and what it is for.
SENT_FIELDS = frozenset(
    {"date", "time", "length_minutes", "kind", "place", "address", "phone", "video_link", "agenda"}
)
# Of every UID Debrief writes, in invitations and feeds alike.
DOMAIN = "debrief"


class AppointmentError(ValueError):
    """A change the appointment's state does not allow (said to the person, nothing changes)."""


def uid(appointment: Appointment) -> str:
    return f"appointment-{appointment.pk}@{DOMAIN}"


def feed_marks(user_field: str = "user_id") -> dict:
    """Annotations for the calendar feed's ETag, in its one query: how many appointments the
    user has on either side, the sum of their sequences (every change a calendar shows raises
    one) and when one last changed. The record version does not move with
    appointments (an adviser has none), and a booked or moved appointment must reach the
    calendar at its next poll."""
    mine = (
        Appointment.objects.filter(Q(client=OuterRef(user_field)) | Q(adviser=OuterRef(user_field)))
        .order_by()
        .annotate(one=F("id") * 0)
        .values("one")
    )
    return {
        "appointments_count": Subquery(mine.annotate(n=Count("pk")).values("n")),
        "appointments_sequence": Subquery(mine.annotate(s=Sum("sequence")).values("s")),
        "appointments_changed": Subquery(mine.annotate(at=Max("updated_at")).values("at")),
    }


def when(appointment: Appointment) -> str:
    """'Tuesday 8 December 2026, 10:00 to 10:45 (UK time)'; the day alone for a past record."""
    day = date_format(appointment.date, "l j F Y")
    if appointment.time is None:
        return day
    return _("%(day)s, %(start)s to %(end)s (UK time)") % {
        "day": day,
        "start": f"{appointment.starts_at:%H:%M}",
        "end": f"{appointment.ends_at:%H:%M}",
    }


def title(appointment: Appointment, *, for_client: bool) -> str:
    other = appointment.adviser if for_client else appointment.client
    return _("%(kind)s with %(name)s") % {
        "kind": appointment.get_kind_display(),
        "name": other.display_name,
    }


def event(appointment: Appointment, *, for_client: bool) -> icalendar.Event:
    """The appointment as a calendar event: in an invitation, and in the client's or the
    adviser's own feed (each titled with the other person)."""
    item = icalendar.Event()
    item.add("uid", uid(appointment))
    item.add("dtstamp", appointment.updated_at)
    item.add("last-modified", appointment.updated_at)
    item.add("sequence", appointment.sequence)
    if appointment.time is None:
        item.add("dtstart", appointment.date)
        item.add("dtend", appointment.date + datetime.timedelta(days=1))
    else:
        item.add("dtstart", appointment.starts_at.astimezone(datetime.UTC))
        item.add("dtend", appointment.ends_at.astimezone(datetime.UTC))
    item.add("summary", title(appointment, for_client=for_client))
    item.add("location", appointment.where())
    page = (
        reverse("debrief:together")
        if for_client
        else reverse("debrief:adviser-together", args=[appointment.client_id])
    )
    description = [appointment.get_place_display() + ".", appointment.where()]
    if appointment.agenda:
        description.append(_("Agenda: %(agenda)s") % {"agenda": appointment.agenda})
    description.append(_("Details and your answer: %(link)s") % {"link": link(page)})
    item.add("description", "\n".join(description))
    item.add("url", link(page))
    if appointment.place == Appointment.Place.VIDEO:
        item.add("conference", appointment.video_link, parameters={"value": "URI"})
    item.add("status", "CANCELLED" if appointment.is_cancelled else "CONFIRMED")
    return item


PARTSTAT = {
    Appointment.Response.NONE: "NEEDS-ACTION",
    Appointment.Response.ACCEPTED: "ACCEPTED",
    Appointment.Response.DECLINED: "DECLINED",
    Appointment.Response.REARRANGE: "TENTATIVE",
}


def invitation(appointment: Appointment, *, method: str) -> str:
    """An iTIP message (REQUEST or CANCEL) for the client's calendar. RSVP is off: the client
    answers in Debrief, where the adviser reads it, not by a reply to the adviser's mailbox."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Debrief//Appointments//EN")
    cal.add("version", "2.0")
    cal.add("method", method)
    item = event(appointment, for_client=True)
    organizer = icalendar.vCalAddress(f"mailto:{appointment.adviser.email}")
    organizer.params["cn"] = icalendar.vText(appointment.adviser.display_name)
    item.add("organizer", organizer)
    attendee = icalendar.vCalAddress(f"mailto:{appointment.client.email}")
    attendee.params["cn"] = icalendar.vText(appointment.client.display_name)
    attendee.params["role"] = icalendar.vText("REQ-PARTICIPANT")
    attendee.params["partstat"] = icalendar.vText(PARTSTAT[appointment.response])
    attendee.params["rsvp"] = icalendar.vText("FALSE")
    item.add("attendee", attendee)
    cal.add_component(item)
    return cal.to_ical().decode()


def details(appointment: Appointment) -> list[list[str]]:
    rows = [
        [_("What"), appointment.get_kind_display()],
        [_("When"), when(appointment)],
        [_("Length"), _("%(minutes)s minutes") % {"minutes": appointment.length_minutes}],
        [_("Where"), appointment.where()],
    ]
    if appointment.agenda:
        rows.append([_("Agenda"), appointment.agenda])
    return rows


def _email_client(appointment: Appointment, *, event_name: str, sentence: str, method: str):
    client = appointment.client
    if not may_email(client):
        return
    short = {"day": date_format(appointment.date, "l j F")}
    subjects = {
        "appointment_booked": _("Appointment with your careers adviser: %(day)s") % short,
        "appointment_changed": _("Your careers appointment has changed: %(day)s") % short,
        "appointment_cancelled": _("Cancelled: your careers appointment on %(day)s") % short,
    }
    notification, created = Notification.objects.get_or_create(
        user=client,
        kind=Notification.Kind.ADVISER,
        # The sequence makes each version its own email (the key is per object and day).
        object_type=f"appointment_{appointment.sequence}",
        object_id=appointment.pk,
        due_on=timezone.localdate(),
        defaults={
            "subject": subjects[event_name],
            "context": {
                "event": event_name,
                "sentence": sentence % {"name": quoted_name(appointment.adviser)},
                "path": reverse("debrief:together"),
                "details": details(appointment),
                "invitation": invitation(appointment, method=method),
                "method": method,
            },
        },
    )
    if created:
        transaction.on_commit(lambda: notify.enqueue(notification.pk))


def holding_time() -> Q:
    """The appointments that hold their adviser's time, as the exclusion constraint counts
    them (migration group_sessions): a live one-to-one, and the one seat of a group session
    that holds the session's time."""
    return Q(group_session__isnull=True, cancelled_at__isnull=True) | Q(holds_slot=True)


def clashes(appointment: Appointment) -> Appointment | None:
    """Another appointment holding the same adviser's time overlapping this one (the seats of
    this one's own group session aside): the form says so before the database's exclusion
    constraint would refuse it."""
    if appointment.starts_at is None or appointment.is_cancelled:
        return None
    starts, ends = appointment.starts_at, appointment.ends_at
    same_days = (
        Appointment.objects.filter(holding_time())
        .filter(
            adviser_id=appointment.adviser_id,
            time__isnull=False,
            date__gte=appointment.date - datetime.timedelta(days=1),
            date__lte=appointment.date + datetime.timedelta(days=1),
        )
        .exclude(pk=appointment.pk)
        .select_related("client")
    )
    if appointment.group_session_id is not None:
        same_days = same_days.exclude(group_session_id=appointment.group_session_id)
    return next((o for o in same_days if o.starts_at < ends and starts < o.ends_at), None)


def is_coming(appointment: Appointment) -> bool:
    return appointment.starts_at is not None and appointment.starts_at > timezone.now()


def appointment_book(*, appointment: Appointment) -> Appointment:
    """Save a new appointment (adviser, client and fields set by the form). A coming one is sent
    to the client with its invitation; a past meeting recorded afterwards is only noted."""
    with transaction.atomic():
        appointment.save()
        if is_coming(appointment):
            _email_client(
                appointment,
                event_name="appointment_booked",
                sentence=_(
                    "An adviser, %(name)s, has booked an appointment with you. Add it to your "
                    "calendar with the invitation attached, and tell them if the time does not "
                    "suit you."
                ),
                method="REQUEST",
            )
        else:
            notify.appointment_recorded(appointment)
    return appointment


def appointment_change(*, appointment: Appointment, changed: set[str]) -> Appointment:
    """Save the adviser's edit. A change to what the client was sent raises the sequence, asks
    the client to answer again and sends the new version; an edit of what was agreed does not."""
    if appointment.is_cancelled:
        raise AppointmentError(_("This appointment was cancelled: book a new one instead."))
    if appointment.group_session_id is not None and changed & SENT_FIELDS:
        # One seat moved alone would leave the session's time held at the old hour.
        raise AppointmentError(
            _("It is a seat in a group session: cancel this seat and book a one-to-one instead.")
        )
    with transaction.atomic():
        if changed & SENT_FIELDS and is_coming(appointment):
            appointment.sequence += 1
            appointment.response = Appointment.Response.NONE
            appointment.response_note = ""
            appointment.responded_at = None
            appointment.save()
            _email_client(
                appointment,
                event_name="appointment_changed",
                sentence=_(
                    "An adviser, %(name)s, has changed your appointment. Your calendar updates "
                    "with the invitation attached; please answer again."
                ),
                method="REQUEST",
            )
        else:
            appointment.save()
    return appointment


def appointment_cancel(*, appointment: Appointment) -> Appointment:
    with transaction.atomic():
        appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
        if appointment.is_cancelled:
            raise AppointmentError(_("It is cancelled already."))
        coming = is_coming(appointment)
        appointment.cancelled_at = timezone.now()
        appointment.sequence += 1
        appointment.save(update_fields=["cancelled_at", "sequence", "updated_at"])
        if appointment.group_session_id is not None:
            release_when_every_seat_is_cancelled(appointment.group_session_id)
        if coming:
            _email_client(
                appointment,
                event_name="appointment_cancelled",
                sentence=_(
                    "An adviser, %(name)s, has cancelled your appointment. The invitation "
                    "attached removes it from your calendar."
                ),
                method="CANCEL",
            )
    return appointment


def release_when_every_seat_is_cancelled(group_session_id: int) -> None:
    """The seat holding a group session's time keeps it, cancelled or not, while any seat is
    live (the session still happens); once none is, the time is the adviser's again."""
    seats = Appointment.objects.filter(group_session_id=group_session_id)
    if not seats.live().exists():
        seats.filter(holds_slot=True).update(holds_slot=False)


def appointment_respond(
    *, appointment: Appointment, client: User, response: str, note: str = ""
) -> Appointment:
    """The client's answer, shown to the adviser on the client's page and in their diary; an
    answer to a cancelled or past appointment changes nothing."""
    if response not in Appointment.Response.values or response == Appointment.Response.NONE:
        raise AppointmentError(_("Choose accept, decline or ask to rearrange."))
    with transaction.atomic():
        appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
        if appointment.client_id != client.pk:
            raise AppointmentError(_("Only the client can answer."))
        if appointment.is_cancelled:
            raise AppointmentError(_("This appointment was cancelled."))
        if not is_coming(appointment):
            raise AppointmentError(_("This appointment has passed."))
        appointment.response = response
        appointment.response_note = (
            note.strip() if response == Appointment.Response.REARRANGE else ""
        )
        appointment.responded_at = timezone.now()
        appointment.save(update_fields=["response", "response_note", "responded_at", "updated_at"])
        notify.appointment_answered(appointment)
    return appointment
