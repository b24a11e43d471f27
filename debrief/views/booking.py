"""Self-booking, three sides: the service admin's policy, the adviser's weekly hours, and the
client's booking of a free slot (one click) and cancelling with notice."""

import datetime
import itertools

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from debrief.models import Appointment, Availability, BookingPolicy, Organisation
from debrief.services import booking
from debrief.views.adviser import adviser_required
from debrief.views.service import service_admin_required

# --- The service's policy -----------------------------------------------------------------------


class PolicyForm(forms.ModelForm):
    class Meta:
        model = BookingPolicy
        fields = ["self_booking", "max_bookings", "per_days", "cancel_notice_hours"]

    def clean(self):
        cleaned = super().clean()
        for field, low, high in (
            ("max_bookings", 1, 50),
            ("per_days", 1, 366),
            ("cancel_notice_hours", 0, 24 * 14),
        ):
            value = cleaned.get(field)
            if value is not None and not low <= value <= high:
                self.add_error(
                    field, _("Choose from %(low)s to %(high)s.") % {"low": low, "high": high}
                )
        return cleaned


@require_http_methods(["GET", "HEAD", "POST"])
@service_admin_required
def service_booking(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    policy = BookingPolicy.objects.filter(organisation=organisation).first() or BookingPolicy(
        organisation=organisation
    )
    form = PolicyForm(request.POST or None, instance=policy)
    if form.is_valid():
        form.save()
        messages.success(request, _("Booking settings saved."))
        return redirect("debrief:service-booking")
    return render(
        request, "debrief/service_booking.html", {"form": form, "organisation": organisation}
    )


# --- The adviser's hours ------------------------------------------------------------------------


class AvailabilityForm(forms.ModelForm):
    class Meta:
        model = Availability
        fields = ["weekday", "starts", "ends", "slot_minutes", "place", "address", "video_link"]
        widgets = {
            "starts": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "ends": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }
        help_texts = {"starts": gettext_lazy("UK time."), "ends": gettext_lazy("UK time.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = [
            c for c in self.fields["place"].choices if c[0] != Appointment.Place.PHONE
        ]


@require_http_methods(["GET", "HEAD", "POST"])
@adviser_required
def availability(request: HttpRequest) -> HttpResponse:
    form = AvailabilityForm(request.POST or None, instance=Availability(adviser=request.user))
    if form.is_valid():
        form.save()
        messages.success(
            request, _("Hours published. Your clients can book them if your service allows.")
        )
        return redirect("debrief:adviser-availability")
    return render(
        request,
        "debrief/adviser_availability.html",
        {
            "form": form,
            "windows": list(Availability.objects.filter(adviser=request.user)),
            "policy": booking.policy_of(request.user),
        },
    )


@require_POST
@adviser_required
def availability_delete(request: HttpRequest, pk: int) -> HttpResponse:
    get_object_or_404(Availability.objects.filter(adviser=request.user), pk=pk).delete()
    messages.success(request, _("Those hours are no longer offered. Booked appointments stay."))
    return redirect("debrief:adviser-availability")


# --- The client's booking -----------------------------------------------------------------------


def by_day(slots: list[booking.Slot]) -> list[tuple[datetime.date, list[booking.Slot]]]:
    return [
        (day, list(group))
        for day, group in itertools.groupby(slots, key=lambda slot: slot.starts.date())
    ]


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def book(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        adviser_id, _ignored, starts = request.POST.get("slot", "").partition("|")
        try:
            moment = datetime.datetime.fromisoformat(starts)
            if moment.tzinfo is None or not adviser_id.isdigit():
                raise ValueError
            appointment = booking.book(
                client=request.user, adviser_id=int(adviser_id), starts=moment
            )
        except ValueError as error:
            message = str(error) if isinstance(error, booking.BookingError) else ""
            messages.error(request, message or _("Choose one of the times shown."))
            return redirect("debrief:together-book")
        messages.success(
            request,
            _("Booked: %(kind)s on %(date)s at %(time)s. The invitation is on its way to you.")
            % {
                "kind": appointment.get_kind_display().lower(),
                "date": date_format(appointment.date, "l j F"),
                "time": f"{appointment.time:%H:%M}",
            },
        )
        return redirect("debrief:together")
    now = timezone.now()
    advisers = booking.bookable_advisers(request.user)
    return render(
        request,
        "debrief/together_book.html",
        {
            "offers": [
                (adviser, by_day(booking.free_slots(adviser=adviser, now=now)))
                for adviser in advisers
            ],
            "days_ahead": booking.DAYS_AHEAD,
        },
    )


@require_POST
@login_required
def client_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    appointment = get_object_or_404(
        Appointment.objects.filter(client=request.user).select_related("adviser__membership"),
        pk=pk,
    )
    try:
        booking.client_cancel(appointment=appointment, client=request.user)
    except booking.BookingError as error:
        messages.error(request, _("Nothing changed: %(reason)s") % {"reason": error})
    else:
        messages.success(request, _("Appointment cancelled. Your adviser is told."))
    return redirect("debrief:together")


urlpatterns = [
    path("service/booking/", service_booking, name="service-booking"),
    path("adviser/availability/", availability, name="adviser-availability"),
    path(
        "adviser/availability/<int:pk>/delete/",
        availability_delete,
        name="adviser-availability-delete",
    ),
    path("together/book/", book, name="together-book"),
    path("together/appointments/<int:pk>/cancel/", client_cancel, name="appointment-cancel"),
]
