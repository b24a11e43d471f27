"""Time makes sense: nothing is decided, debriefed or asked about an interview that has not
happened yet, and a date outside the current year always shows its year."""

import datetime

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from debrief.models import ActionItem, Debrief, FeedbackRequest, Interview
from tests.factories import make_action_item, make_application, make_interview

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.frozen_at("2026-11-20 12:00:00+00:00"),
    pytest.mark.usefixtures("clock"),
]


@pytest.fixture
def upcoming(owner):
    application = make_application(owner, date_applied=datetime.date(2026, 11, 1))
    return make_interview(
        application, scheduled_at=timezone.make_aware(datetime.datetime(2026, 11, 27, 10))
    )


def test_an_upcoming_interview_cannot_be_given_an_outcome(owner_client, upcoming):
    response = owner_client.post(
        reverse("debrief:interview-edit", args=[upcoming.pk]),
        {
            "stage": "first",
            "scheduled_at": "2026-11-27T10:00",
            "format": "video",
            "outcome": "rejected",
        },
    )
    assert response.status_code == 200
    assert "This interview has not happened yet" in response.text
    upcoming.refresh_from_db()
    assert upcoming.outcome == Interview.Outcome.AWAITING


def test_an_upcoming_interview_has_no_debrief_yet_and_says_why(owner_client, upcoming):
    url = reverse("debrief:debrief-edit", args=[upcoming.pk])
    page = owner_client.get(url)
    assert "Your debrief comes after the interview" in page.text
    assert "Friday 27 November 2026" in page.text
    owner_client.post(url, {"rating_answers": 3, "questions-TOTAL_FORMS": 0})
    assert not Debrief.objects.exists()


def test_an_upcoming_interview_has_no_feedback_request_yet(owner_client, upcoming):
    url = reverse("debrief:feedback-new", args=[upcoming.pk])
    assert "Ask for feedback after the interview" in owner_client.get(url).text
    owner_client.post(url, {"contact_name": "Jo", "channel": "email", "status": "not_sent"})
    assert not FeedbackRequest.objects.exists()


def test_an_upcoming_interview_page_offers_neither_debrief_nor_feedback(owner_client, upcoming):
    page = owner_client.get(upcoming.get_absolute_url()).text
    assert reverse("debrief:debrief-edit", args=[upcoming.pk]) not in page
    assert reverse("debrief:feedback-new", args=[upcoming.pk]) not in page
    assert "turned down" not in page


def test_short_dates_show_the_year_only_outside_this_one():
    template = Template("{% load debrief_tags %}{{ a|short_date }} / {{ b|short_date:'weekday' }}")
    text = template.render(
        Context({"a": datetime.date(2026, 3, 4), "b": datetime.date(2025, 12, 3)})
    )
    assert text == "4 Mar / Wed 3 Dec 2025"


def test_the_dashboard_shows_the_year_of_an_action_due_next_year(owner_client, owner):
    make_interview(make_application(owner, date_applied=datetime.date(2026, 11, 1)))
    make_action_item(owner, text="Finish the SQL course", due_date=datetime.date(2027, 1, 15))
    make_action_item(owner, text="Rewrite my CV", due_date=datetime.date(2026, 12, 1))
    page = owner_client.get(reverse("debrief:dashboard")).text
    assert "due 15 Jan 2027" in page
    assert "due 1 Dec<" in page or "due 1 Dec " in page or "due 1 Dec\n" in page
    assert ActionItem.objects.count() == 2


@pytest.mark.frozen_at("2026-12-28 09:00:00+00:00")
def test_the_dashboard_shows_the_year_of_an_interview_early_next_year(clock, owner_client, owner):
    make_interview(
        make_application(owner, employer="Ocado"),
        scheduled_at=datetime.datetime(2027, 1, 2, 10, 0, tzinfo=datetime.UTC),
    )
    page = owner_client.get(reverse("debrief:dashboard")).text
    assert "Sat 2 Jan 2027, 10:00" in page  # the upcoming interviews panel
    assert "Next: Ocado, 2 January 2027." in page  # the line that leads the dashboard
