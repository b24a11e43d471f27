"""Lessons carry forward: what I would do better becomes an action, a question I answered badly
becomes a STAR answer to write, and actions from feedback keep the employer's words."""

import pytest
from django.urls import reverse

from debrief.models import ActionItem, FeedbackRequest, Reason
from debrief.services.feedback import feedback_record_received
from debrief.services.lessons import their_words
from tests.factories import (
    make_application,
    make_debrief,
    make_feedback_request,
    make_interview,
    make_question,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def interview(owner):
    return make_interview(make_application(owner, employer="Octopus Energy"))


def test_what_i_would_do_better_is_offered_as_the_action(owner_client, interview):
    debrief = make_debrief(interview, do_better="Slow down & use STAR for every example")
    page = owner_client.get(interview.get_absolute_url()).text
    assert "Make this an action" in page
    link = (
        f"{reverse('debrief:action-new')}?debrief={debrief.pk}&amp;area=interview_performance"
        "&amp;text=Slow%20down%20%26%20use%20STAR%20for%20every%20example"
    )
    assert link in page
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
        clear_enough=True,
        feedback_text="More SQL needed.",
    )
    page = owner_client.get(feedback.get_absolute_url()).text
    assert "Feedback request email" not in page
    assert "More SQL needed." in page
