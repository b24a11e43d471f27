"""A gentle word, never a tally: after three "no"s in a row, or a month with no reply to a
feedback request, the next steps after a "no" say it is business, not personal, and suggest
talking to an adviser; no count of rejections is shown."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from debrief.models import Application, FeedbackRequest, Interview, User
from tests.factories import (
    grant_access,
    make_application,
    make_feedback_request,
    make_interview,
    make_user,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.frozen_at("2026-11-20 12:00:00+00:00"),
    pytest.mark.usefixtures("clock"),
]


def rejected(owner, employer, days_ago):
    application = make_application(owner, employer=employer, date_applied=datetime.date(2026, 9, 1))
    interview = make_interview(
        application,
        scheduled_at=timezone.now() - datetime.timedelta(days=days_ago + 1),
        outcome=Interview.Outcome.REJECTED,
        outcome_date=timezone.localdate() - datetime.timedelta(days=days_ago),
    )
    application.change_status(Application.Status.REJECTED)
    return interview


def steps(client, interview):
    url = reverse("debrief:application-next-steps", args=[interview.application_id])
    return client.get(url).text


def test_three_nos_in_a_row_bring_a_gentle_word_without_a_count(owner_client, owner):
    rejected(owner, "Acme", 20)
    second = rejected(owner, "Beta", 10)
    assert "A hard run" not in steps(owner_client, second)
    third = rejected(owner, "Gamma", 1)
    page = steps(owner_client, third)
    assert "A hard run — and still not personal" in page
    assert "business decision about a role, not a verdict on you" in page
    assert "If you have a careers adviser, now is a good time to talk to them." in page
    assert not re.search(r"\b3\b[^<]*(no|rejection)", page)


def test_a_yes_in_between_breaks_the_run(owner_client, owner):
    rejected(owner, "Acme", 20)
    offer = make_interview(
        make_application(owner, employer="Beta"),
        scheduled_at=timezone.now() - datetime.timedelta(days=12),
        outcome=Interview.Outcome.PROGRESSED,
        outcome_date=timezone.localdate() - datetime.timedelta(days=10),
    )
    assert offer
    third = rejected(owner, "Gamma", 1)
    assert "A hard run" not in steps(owner_client, third)


def test_a_month_of_silence_is_not_a_verdict_and_an_adviser_is_named(owner_client, owner):
    adviser = make_user("ada@example.com", "Ada Adviser", role=User.Role.ADVISER)
    grant_access(owner, adviser)
    earlier = rejected(owner, "Acme", 40)
    make_feedback_request(
        earlier,
        status=FeedbackRequest.Status.REQUESTED,
        requested_on=timezone.localdate() - datetime.timedelta(days=31),
    )
    latest = rejected(owner, "Beta", 1)
    page = steps(owner_client, latest)
    assert "Silence is not a verdict" in page
    assert "Your adviser can see your record" in page
