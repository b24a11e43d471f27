"""Clients booking themselves (optional per careers service): the service's policy, and the
weekly hours each adviser publishes. The guarantee against double booking is the database's:
an exclusion constraint on each adviser's live appointments' time ranges (migration
`appointment_no_double_booking`), so two clients pressing "Book" on one slot at the same moment
get one appointment and one "just taken"."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from debrief.models.fields import limited_char_field
from debrief.models.notifications import Weekday
from debrief.models.organisations import Organisation
from debrief.models.together import AppointmentPlace


class BookingPolicy(models.Model):
    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, primary_key=True, related_name="booking_policy"
    )
    self_booking = models.BooleanField(
        _("Clients may book themselves"),
        default=False,
        help_text=_("Into the weekly hours each adviser publishes."),
    )
    max_bookings = models.PositiveSmallIntegerField(
        _("Bookings a client may make"), default=3, help_text=_("At most this many…")
    )
    per_days = models.PositiveSmallIntegerField(_("in this many days"), default=28)
    cancel_notice_hours = models.PositiveSmallIntegerField(
        _("Notice to cancel (hours)"),
        default=24,
        help_text=_("A client may cancel a booking up to this many hours before it starts."),
    )

    class Meta:
        verbose_name_plural = _("booking policies")
        constraints = [
            models.CheckConstraint(
                condition=Q(max_bookings__gte=1, max_bookings__lte=50, per_days__gte=1)
                & Q(per_days__lte=366, cancel_notice_hours__lte=24 * 14),
                name="bookingpolicy_plausible",
            ),
        ]

    def __str__(self) -> str:
        return f"Booking policy of {self.organisation_id}"


class Availability(models.Model):
    """A weekly window an adviser offers for clients to book, in slots of `slot_minutes`."""

    adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="availability"
    )
    weekday = models.PositiveSmallIntegerField(_("Day"), choices=Weekday)
    starts = models.TimeField(_("From"))
    ends = models.TimeField(_("Until"))
    slot_minutes = models.PositiveSmallIntegerField(
        _("Each appointment"),
        choices=[(n, format_lazy(_("{minutes} minutes"), minutes=n)) for n in (30, 45, 60)],
        default=45,
    )
    place = models.CharField(
        _("Where"), max_length=10, choices=AppointmentPlace, default="in_person"
    )
    address = limited_char_field(_("Address or room"), "availability", "address", blank=True)
    video_link = models.URLField(_("Video call link"), max_length=500, blank=True)

    class Meta:
        ordering = ["weekday", "starts"]
        verbose_name_plural = _("availability")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends__gt=F("starts")), name="availability_ends_after"
            ),
            models.CheckConstraint(
                condition=Q(weekday__gte=0, weekday__lte=6), name="availability_weekday_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.starts:%H:%M}–{self.ends:%H:%M}"

    def clean(self):
        super().clean()
        if self.starts and self.ends and self.ends <= self.starts:
            raise ValidationError({"ends": _("End after the start.")})
        if self.place == AppointmentPlace.VIDEO and not self.video_link.startswith("https://"):
            raise ValidationError({"video_link": _("Paste the call's https:// link.")})
        if self.place == AppointmentPlace.IN_PERSON and not self.address:
            raise ValidationError({"address": _("Say where you meet: an address or a room.")})
        if self.place == AppointmentPlace.PHONE:
            raise ValidationError({"place": _("For a call, the client gives their number: offer "
                                   "it in person or by video.")})  # fmt: skip

    def slots(self, day: datetime.date) -> list[datetime.time]:
        found, at = [], datetime.datetime.combine(day, self.starts)
        step = datetime.timedelta(minutes=self.slot_minutes)
        while (at + step).time() <= self.ends and at.date() == day:
            found.append(at.time())
            at += step
        return found
