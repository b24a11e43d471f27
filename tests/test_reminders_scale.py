"""The scheduler's pass is set-based: a fixed number of queries per batch of users, whatever
their records hold and however many reminders they are owed."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from debrief.models import FeedbackRequest, Notification
from debrief.services import reminders
from tests.factories import (
    make_action_item,
    make_application,
    make_feedback_request,
    make_interview,
    make_user,
)
from tests.reminder_helpers import at

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2026, 12, 7)
PASS = at("2026-12-07 18:00")
BATCH = 4


def record(user, size: int) -> None:
    """`size` of everything each kind looks at, all due at the pass."""
    for n in range(size):
        application = make_application(user, employer=f"Employer {n}")
        make_interview(application, scheduled_at=at("2026-12-08 10:00"))  # tomorrow
        make_interview(application, scheduled_at=at("2026-12-06 10:00"))  # no debrief
        make_feedback_request(
            make_interview(application, scheduled_at=at("2026-11-20 10:00")),
            status=FeedbackRequest.Status.REQUESTED,
            requested_on=MONDAY - datetime.timedelta(days=7),
            follow_up_due=MONDAY,
        )
        make_application(user, date_applied=MONDAY - datetime.timedelta(days=30))
        make_action_item(user, f"Action {n}", due_date=MONDAY)


def queries_of_a_pass() -> int:
    with CaptureQueriesContext(connection) as captured:
        reminders.plan(PASS, batch_size=BATCH)
    return len(captured)


def users(count: int, size: int, start: int = 0):
    made = [make_user(f"u{start + n}@example.com", f"User {n}") for n in range(count)]
    for user in made:
        record(user, size)
    return made


def test_one_batch_costs_the_same_queries_for_small_and_large_records(clock):
    clock.move_to(at("2026-11-20 12:00"))
    users(BATCH, 1)
    small = queries_of_a_pass()
    assert Notification.objects.count() == BATCH * 5  # one of each kind
    Notification.objects.all().delete()
    for user in list(reminders.recipients()):
        record(user, 6)
    large = queries_of_a_pass()
    assert Notification.objects.count() == BATCH * (7 * 4 + 1)  # 7 of four kinds + a digest
    assert small == large
    # 26: one more than before issue 19 for the appointments of tomorrow (one query a batch).
    assert large <= 26


def test_each_further_batch_adds_the_same_fixed_number_of_queries(clock):
    clock.move_to(at("2026-11-20 12:00"))
    users(BATCH, 1)
    one_batch = queries_of_a_pass()
    Notification.objects.all().delete()
    users(BATCH, 2, start=100)
    two_batches = queries_of_a_pass()
    Notification.objects.all().delete()
    users(BATCH, 3, start=200)
    three_batches = queries_of_a_pass()
    assert two_batches - one_batch == three_batches - two_batches
    # 21: one more than before issue 19 for the appointments of tomorrow (one query a batch).
    assert two_batches - one_batch <= 21
