"""The adviser's diary (a week, or the coming weeks as a list) and the brief before an
appointment. No JavaScript: the week moves by links; the brief is a printable page, and reading
it is written to the client's access log (through `client_for_adviser`)."""

import datetime

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from debrief.models import Appointment
from debrief.services import appointments, diary
from debrief.views.adviser import CLIENT, adviser_required, client_for_adviser
from debrief.views.client_record import render_record


def chosen_monday(request: HttpRequest, today: datetime.date) -> datetime.date:
    """?week=YYYY-MM-DD (any day of it); anything else: this week."""
    try:
        day = datetime.date.fromisoformat(request.GET.get("week", ""))
    except ValueError:
        day = today
    if abs((day - today).days) > 2 * 366:
        day = today
    return diary.week_start(day)


@require_safe
@adviser_required
def diary_page(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    as_list = request.GET.get("view") == "list"
    context = {"today": today, "as_list": as_list, "list_days": diary.LIST_DAYS}
    if as_list:
        context["appointments"] = diary.coming(adviser=request.user, today=today)
    else:
        monday = chosen_monday(request, today)
        context.update(
            monday=monday,
            sunday=monday + datetime.timedelta(days=6),
            days=diary.week(adviser=request.user, monday=monday, today=today),
            previous=monday - datetime.timedelta(days=7),
            next=monday + datetime.timedelta(days=7),
        )
    return render(request, "debrief/adviser_diary.html", context)


@require_safe
@adviser_required
def appointment_brief(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    client, appointment = client_for_adviser(
        request,
        client_id,
        viewed=gettext_lazy("Brief before the appointment: {}"),
        item=lambda client: get_object_or_404(
            Appointment.objects.filter(adviser=request.user, client=client), pk=pk
        ),
    )
    return render_record(
        request,
        client,
        "debrief/appointment_brief.html",
        {
            "appointment": appointment,
            "when": appointments.when(appointment),
            **diary.brief(client=client, adviser=request.user, now=timezone.now()),
        },
    )


urlpatterns = [
    path("adviser/diary/", diary_page, name="adviser-diary"),
    path(f"{CLIENT}/appointments/<int:pk>/brief/", appointment_brief, name="adviser-brief"),
]
