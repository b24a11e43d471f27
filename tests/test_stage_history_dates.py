"""The stage history reads true: "Interviewing" is dated to the interview when it is entered
after the fact, not to the day it was typed in, nor to the day the "no" was recorded."""

import datetime

import pytest
from django.urls import reverse

from debrief.models import Application
from tests.factories import make_application

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.frozen_at("2026-11-20 12:00:00+00:00"),
    pytest.mark.usefixtures("clock"),
]


def history(application):
    return list(
        application.status_changes.order_by("changed_on", "id").values_list("status", "changed_on")
    )


def test_an_interview_entered_afterwards_dates_interviewing_to_the_interview(owner_client, owner):
    application = make_application(
        owner, employer="Globex", date_applied=datetime.date(2026, 11, 1)
    )
    application.status_changes.update(changed_on=datetime.date(2026, 11, 1))
    owner_client.post(
        reverse("debrief:interview-new", args=[application.pk]),
        {
            "stage": "first",
            "scheduled_at": "2026-11-12T10:00",
            "format": "video",
            "outcome": "awaiting",
        },
    )
    interview = application.interviews.get()
    owner_client.post(
        reverse("debrief:application-decision", args=[application.pk, "turned-down"]),
        {"interview": interview.pk, "decided_on": "2026-11-20"},
    )
    application.refresh_from_db()
    assert history(application) == [
        (Application.Status.APPLIED, datetime.date(2026, 11, 1)),
        (Application.Status.INTERVIEWING, datetime.date(2026, 11, 12)),
        (Application.Status.REJECTED, datetime.date(2026, 11, 20)),
    ]


def test_an_interview_still_to_come_dates_interviewing_to_today(owner_client, owner):
    application = make_application(
        owner, employer="Globex", date_applied=datetime.date(2026, 11, 1)
    )
    owner_client.post(
        reverse("debrief:interview-new", args=[application.pk]),
        {
            "stage": "first",
            "scheduled_at": "2026-11-27T10:00",
            "format": "video",
            "outcome": "awaiting",
        },
    )
    assert history(application)[-1] == (
        Application.Status.INTERVIEWING,
        datetime.date(2026, 11, 20),
    )
