"""Progress first: the dashboard's first card is the most hopeful true thing; ratings' movement is
said in words; a new user's empty panels say what to do first; the caseload names the most
important outcome."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from debrief.models import Application, Interview
from tests.adviser_helpers import sign_in_verified
from tests.factories import (
    grant_access,
    make_application,
    make_debrief,
    make_feedback_request,
    make_interview,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.frozen_at("2026-11-20 12:00:00+00:00"),
    pytest.mark.usefixtures("clock"),
]

DASHBOARD = reverse("debrief:dashboard")
TODAY = datetime.date(2026, 11, 20)


def aware(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def days_ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days)


def rejected(owner, employer, *, decided_days_ago=2, **fields):
    application = make_application(owner, employer=employer, status=Application.Status.REJECTED)
    return make_interview(
        application,
        scheduled_at=aware(days_ago(decided_days_ago + 3)),
        outcome=Interview.Outcome.REJECTED,
        outcome_date=days_ago(decided_days_ago),
        **fields,
    )


def offer(owner, employer):
    application = make_application(owner, employer=employer, status=Application.Status.OFFER)
    return make_interview(
        application,
        scheduled_at=aware(days_ago(20)),
        outcome=Interview.Outcome.OFFER,
        outcome_date=days_ago(15),
    )


def first_card(response) -> str:
    match = re.search(r'<section class="card encouragement.*?</section>', response.text, re.S)
    assert match, "the dashboard has no first card"
    return match.group(0)


def test_an_offer_waiting_leads_even_after_a_later_no(owner_client, owner):
    offer(owner, "Co-op")
    rejected(owner, "Octopus Energy")
    card = first_card(owner_client.get(DASHBOARD))
    assert "You have an offer from Co-op" in card
    assert "Octopus" not in card


def test_an_interview_this_week_leads_once_the_no_is_debriefed(owner_client, owner):
    interview = rejected(owner, "Octopus Energy")
    make_debrief(interview)
    upcoming = make_interview(
        make_application(owner, employer="Monzo"), scheduled_at=aware(TODAY + datetime.timedelta(3))
    )
    card = first_card(owner_client.get(DASHBOARD))
    assert "Interview this week: Monzo" in card
    assert reverse("debrief:interview-prepare", args=[upcoming.pk]) in card


def test_a_fresh_no_not_yet_debriefed_leads_with_the_debrief(owner_client, owner):
    interview = rejected(owner, "Octopus Energy")
    make_interview(
        make_application(owner, employer="Monzo"), scheduled_at=aware(TODAY + datetime.timedelta(3))
    )
    card = first_card(owner_client.get(DASHBOARD))
    assert "Octopus Energy said no thank you" in card
    assert reverse("debrief:debrief-edit", args=[interview.pk]) in card
    assert reverse("debrief:feedback-new", args=[interview.pk]) in card


def test_the_rejection_card_never_offers_a_step_already_taken(owner_client, owner):
    interview = rejected(owner, "Octopus Energy", decided_days_ago=10)
    make_debrief(interview)
    card = first_card(owner_client.get(DASHBOARD))
    assert reverse("debrief:debrief-edit", args=[interview.pk]) not in card
    assert "Ask for feedback (draft ready)" in card
    make_feedback_request(interview)
    card = first_card(owner_client.get(DASHBOARD))
    assert "Ask for feedback" not in card
    assert "Debrief and ask for feedback" not in card
    assert "Turn a lesson into an action" in card


def test_it_says_how_a_rating_moved_in_words(owner_client, owner):
    for weeks, star in [(10, 2), (8, 2), (4, 4), (1, 4)]:
        interview = rejected(owner, f"Employer {weeks}", decided_days_ago=weeks * 7)
        make_debrief(interview, rating=3, rating_star=star)
    page = owner_client.get(DASHBOARD).text
    assert "Structured answers (STAR): 2.0 → 4.0 since September" in page
    assert "Answered questions effectively: 3.0 →" not in page


def test_a_new_users_star_panel_says_what_to_do_first(owner_client, owner):
    make_application(owner, employer="Monzo")
    page = owner_client.get(DASHBOARD).text
    assert "No answer yet" not in page
    assert "Write your first STAR answer" in page


def test_the_caseload_names_the_offer_before_a_later_no(client, adviser, owner):
    grant_access(owner, adviser)
    offer(owner, "Co-op")
    rejected(owner, "Octopus Energy")
    sign_in_verified(client, adviser)
    response = client.get(reverse("debrief:adviser-caseload"))
    [row] = response.context["page_obj"].object_list
    assert row.latest_outcome.application.employer == "Co-op"
    assert "Most important outcome" in response.text


def test_a_fresh_undebriefed_no_still_gets_its_card_after_the_offer(owner_client, owner):
    offer(owner, "Co-op")
    interview = rejected(owner, "Octopus Energy")
    page = owner_client.get(DASHBOARD).text
    assert page.index("You have an offer from Co-op") < page.index("Octopus Energy said no thank")
    assert reverse("debrief:debrief-edit", args=[interview.pk]) in page
