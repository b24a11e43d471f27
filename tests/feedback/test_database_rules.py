"""Feedback requests: the rules the database keeps, and the form explains next to each field."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from debrief.models import FeedbackRequest
from tests.factories import (
    make_feedback_request,
)
from tests.feedback.helpers import TODAY, Status, answer_data, edit_data, url

pytestmark = [pytest.mark.django_db, pytest.mark.frozen_at("2026-03-16 10:00:00+00:00")]


def test_it_rejects_received_feedback_without_a_date_in_the_database(interview):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_feedback_request(interview, status=Status.RECEIVED, requested_on=TODAY)


def test_it_rejects_a_follow_up_before_the_request_in_the_database(interview):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_feedback_request(
            interview,
            requested_on=TODAY,
            follow_up_due=TODAY - datetime.timedelta(days=1),
        )


def test_it_rejects_an_unknown_reason_in_the_database(interview):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_feedback_request(interview, reasons=["bad_luck"])


@pytest.mark.parametrize(
    ("status", "outcome"),
    [
        (Status.RECEIVED, FeedbackRequest.Outcome.NO_ANSWER),
        (Status.RECEIVED, FeedbackRequest.Outcome.DECLINED),
        (Status.DECLINED, FeedbackRequest.Outcome.SPECIFIC),
        (Status.NO_RESPONSE, FeedbackRequest.Outcome.VAGUE),
    ],
)
def test_it_rejects_an_outcome_that_contradicts_the_status_in_the_database(
    interview, status, outcome
):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_feedback_request(
            interview, status=status, requested_on=TODAY, received_on=TODAY, outcome=outcome
        )


@pytest.mark.parametrize(
    ("status", "outcome"),
    [
        (Status.RECEIVED, FeedbackRequest.Outcome.SPECIFIC),
        (Status.RECEIVED, FeedbackRequest.Outcome.VAGUE),
        (Status.DECLINED, FeedbackRequest.Outcome.DECLINED),
        (Status.NO_RESPONSE, FeedbackRequest.Outcome.NO_ANSWER),
        (Status.NO_RESPONSE, ""),
    ],
)
def test_it_accepts_an_outcome_that_fits_the_status_or_none_yet(interview, status, outcome):
    make_feedback_request(
        interview, status=status, requested_on=TODAY, received_on=TODAY, outcome=outcome
    )


def test_the_model_says_the_outcome_contradicts_the_status_in_words(requested):
    requested.status, requested.received_on, requested.outcome = (
        Status.RECEIVED,
        TODAY,
        "",
    )
    with pytest.raises(ValidationError) as raised:
        requested.full_clean()
    assert raised.value.message_dict["outcome"] == [
        "Say whether their feedback was specific or vague."
    ]


def test_the_answer_form_says_it_needs_a_date_next_to_the_field(owner_client, requested):
    response = owner_client.post(
        url("feedback-answer", requested.pk),
        answer_data(received_on="", feedback_text="You lacked SQL."),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["received_on"] == ["This field is required."]
    assert "answer" not in response.context["form"].errors
    assert 'id="error_1_id_received_on"' in response.text
    assert "You lacked SQL." in response.text  # what was typed is kept
    requested.refresh_from_db()
    assert requested.status == Status.REQUESTED


def test_the_form_says_a_follow_up_cannot_be_due_before_the_request(owner_client, requested):
    response = owner_client.post(
        url("feedback-edit", requested.pk),
        edit_data(requested, follow_up_due="2026-03-01", contact_name="Jo Bloggs"),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["follow_up_due"] == ["The follow-up cannot be due before you asked."]
    assert 'id="error_1_id_follow_up_due"' in response.text
    assert 'value="Jo Bloggs"' in response.text
    assert 'value="2026-03-01"' in response.text


def test_the_database_refuses_an_answer_dated_before_the_request(interview):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_feedback_request(
            interview,
            status=Status.RECEIVED,
            requested_on=datetime.date(2026, 3, 12),
            received_on=datetime.date(2026, 3, 11),
        )
