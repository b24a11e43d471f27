"""The adviser's diary (their appointments across clients, by week or as a list) and the
one-page brief before an appointment, read from the client's record.

The diary is one query whatever the number of clients; it shows appointments with the people who
share their record with the adviser now (a client who stopped sharing leaves it, as they leave
the caseload). The brief is a fixed handful of queries, each list capped.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from debrief.models import (
    ActionItem,
    ActionSuggestion,
    Appointment,
    Debrief,
    FeedbackRequest,
    Interview,
    User,
)
from debrief.services.needs_attention import UNSENT_AFTER

LIST_DAYS = 56
BRIEF_ITEMS = 5


def week_start(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


@dataclass(frozen=True)
class DiaryDay:
    date: datetime.date
    appointments: list[Appointment]
    is_today: bool


def appointments_of(adviser: User):
    return (
        Appointment.objects.filter(adviser=adviser, client__in=User.objects.clients_of(adviser))
        .select_related("client")
        .order_by("date", "time", "pk")
    )


def week(*, adviser: User, monday: datetime.date, today: datetime.date) -> list[DiaryDay]:
    days = [monday + datetime.timedelta(days=n) for n in range(7)]
    found = list(appointments_of(adviser).filter(date__gte=days[0], date__lte=days[-1]))
    return [DiaryDay(day, [a for a in found if a.date == day], day == today) for day in days]


def coming(*, adviser: User, today: datetime.date) -> list[Appointment]:
    """The next LIST_DAYS days' appointments, cancelled ones included (marked)."""
    return list(
        appointments_of(adviser).filter(
            date__gte=today, date__lte=today + datetime.timedelta(days=LIST_DAYS)
        )
    )


def brief(*, client: User, adviser: User, now: datetime.datetime) -> dict:
    """What to know before meeting this client, from their record."""
    today = timezone.localdate(now)
    return {
        "debriefs": list(
            Debrief.objects.filter(interview__owner=client)
            .select_related("interview__application")
            .order_by("-created_at")[:BRIEF_ITEMS]
        ),
        "stuck_requests": list(
            FeedbackRequest.objects.filter(owner=client)
            .filter(
                Q(status=FeedbackRequest.Status.NOT_SENT, created_at__lte=now - UNSENT_AFTER)
                | Q(
                    status__in=FeedbackRequest.Status.awaiting_reply(),
                    follow_up_due__lt=today,
                )
            )
            .select_related("interview__application")
            .order_by("created_at")[:BRIEF_ITEMS]
        ),
        "open_actions": list(
            ActionItem.objects.filter(owner=client, status=ActionItem.Status.OPEN).order_by(
                "due_date", "pk"
            )[:BRIEF_ITEMS]
        ),
        "suggested": list(
            ActionSuggestion.objects.filter(client=client, adviser=adviser).pending()[:BRIEF_ITEMS]
        ),
        "upcoming": list(
            Interview.objects.filter(
                owner=client, scheduled_at__gt=now, outcome=Interview.Outcome.AWAITING
            )
            .select_related("application")
            .order_by("scheduled_at")[:BRIEF_ITEMS]
        ),
        "today": today,
    }
