"""Clients booking themselves into their advisers' published hours, where their careers service
allows it (BookingPolicy): the free slots, booking one (the database refuses a double booking;
the loser of a race is told plainly), the service's limit on bookings, and cancelling with the
service's notice.
"""

import datetime
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from debrief.models import AdviserAccess, Appointment, Availability, BookingPolicy, User
from debrief.services import appointments, notify

DAYS_AHEAD = 14
# Marked here, translated where it is raised: the constant stays the English words.
TAKEN = gettext_noop("Someone has just booked that time. Choose another one.")


class BookingError(ValueError):
    """Said to the client; nothing is booked or cancelled."""


@dataclass(frozen=True)
class Slot:
    adviser: User
    starts: datetime.datetime
    minutes: int

    @property
    def value(self) -> str:
        return f"{self.adviser.pk}|{self.starts.isoformat()}"


def uk() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def policy_of(adviser: User) -> BookingPolicy | None:
    membership = getattr(adviser, "current_membership", None)
    if membership is None:
        return None
    policy = BookingPolicy.objects.filter(organisation_id=membership.organisation_id).first()
    return policy if policy and policy.self_booking else None


def bookable_advisers(client: User) -> list[User]:
    """The client's advisers (active consent) whose service lets clients book."""
    advisers = [
        access.adviser
        for access in AdviserAccess.objects.active()
        .filter(client=client)
        .select_related("adviser__membership")
    ]
    return [adviser for adviser in advisers if policy_of(adviser) and adviser.may_act_as_adviser]


def free_slots(*, adviser: User, now: datetime.datetime) -> list[Slot]:
    """The adviser's published slots in the next DAYS_AHEAD days not yet taken."""
    today = timezone.localdate(now)
    last = today + datetime.timedelta(days=DAYS_AHEAD)
    windows = list(Availability.objects.filter(adviser=adviser))
    busy = [
        (a.starts_at, a.ends_at)
        for a in Appointment.objects.live().filter(
            adviser=adviser, date__gte=today, date__lte=last, time__isnull=False
        )
    ]
    found = []
    for offset in range(DAYS_AHEAD + 1):
        day = today + datetime.timedelta(days=offset)
        for window in windows:
            if window.weekday != day.weekday():
                continue
            for at in window.slots(day):
                starts = datetime.datetime.combine(day, at, tzinfo=uk())
                ends = starts + datetime.timedelta(minutes=window.slot_minutes)
                if starts <= now or any(s < ends and starts < e for s, e in busy):
                    continue
                found.append(Slot(adviser, starts, window.slot_minutes))
    return sorted(found, key=lambda slot: slot.starts)


def window_for(adviser: User, starts: datetime.datetime) -> Availability | None:
    local = starts.astimezone(uk())
    for window in Availability.objects.filter(adviser=adviser, weekday=local.weekday()):
        if local.time() in window.slots(local.date()):
            return window
    return None


def book(*, client: User, adviser_id: int, starts: datetime.datetime) -> Appointment:
    """Book the slot for the client. The exclusion constraint decides a race."""
    adviser = next((a for a in bookable_advisers(client) if a.pk == adviser_id), None)
    if adviser is None:
        raise BookingError(_("You cannot book with this adviser."))
    if starts <= timezone.now():
        raise BookingError(_("That time has passed. Choose another one."))
    window = window_for(adviser, starts)
    if window is None:
        raise BookingError(_("That is not one of your adviser's published times."))
    policy = policy_of(adviser)
    since = timezone.now() - datetime.timedelta(days=policy.per_days)
    made = (
        Appointment.objects.live()
        .filter(client=client, booked_by_client=True, created_at__gte=since)
        .count()
    )
    if made >= policy.max_bookings:
        raise BookingError(
            _(
                "You have made %(made)s bookings in the last %(days)s days, the most your "
                "careers service allows. Ask your adviser if you need another."
            )
            % {"made": made, "days": policy.per_days}
        )
    local = starts.astimezone(uk())
    appointment = Appointment(
        adviser=adviser,
        client=client,
        date=local.date(),
        time=local.time(),
        length_minutes=window.slot_minutes,
        place=window.place,
        address=window.address,
        video_link=window.video_link,
        booked_by_client=True,
        # The client chose the time: their booking is their yes.
        response=Appointment.Response.ACCEPTED,
        responded_at=timezone.now(),
    )
    try:
        with transaction.atomic():
            appointments.appointment_book(appointment=appointment)
            notify.appointment_booked_by_client(appointment)
    except IntegrityError as error:
        raise BookingError(_(TAKEN)) from error
    return appointment


def client_cancel(*, appointment: Appointment, client: User) -> Appointment:
    """The client cancels their appointment, with the notice their service asks."""
    policy = policy_of(appointment.adviser)
    notice = datetime.timedelta(hours=policy.cancel_notice_hours if policy else 24)
    with transaction.atomic():
        appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
        if appointment.client_id != client.pk or appointment.is_cancelled:
            raise BookingError(
                _("This appointment is not yours to cancel, or is cancelled already.")
            )
        if appointment.starts_at is None or appointment.starts_at - timezone.now() < notice:
            raise BookingError(
                _("It starts in less than %(hours)s hours: contact your adviser to cancel.")
                % {"hours": int(notice.total_seconds() // 3600)}
            )
        appointment.cancelled_at = timezone.now()
        appointment.sequence += 1
        appointment.save(update_fields=["cancelled_at", "sequence", "updated_at"])
        if appointment.group_session_id is not None:
            appointments.release_when_every_seat_is_cancelled(appointment.group_session_id)
        notify.appointment_cancelled_by_client(appointment)
    return appointment
