"""A model's own state changes are its methods: each checks where it starts from under a row lock,
so a stale copy or a second click changes nothing; and "follow-up overdue" is one rule."""

import datetime
import itertools

import pytest

from debrief.models import ActionItem, FeedbackRequest
from tests.factories import (
    make_action_item,
    make_application,
    make_feedback_request,
    make_interview,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

Status = FeedbackRequest.Status
DAY = datetime.date(2026, 11, 20)
WEEK = datetime.timedelta(days=7)


@pytest.fixture
def interview(owner):
    return make_interview(make_application(owner))


def request_in(interview, status, **fields) -> FeedbackRequest:
    if status != Status.NOT_SENT:
        fields.setdefault("requested_on", DAY - WEEK)
    if status == Status.RECEIVED:
        fields.setdefault("received_on", DAY)
    return make_feedback_request(interview, status=status, **fields)


# --- Feedback requests ------------------------------------------------------------------------


def test_it_marks_a_request_sent_and_starts_a_week_of_waiting(interview):
    feedback = request_in(interview, Status.NOT_SENT)

    assert feedback.mark_sent(DAY) is True

    feedback.refresh_from_db()
    assert (feedback.status, feedback.requested_on, feedback.follow_up_due) == (
        Status.REQUESTED,
        DAY,
        DAY + WEEK,
    )


def test_it_marks_a_follow_up_and_keeps_the_day_first_asked(interview):
    feedback = request_in(interview, Status.REQUESTED, requested_on=DAY - WEEK)

    assert feedback.mark_followed_up(DAY) is True

    feedback.refresh_from_db()
    assert (feedback.status, feedback.requested_on, feedback.follow_up_due) == (
        Status.FOLLOWED_UP,
        DAY - WEEK,
        DAY + WEEK,
    )


def test_it_marks_no_response_with_no_answer_as_the_outcome(interview):
    feedback = request_in(interview, Status.FOLLOWED_UP)

    assert feedback.mark_no_response(DAY) is True

    feedback.refresh_from_db()
    assert (feedback.status, feedback.outcome) == (Status.NO_RESPONSE, "no_answer")


@pytest.mark.parametrize(
    ("status", "change"),
    [
        (Status.REQUESTED, "mark_sent"),
        (Status.RECEIVED, "mark_sent"),
        (Status.NOT_SENT, "mark_followed_up"),
        (Status.RECEIVED, "mark_followed_up"),
        (Status.NO_RESPONSE, "mark_no_response"),
        (Status.DECLINED, "mark_no_response"),
    ],
)
def test_a_change_that_does_not_apply_changes_nothing(interview, status, change):
    feedback = request_in(interview, status)
    before = FeedbackRequest.objects.values().get(pk=feedback.pk)

    assert getattr(feedback, change)(DAY) is False

    assert FeedbackRequest.objects.values().get(pk=feedback.pk) == before


def test_a_stale_copy_cannot_send_a_request_twice(interview):
    feedback = request_in(interview, Status.NOT_SENT)
    stale = FeedbackRequest.objects.get(pk=feedback.pk)
    feedback.mark_sent(DAY)
    feedback.mark_followed_up(DAY + WEEK)

    # The copy still says "not sent"; the row says "followed up", and stays so.
    assert stale.mark_sent(DAY + WEEK) is False
    feedback.refresh_from_db()
    assert (feedback.status, feedback.follow_up_due) == (Status.FOLLOWED_UP, DAY + 2 * WEEK)


# --- Action items -------------------------------------------------------------------------------


def test_an_action_is_done_on_a_day_and_reopened_without_one(owner):
    item = make_action_item(owner)

    assert item.mark_done(DAY) is True
    item.refresh_from_db()
    assert (item.status, item.completed_on) == (ActionItem.Status.DONE, DAY)

    assert item.reopen() is True
    item.refresh_from_db()
    assert (item.status, item.completed_on) == (ActionItem.Status.OPEN, None)


def test_a_second_done_keeps_the_first_day(owner):
    item = make_action_item(owner)
    stale = ActionItem.objects.get(pk=item.pk)
    item.mark_done(DAY)

    assert stale.mark_done(DAY + WEEK) is False
    assert (stale.status, stale.completed_on) == (ActionItem.Status.DONE, DAY)
    item.refresh_from_db()
    assert item.completed_on == DAY


def test_reopening_an_open_action_changes_nothing(owner):
    item = make_action_item(owner)
    assert item.reopen() is False
    item.refresh_from_db()
    assert item.status == ActionItem.Status.OPEN


# --- One rule for "follow-up overdue" -----------------------------------------------------------


def test_the_queryset_and_the_instance_agree_on_which_follow_ups_are_overdue(interview):
    dues = [None, DAY - datetime.timedelta(days=1), DAY, DAY + datetime.timedelta(days=1)]
    for status, due in itertools.product(Status.values, dues):
        # One open request per interview: each on an interview of its own.
        request_in(make_interview(interview.application), status, follow_up_due=due or None)

    overdue = set(FeedbackRequest.objects.follow_up_overdue(DAY).values_list("pk", flat=True))

    expected = {r.pk for r in FeedbackRequest.objects.all() if r.is_overdue(DAY)}
    assert overdue == expected
    # Awaiting a reply (requested or followed up) and due before today: two of the 24.
    assert len(overdue) == 2
    assert {r.status for r in FeedbackRequest.objects.filter(pk__in=overdue)} == {
        Status.REQUESTED,
        Status.FOLLOWED_UP,
    }


def test_the_dashboard_and_the_list_count_the_same_overdue_follow_ups(owner_client, interview):
    today = datetime.date(2026, 11, 25)  # the clock's day
    for days in (-3, -1, 0, 2):
        request_in(
            make_interview(interview.application),  # one open request per interview
            Status.REQUESTED,
            requested_on=today - WEEK,
            follow_up_due=today + datetime.timedelta(days=days),
        )
    request_in(interview, Status.RECEIVED, requested_on=today - WEEK, follow_up_due=today - WEEK)

    assert FeedbackRequest.objects.follow_up_overdue(today).count() == 2
    dashboard = owner_client.get("/dashboard/").content.decode()
    assert "<strong>2 overdue.</strong>" in dashboard
    feedback_list = owner_client.get("/feedback/").content.decode()
    assert feedback_list.count('<span class="badge badge-status status-overdue">Overdue') == 2
    dashboard_badges = dashboard.count('<span class="badge badge-status status-overdue">Overdue')
    assert dashboard_badges == 2
