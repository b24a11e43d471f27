"""Progress first: the dashboard's first card is the most hopeful true thing; ratings' movement is
said in words; a new user's empty panels say what to do first; the caseload names the most
important outcome."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from debrief.models import ActionItem, Application, Interview
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


def test_a_fresh_no_leads_with_its_next_steps_feedback_first(owner_client, owner):
    interview = rejected(owner, "Octopus Energy")
    make_interview(
        make_application(owner, employer="Monzo"), scheduled_at=aware(TODAY + datetime.timedelta(3))
    )
    card = first_card(owner_client.get(DASHBOARD))
    steps = reverse("debrief:application-next-steps", args=[interview.application_id])
    assert "Octopus Energy said no thank you" in card
    assert card.index(f"{steps}#feedback") < card.index(f"{steps}#debrief")


def test_the_rejection_card_never_offers_a_step_already_taken(owner_client, owner):
    interview = rejected(owner, "Octopus Energy", decided_days_ago=10)
    debrief = make_debrief(interview, do_better="Quantify my results.")
    card = first_card(owner_client.get(DASHBOARD))
    assert "one-minute debrief" not in card
    assert "Send your feedback request" in card
    # A draft not sent yet is still a step to take; sent, it is done.
    request = make_feedback_request(interview)
    assert "Send your feedback request" in first_card(owner_client.get(DASHBOARD))
    request.mark_sent(TODAY)
    card = first_card(owner_client.get(DASHBOARD))
    assert "Send your feedback request" not in card
    assert "Make your lesson an action" in card
    # Once the lesson is an action, the card stops offering it.
    owner_client.post(
        reverse("debrief:debrief-action", args=[interview.pk]),
    )
    assert ActionItem.objects.filter(debrief=debrief).count() == 1
    assert "Make your lesson an action" not in first_card(owner_client.get(DASHBOARD))


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
    assert row.latest_outcome.employer == "Co-op"
    assert "Most important outcome" in response.text


def test_a_fresh_undebriefed_no_still_gets_its_card_after_the_offer(owner_client, owner):
    offer(owner, "Co-op")
    interview = rejected(owner, "Octopus Energy")
    page = owner_client.get(DASHBOARD).text
    assert page.index("You have an offer from Co-op") < page.index("Octopus Energy said no thank")
    assert reverse("debrief:debrief-edit", args=[interview.pk]) in page
