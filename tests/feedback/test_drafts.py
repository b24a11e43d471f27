"""Feedback requests: the emails Debrief drafts, and when the detail page offers each."""

import dataclasses
import datetime
from urllib.parse import unquote

import pytest

from debrief.models import FeedbackRequest, Interview
from debrief.services import drafts
from tests.factories import (
    make_feedback_request,
)
from tests.feedback.helpers import TODAY, Status, textarea_ids, url

pytestmark = [pytest.mark.django_db, pytest.mark.frozen_at("2026-03-16 10:00:00+00:00")]


@pytest.fixture
def facts():
    return drafts.DraftFacts(
        role_title="Data Analyst",
        employer="Globex",
        stage=Interview.Stage.FINAL,
        interview_date=datetime.date(2026, 3, 10),
        sender_name="Olivia Owner",
        contact_name="Jo Bloggs",
        requested_on=datetime.date(2026, 3, 12),
    )


GROVELLING = ["sorry", "bother", "apologise", "beg", "desperate", "please, please"]


def test_the_request_names_role_employer_stage_date_and_asks_specifically(facts):
    draft = drafts.request_email(facts)
    for fact in ["Data Analyst", "Globex", "final interview", "10 March 2026", "Olivia Owner"]:
        assert fact in draft.body
    assert draft.body.startswith("Dear Jo,")
    assert "what would have made me a stronger candidate" in draft.body
    assert "Thank you" in draft.body
    assert "in the future" in draft.body  # keeps the door open
    assert "Data Analyst" in draft.subject
    assert not any(word in draft.body.lower() for word in GROVELLING)


def test_the_draft_dates_an_interview_just_after_midnight_on_the_local_day(interview):
    # 00:30 in London in June is 23:30 the day before in UTC.
    interview.scheduled_at = datetime.datetime(2026, 6, 12, 23, 30, tzinfo=datetime.UTC)
    interview.outcome_date = datetime.date(2026, 6, 20)
    interview.save()
    feedback = make_feedback_request(interview)
    facts = drafts.facts_for(feedback, sender_name="Olivia Owner")
    assert facts.interview_date == datetime.date(2026, 6, 13)
    assert "13 June 2026" in drafts.request_email(facts).body


def test_a_request_without_a_contact_greets_the_hiring_team(facts):
    draft = drafts.request_email(drafts.DraftFacts(**{**facts.__dict__, "contact_name": ""}))
    assert draft.body.startswith("Dear Hiring Team,")


def test_the_follow_up_refers_to_the_first_message(facts):
    draft = drafts.follow_up_email(facts)
    assert "following up the message I sent on 12 March 2026" in draft.body
    assert "stronger candidate" in draft.body
    assert "Globex" in draft.body
    assert not any(word in draft.body.lower() for word in GROVELLING)


def test_the_vague_feedback_follow_up_asks_for_more_detail(facts):
    draft = drafts.more_detail_email(facts)
    assert "Thank you for your feedback" in draft.body
    assert "could you tell me a little more" in draft.body
    assert "which skills or experience" in draft.body


def test_the_subject_access_request_cites_uk_gdpr_and_one_month(facts):
    draft = drafts.subject_access_request(facts)
    assert "Article 15" in draft.body
    assert "UK General Data Protection Regulation (UK GDPR)" in draft.body
    assert "within one month" in draft.body
    assert "free of charge" in draft.body
    for item in ["notes", "scores", "tests or assessments", "correspondence about me"]:
        assert item in draft.body
    assert "Globex" in draft.body
    assert "Subject access request" in draft.subject


def test_a_mailto_link_encodes_subject_and_body(facts):
    draft = drafts.Draft(subject="Feedback & thanks", body="Line one\nLine two")
    link = draft.mailto("jo@globex.example")
    assert link.startswith("mailto:jo@globex.example?subject=Feedback%20%26%20thanks&body=")
    assert unquote(link.split("body=")[1]) == "Line one\nLine two"


def test_the_detail_page_offers_the_request_draft_with_mailto_and_copy(
    owner_client, requested, clock
):
    requested.message = "Dear Jo, my own request text."
    requested.save()
    response = owner_client.get(url("feedback-detail", requested.pk))
    assert response.status_code == 200
    assert textarea_ids(response.text) == ["draft-request"]
    assert "Dear Jo, my own request text." in response.text
    assert 'href="mailto:jo@acme.example?subject=' in response.text
    assert 'data-mailto-body="draft-request"' in response.text
    assert 'data-copy-target="draft-request"' in response.text
    assert 'id="draft-request-status" role="status" aria-live="polite"' in response.text
    assert '<label class="form-label" for="draft-request">' in response.text


def test_the_follow_up_draft_appears_when_the_follow_up_is_due(owner_client, requested, clock):
    clock.move_to(datetime.datetime(2026, 3, 18, 12, 0, tzinfo=datetime.UTC))
    assert "draft-follow-up" not in textarea_ids(
        owner_client.get(url("feedback-detail", requested.pk)).text
    )
    clock.move_to(datetime.datetime(2026, 3, 21, 12, 0, tzinfo=datetime.UTC))
    response = owner_client.get(url("feedback-detail", requested.pk))
    assert textarea_ids(response.text) == ["draft-follow-up", "draft-request"]
    assert "Follow-up overdue" in response.text


def test_vague_feedback_offers_the_ask_for_more_detail_draft(owner_client, interview):
    feedback = make_feedback_request(
        interview,
        status=Status.RECEIVED,
        requested_on=TODAY,
        received_on=TODAY,
        outcome=FeedbackRequest.Outcome.VAGUE,
        feedback_text="You were not quite what we wanted.",
    )
    response = owner_client.get(url("feedback-detail", feedback.pk))
    assert "draft-more-detail" in textarea_ids(response.text)
    assert "could you tell me a little more" in response.text


@pytest.mark.parametrize("status", [Status.DECLINED, Status.NO_RESPONSE])
def test_no_feedback_offers_a_subject_access_request(owner_client, interview, status):
    feedback = make_feedback_request(interview, status=status, requested_on=TODAY)
    response = owner_client.get(url("feedback-detail", feedback.pk))
    assert textarea_ids(response.text)[0] == "draft-sar"
    assert "within one month" in response.text
    assert "Article 15" in response.text


@pytest.mark.parametrize(
    ("contact", "greeting"),
    [
        ("Jo Bloggs", "Dear Jo,"),
        ("Dr Sam Patel", "Dear Dr Patel,"),
        ("Mrs. Ann Lee", "Dear Mrs. Lee,"),
        ("Priya", "Dear Priya,"),
        ("", "Dear Hiring Team,"),
    ],
)
def test_it_greets_by_first_name_or_formally_with_a_title(facts, contact, greeting):
    facts = dataclasses.replace(facts, contact_name=contact)
    assert drafts.request_email(facts).body.startswith(f"{greeting}\n")


@pytest.mark.parametrize(
    ("interviewers", "first"),
    [
        ("Jo Bloggs (Head of Data), Sam Lee", "Jo Bloggs"),
        ("Jo Bloggs and Sam Lee", "Jo Bloggs"),
        ("  ; Ann Lee / Bo", "Ann Lee"),
        ("(panel)", ""),
        ("", ""),
    ],
)
def test_the_first_interviewer_is_offered_as_the_contact(interviewers, first):
    assert drafts.first_interviewer(interviewers) == first
