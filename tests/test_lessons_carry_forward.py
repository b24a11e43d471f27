"""Lessons carry forward: what I would do better becomes an action, a question I answered badly
becomes a STAR answer to write, and actions from feedback keep the employer's words."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from debrief.models import ActionItem, FeedbackRequest, Reason
from debrief.services.feedback import feedback_record_received
from debrief.services.lessons import their_words
from tests.factories import (
    make_application,
    make_debrief,
    make_feedback_request,
    make_interview,
    make_question,
    make_star_answer,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def interview(owner):
    return make_interview(make_application(owner, employer="Octopus Energy"))


def test_what_i_would_do_better_is_offered_as_the_action(owner_client, interview):
    debrief = make_debrief(interview, do_better="Slow down & use STAR for every example")
    page = owner_client.get(interview.get_absolute_url()).text
    make_it = reverse("debrief:debrief-action", args=[interview.pk])
    assert f'action="{make_it}"' in page
    owner_client.post(make_it, {"next": interview.get_absolute_url()})
    page = owner_client.get(interview.get_absolute_url()).text
    assert "Saved as an action:" in page
    assert "Slow down &amp; use STAR for every example</a>" in page
    assert f'action="{make_it}"' not in page
    assert debrief.action_items.count() == 1
    form = owner_client.get(
        reverse("debrief:action-new"),
        {"debrief": debrief.pk, "text": "Slow down & use STAR for every example"},
    )
    assert "Slow down &amp; use STAR for every example</textarea>" in form.text or (
        'value="Slow down &amp; use STAR for every example"' in form.text
    )


def test_a_question_answered_badly_offers_a_star_answer_prefilled(owner_client, interview):
    debrief = make_debrief(interview)
    make_question(debrief, "Tell me about a time you handled conflict", answer_rating=2)
    make_question(debrief, "Why this company?", answer_rating=4)
    page = owner_client.get(interview.get_absolute_url()).text
    assert page.count("Write a STAR answer for this") == 1
    assert "?question=Tell%20me%20about%20a%20time%20you%20handled%20conflict" in page
    form = owner_client.get(
        reverse("debrief:star-new"), {"question": "Tell me about a time you handled conflict"}
    ).text
    assert 'value="Tell me about a time you handled conflict"' in form
    assert "Tell me about a time you handled conflict</textarea>" in form


def test_actions_from_feedback_carry_the_employers_words(interview):
    feedback = make_feedback_request(
        interview,
        status=FeedbackRequest.Status.RECEIVED,
        requested_on="2026-01-01",
        received_on="2026-01-05",
        feedback_text="Lovely to meet you. Your Power BI skills were not at the level we need. "
        "We had candidates with more years in energy.",
    )
    created = feedback_record_received(
        feedback_request=feedback,
        reasons=[Reason.SKILLS_GAP, Reason.EXPERIENCE_GAP],
        create_actions_for=[Reason.SKILLS_GAP, Reason.EXPERIENCE_GAP],
    )
    texts = [action.text for action in created]
    assert "“Your Power BI skills were not at the level we need.”" in texts[0]
    assert "“We had candidates with more years in energy.”" in texts[1]
    assert ActionItem.objects.count() == 2


def test_without_a_matching_sentence_the_action_stays_as_it_was():
    assert their_words("Thanks for coming in.", Reason.QUALIFICATIONS) == ""


def test_a_received_answer_no_longer_leads_with_the_request_email(owner_client, interview):
    feedback = make_feedback_request(
        interview,
        status=FeedbackRequest.Status.RECEIVED,
        requested_on="2026-01-01",
        received_on="2026-01-05",
        outcome=FeedbackRequest.Outcome.SPECIFIC,
        feedback_text="More SQL needed.",
    )
    page = owner_client.get(feedback.get_absolute_url()).text
    assert "Feedback request email" not in page
    assert "More SQL needed." in page


def test_the_preparation_sheet_brings_questions_from_every_employer_for_the_role(
    owner_client, owner
):

    earlier = make_interview(make_application(owner, employer="Octopus", role_title="Data Analyst"))
    debrief = make_debrief(earlier)
    make_question(debrief, "Tell me about a conflict in your team", answer_rating=2)
    other_kind = make_interview(make_application(owner, employer="Bakery", role_title="Baker"))
    make_question(make_debrief(other_kind), "How do you proof dough?")
    upcoming = make_interview(
        make_application(owner, employer="Monzo", role_title="Junior Data Analyst"),
        scheduled_at=timezone.now() + datetime.timedelta(days=2),
    )
    page = owner_client.get(reverse("debrief:interview-prepare", args=[upcoming.pk])).text
    assert "Tell me about a conflict in your team" in page
    assert "How do you proof dough?" not in page


def test_an_answer_just_written_is_never_called_missing(owner_client, owner):

    earlier = make_interview(make_application(owner, employer="Octopus", role_title="Data Analyst"))
    make_question(make_debrief(earlier), "Tell me about a conflict", answer_rating=2)
    upcoming = make_interview(
        make_application(owner, employer="Monzo", role_title="Data Analyst"),
        scheduled_at=timezone.now() + datetime.timedelta(days=2),
    )
    url = reverse("debrief:interview-prepare", args=[upcoming.pk])
    before = owner_client.get(url).text
    assert "Handling conflict" in before
    # Written from the question, not tagged: it still covers conflict.
    make_star_answer(owner, "Tell me about a conflict", questions="Tell me about a conflict")
    after = owner_client.get(url).text
    section = after[after.index('id="star-heading"') :]
    conflict = section[section.index("Handling conflict") :][:600]
    assert "No answer yet" not in conflict
    assert "Tell me about a conflict</a>" in after
    ranked = after[after.index('id="role-answers-heading"') : after.index('id="star-heading"')]
    assert "Tell me about a conflict" in ranked
