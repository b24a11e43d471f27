"""Feedback requests: one-click updates and the button that fits the day."""

import datetime

import pytest

from debrief.models import FeedbackRequest
from tests.factories import (
    make_action_item,
    make_feedback_request,
)
from tests.feedback.helpers import TODAY, Status, textarea_ids, url

pytestmark = [pytest.mark.django_db, pytest.mark.frozen_at("2026-03-16 10:00:00+00:00")]


def test_i_sent_it_today_starts_the_week_of_waiting(owner_client, interview, clock):
    feedback = make_feedback_request(interview, status=Status.NOT_SENT)
    response = owner_client.post(url("feedback-sent", feedback.pk))
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert (feedback.status, feedback.requested_on) == (Status.REQUESTED, TODAY)
    assert feedback.follow_up_due == datetime.date(2026, 3, 23)


def test_i_followed_up_today_moves_the_next_nudge_a_week_on(owner_client, requested, clock):
    owner_client.post(url("feedback-followed-up", requested.pk))
    requested.refresh_from_db()
    assert requested.status == Status.FOLLOWED_UP
    assert requested.follow_up_due == datetime.date(2026, 3, 23)


def test_mark_as_no_response_offers_the_subject_access_request(owner_client, requested):
    response = owner_client.post(url("feedback-no-response", requested.pk), follow=True)
    requested.refresh_from_db()
    assert requested.status == Status.NO_RESPONSE
    assert requested.outcome == FeedbackRequest.Outcome.NO_ANSWER
    assert "draft-sar" in textarea_ids(response.text)


def test_a_quick_action_that_no_longer_applies_changes_nothing(owner_client, requested):
    response = owner_client.post(url("feedback-sent", requested.pk), follow=True)
    assert "nothing was changed" in response.text
    requested.refresh_from_db()
    assert requested.requested_on == datetime.date(2026, 3, 12)


def test_quick_actions_need_post(owner_client, requested):
    assert owner_client.get(url("feedback-followed-up", requested.pk)).status_code == 405


def test_it_deletes_a_request_after_confirmation(owner_client, requested):
    item = make_action_item(requested.interview.owner, feedback_request=requested)
    confirm = owner_client.get(url("feedback-delete", requested.pk))
    assert confirm.status_code == 200
    assert "Delete this feedback request?" in confirm.text
    response = owner_client.post(url("feedback-delete", requested.pk))
    assert response.url == url("interview-detail", requested.interview_id)
    assert not FeedbackRequest.objects.exists()
    item.refresh_from_db()
    assert item.feedback_request is None


def test_the_main_button_is_the_reminder_only_once_it_is_due(owner_client, requested, clock):
    clock.move_to(datetime.datetime(2026, 3, 14, 10, tzinfo=datetime.UTC))
    page = owner_client.get(url("feedback-detail", requested.pk)).text
    assert 'class="btn btn-primary" href="/feedback/' in page  # their answer, not yet a reminder
    clock.move_to(datetime.datetime(2026, 3, 19, 10, tzinfo=datetime.UTC))
    page = owner_client.get(url("feedback-detail", requested.pk)).text
    assert 'class="btn btn-primary">I followed up today' in page
