"""Feedback requests: asking, with the request prefilled from the interview."""

import datetime

import pytest

from debrief.models import FeedbackRequest
from tests.feedback.helpers import Status, url

pytestmark = [pytest.mark.django_db, pytest.mark.frozen_at("2026-03-16 10:00:00+00:00")]


def test_it_prefills_the_request_from_the_interview(owner_client, interview, clock):
    response = owner_client.get(url("feedback-new", interview.pk))
    assert response.status_code == 200
    form = response.context["form"]
    assert form["channel"].value() == FeedbackRequest.Channel.EMAIL
    # Not sent until the user says so: follow-ups count only requests that went out.
    assert form["status"].value() == Status.NOT_SENT
    assert form["requested_on"].value() is None
    message = form["message"].value()
    assert "Data Analyst" in message
    assert "Globex" in message
    assert "second interview" in message
    assert "10 March 2026" in message
    assert "Olivia Owner" in message
    assert '<textarea name="message"' in response.text


def test_it_saves_a_request_and_sets_the_follow_up_a_week_later(owner_client, interview, clock):
    response = owner_client.post(
        url("feedback-new", interview.pk),
        {
            "contact_name": "Jo Bloggs",
            "contact_email": "jo@globex.example",
            "channel": "email",
            "status": "requested",
            "requested_on": "2026-03-16",
            "follow_up_due": "",
            "message": "Dear Jo, what would have made me a stronger candidate?",
        },
    )
    feedback = FeedbackRequest.objects.get()
    assert response.status_code == 302
    assert response.url == url("feedback-detail", feedback.pk)
    assert feedback.interview == interview
    assert feedback.follow_up_due == datetime.date(2026, 3, 23)
    assert feedback.message.startswith("Dear Jo")


def test_it_keeps_what_was_typed_when_the_request_is_invalid(owner_client, interview):
    response = owner_client.post(
        url("feedback-new", interview.pk),
        {
            "contact_name": "Jo Bloggs",
            "contact_email": "not-an-email",
            "channel": "email",
            "status": "requested",
            "requested_on": "",
            "message": "My own words",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "contact_email" in errors
    assert errors["requested_on"] == ["Give the date you asked for feedback."]
    assert "My own words" in response.text
    assert 'value="Jo Bloggs"' in response.text
    assert not FeedbackRequest.objects.exists()


def test_a_new_request_cannot_start_as_received(owner_client, interview):
    response = owner_client.post(
        url("feedback-new", interview.pk),
        {"channel": "email", "status": "received", "requested_on": "2026-03-16"},
    )
    assert response.status_code == 200
    assert "status" in response.context["form"].errors
    assert not FeedbackRequest.objects.exists()


def test_an_untouched_draft_greets_the_contact_named_in_the_form(owner_client, interview, clock):
    drafted = owner_client.get(url("feedback-new", interview.pk)).context["form"]["message"]
    owner_client.post(
        url("feedback-new", interview.pk),
        {
            "contact_name": "Jo Bloggs",
            "channel": "email",
            "status": "requested",
            "requested_on": "2026-03-16",
            # Browsers send a textarea back with CRLF line endings.
            "message": drafted.value().replace("\n", "\r\n"),
        },
    )
    message = FeedbackRequest.objects.get().message
    assert message.startswith("Dear Jo,")
    assert "Data Analyst role at Globex" in message
