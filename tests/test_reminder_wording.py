"""A follow-up reminder says "A week has passed" only when about a week has: a follow-up date
the person moved says the time it really was."""

import datetime

import pytest
from django.core import mail

from debrief.models import FeedbackRequest
from tests.factories import make_application, make_feedback_request, make_interview
from tests.reminder_helpers import at, scheduler_pass_and_worker

pytestmark = pytest.mark.django_db(transaction=True)

DUE = datetime.date(2026, 12, 8)


@pytest.mark.parametrize(
    ("asked_days_before", "words"),
    [
        (7, "A week has passed since you asked"),
        (3, "3 days have passed since you asked"),
        (14, "2 weeks have passed since you asked"),
        (10, "10 days have passed since you asked"),
    ],
)
def test_it_says_how_long_it_really_was(owner, clock, asked_days_before, words):
    clock.move_to(at("2026-11-20 12:00"))
    interview = make_interview(make_application(owner), scheduled_at=at("2026-11-18 10:00"))
    make_feedback_request(
        interview,
        status=FeedbackRequest.Status.REQUESTED,
        requested_on=DUE - datetime.timedelta(days=asked_days_before),
        follow_up_due=DUE,
    )
    scheduler_pass_and_worker(clock, at("2026-12-08 09:00"))
    [email] = mail.outbox
    assert words in email.body
    assert words in email.alternatives[0][0]
