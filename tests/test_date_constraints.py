"""Dates that cannot be: the forms explain them next to the field, `clean()` says the same rule in
words, and the database refuses them whatever path writes them."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse

from debrief.models import ActionItem, Application, Interview
from tests.factories import make_action_item, make_application, make_interview
from tests.html import errors_for, field_labelled, form_data

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.frozen_at("2026-06-20 12:00:00+00:00"),
    pytest.mark.usefixtures("clock"),
]

UTC = datetime.UTC
APPLIED = datetime.date(2026, 6, 1)


@pytest.fixture
def application(owner):
    return make_application(owner, date_applied=APPLIED)


# --- Closing date not before the date applied ---------------------------------------------------


def test_the_database_refuses_a_closing_date_before_applying(application):
    with pytest.raises(IntegrityError, match="application_closing_not_before_applied"):
        Application.objects.filter(pk=application.pk).update(
            closing_date=APPLIED - datetime.timedelta(days=1)
        )


def test_the_database_accepts_a_closing_date_on_the_day_of_applying(application):
    Application.objects.filter(pk=application.pk).update(closing_date=APPLIED)
    application.refresh_from_db()
    assert application.closing_date == APPLIED


def test_clean_says_the_closing_date_cannot_come_before_applying(application):
    application.closing_date = APPLIED - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        application.full_clean()
    assert refused.value.message_dict["closing_date"] == [
        "The closing date cannot be before the date you applied."
    ]


def test_the_form_says_so_next_to_the_closing_date_and_keeps_it(owner_client, application):
    url = reverse("debrief:application-edit", args=[application.pk])
    data = form_data(owner_client.get(url))
    data["closing_date"] = "2026-05-31"

    response = owner_client.post(url, data)

    assert errors_for(response, "Closing date") == [
        "The closing date cannot be before the date you applied."
    ]
    assert field_labelled(response, "Closing date").value == "2026-05-31"
    application.refresh_from_db()
    assert application.closing_date is None


# --- An outcome not before the interview ------------------------------------------------------


def interview_at(application, when: datetime.datetime) -> Interview:
    return make_interview(application, scheduled_at=when)


def set_outcome(interview: Interview, day: datetime.date) -> None:
    Interview.objects.filter(pk=interview.pk).update(
        outcome=Interview.Outcome.REJECTED, outcome_date=day
    )


def test_the_database_refuses_an_outcome_days_before_the_interview(application):
    interview = interview_at(application, datetime.datetime(2026, 6, 10, 10, tzinfo=UTC))
    with pytest.raises(IntegrityError, match="interview_outcome_not_before_interview"):
        set_outcome(interview, datetime.date(2026, 6, 8))


def test_the_database_accepts_an_evening_interview_in_london_decided_that_day(application):
    # 19:30 in London in June (BST) is 18:30 UTC, the same day.
    interview = interview_at(application, datetime.datetime(2026, 6, 12, 18, 30, tzinfo=UTC))
    set_outcome(interview, datetime.date(2026, 6, 12))
    interview.refresh_from_db()
    assert interview.outcome_date == datetime.date(2026, 6, 12)


def test_the_database_accepts_an_outcome_on_the_london_day_after_midnight(application):
    # 00:30 on 13 June in London is 23:30 on 12 June in UTC; the outcome on the 13th is right.
    interview = interview_at(application, datetime.datetime(2026, 6, 12, 23, 30, tzinfo=UTC))
    set_outcome(interview, datetime.date(2026, 6, 13))
    interview.refresh_from_db()
    assert interview.outcome_date == datetime.date(2026, 6, 13)


def test_clean_holds_the_exact_local_day_rule(application):
    """The database keeps a day's tolerance (it cannot know the configured time zone); the model
    refuses an outcome on the London day before a just-after-midnight interview."""
    interview = interview_at(application, datetime.datetime(2026, 6, 12, 23, 30, tzinfo=UTC))
    interview.outcome = Interview.Outcome.REJECTED
    interview.outcome_date = datetime.date(2026, 6, 12)
    with pytest.raises(ValidationError) as refused:
        interview.full_clean()
    assert refused.value.message_dict["outcome_date"] == [
        "The outcome cannot come before the interview."
    ]


def test_the_form_says_so_next_to_the_outcome_date_and_keeps_it(owner_client, application):
    interview = interview_at(application, datetime.datetime(2026, 6, 10, 10, tzinfo=UTC))
    url = reverse("debrief:interview-edit", args=[interview.pk])
    data = form_data(owner_client.get(url))
    data.update(outcome=Interview.Outcome.REJECTED, outcome_date="2026-06-09")

    response = owner_client.post(url, data)

    assert errors_for(response, "Outcome date") == ["The outcome cannot come before the interview."]
    assert field_labelled(response, "Outcome date").value == "2026-06-09"
    interview.refresh_from_db()
    assert interview.outcome_date is None


# --- A done action has the day it was done; an open one has none --------------------------------


@pytest.mark.parametrize(
    ("status", "completed_on"),
    [(ActionItem.Status.DONE, None), (ActionItem.Status.OPEN, datetime.date(2026, 6, 19))],
)
def test_the_database_keeps_the_completion_date_with_the_status(owner, status, completed_on):
    item = make_action_item(owner)
    with pytest.raises(IntegrityError, match="actionitem_completed_on_fits_status"):
        ActionItem.objects.filter(pk=item.pk).update(status=status, completed_on=completed_on)


def test_clean_asks_for_the_day_a_done_action_was_done(owner):
    item = make_action_item(owner)
    item.status = ActionItem.Status.DONE
    with pytest.raises(ValidationError) as refused:
        item.full_clean()
    assert refused.value.message_dict["completed_on"] == ["Give the day you did it."]
