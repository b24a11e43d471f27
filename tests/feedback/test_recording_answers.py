"""Feedback requests: their answer captured once (one form: what it was, when, their words,
what it points to, whether it helped) and turned into actions."""

import pytest

from debrief.forms.feedback import FeedbackAnswerForm
from debrief.models import ActionItem, FeedbackRequest, Reason
from debrief.services.feedback import feedback_record_received
from tests.factories import make_feedback_request
from tests.feedback.helpers import TODAY, Status, answer_data, edit_data, url

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.frozen_at("2026-03-16 10:00:00+00:00"),
    pytest.mark.usefixtures("clock"),
]


def test_it_records_their_answer_its_tags_and_creates_actions_in_one_step(
    owner_client, owner, requested
):
    response = owner_client.post(
        url("feedback-answer", requested.pk),
        answer_data(
            received_on="2026-03-15",
            feedback_text="Strong, but you lacked SQL and seemed nervous.",
            dimensions=["rating_nerves", "rating_star"],
            reasons=[Reason.SKILLS_GAP, Reason.IMPRESSION, Reason.STRONGER_CANDIDATE],
            useful="yes",
            create_actions=[Reason.SKILLS_GAP, Reason.IMPRESSION],
        ),
    )
    assert response.status_code == 302
    assert response.url == url("feedback-detail", requested.pk)
    requested.refresh_from_db()
    assert requested.status == Status.RECEIVED
    assert requested.outcome == FeedbackRequest.Outcome.SPECIFIC
    assert requested.useful == FeedbackRequest.Usefulness.YES
    assert requested.dimensions == ["rating_nerves", "rating_star"]
    assert requested.reasons == [Reason.SKILLS_GAP, Reason.STRONGER_CANDIDATE, Reason.IMPRESSION]
    actions = ActionItem.objects.order_by("area")
    assert [(a.area, a.owner, a.feedback_request) for a in actions] == [
        (ActionItem.Area.IMPRESSION, owner, requested),
        (ActionItem.Area.SKILLS, owner, requested),
    ]
    # In the employer's words, so the action says what they saw.
    assert actions[0].text == (
        "Practise answers aloud to manage nerves — they said: "
        "“Strong, but you lacked SQL and seemed nervous.”"
    )
    assert actions[1].text.startswith("Close the skills gap")

    detail = owner_client.get(response.url)
    assert "2 action items added to your list." in detail.text
    assert "It's business, not personal" in detail.text
    assert "Managed nerves" in detail.text
    assert "Was it useful? Yes, I can act on it" in detail.text


def test_vague_feedback_is_one_answer_and_brings_the_more_detail_draft(owner_client, requested):
    owner_client.post(url("feedback-answer", requested.pk), answer_data(answer="vague"))
    requested.refresh_from_db()
    assert (requested.status, requested.outcome) == (Status.RECEIVED, "vague")
    assert requested.needs_more_detail
    assert "draft-more-detail" in owner_client.get(url("feedback-detail", requested.pk)).text


def test_a_refusal_is_an_answer_with_its_date(owner_client, requested):
    owner_client.post(url("feedback-answer", requested.pk), answer_data(answer="declined"))
    requested.refresh_from_db()
    assert (requested.status, requested.outcome) == (Status.DECLINED, "declined")
    assert requested.received_on == TODAY


def test_the_answer_form_has_no_status_outcome_or_clear_enough_fields(owner_client, requested):
    response = owner_client.get(url("feedback-answer", requested.pk))
    assert response.status_code == 200
    fields = set(response.context["form"].fields)
    assert {"status", "outcome", "clear_enough"}.isdisjoint(fields)
    assert "Was this feedback useful?" in response.text
    # The guide's six questions and the reasons within and outside my control.
    for label in ("Managed nerves", "Structured answers with STAR", "A stronger candidate"):
        assert label in response.text
    offered = [value for value, _ in response.context["form"].fields["create_actions"].choices]
    assert offered == Reason.within_my_control()
    assert "business, not personal" in response.text


def test_i_have_their_answer_leads_to_the_answer_form(owner_client, requested):
    detail = owner_client.get(url("feedback-detail", requested.pk)).text
    assert url("feedback-answer", requested.pk) in detail
    old = owner_client.get(url("feedback-edit", requested.pk) + "?answer")
    assert old.status_code == 302
    assert old.url == url("feedback-answer", requested.pk)


def test_an_action_for_a_reason_not_given_is_refused_next_to_the_field(owner_client, requested):
    response = owner_client.post(
        url("feedback-answer", requested.pk),
        answer_data(
            feedback_text="Kept text", reasons=[Reason.IMPRESSION], create_actions=["skills_gap"]
        ),
    )
    assert response.status_code == 200
    assert "create_actions" in response.context["form"].errors
    assert "Kept text" in response.text
    assert not ActionItem.objects.exists()
    requested.refresh_from_db()
    assert requested.status == Status.REQUESTED


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"received_on": "2026-03-11"},
            "received_on",
            "Their answer cannot come before you asked.",
        ),
        ({"received_on": "2026-03-20"}, "received_on", "This date is in the future"),
        ({"answer": ""}, "answer", "This field is required"),
        ({"dimensions": ["rating_luck"]}, "dimensions", "Select a valid choice"),
    ],
)
def test_a_wrong_answer_is_explained_next_to_the_field_and_nothing_changes(
    owner_client, requested, changes, field, message
):
    response = owner_client.post(url("feedback-answer", requested.pk), answer_data(**changes))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    requested.refresh_from_db()
    assert requested.status == Status.REQUESTED
    assert requested.received_on is None


def test_the_edit_page_keeps_who_was_asked_and_when(owner_client, requested):
    response = owner_client.post(
        url("feedback-edit", requested.pk), edit_data(requested, contact_name="Sam Hiring")
    )
    assert response.status_code == 302
    requested.refresh_from_db()
    assert requested.contact_name == "Sam Hiring"
    assert requested.status == Status.REQUESTED
    fields = set(owner_client.get(url("feedback-edit", requested.pk)).context["form"].fields)
    assert {"status", "outcome", "feedback_text", "reasons"}.isdisjoint(fields)


def test_another_persons_answer_form_is_not_found(stranger_client, requested):
    assert stranger_client.get(url("feedback-answer", requested.pk)).status_code == 404
    response = stranger_client.post(url("feedback-answer", requested.pk), answer_data())
    assert response.status_code == 404
    requested.refresh_from_db()
    assert requested.status == Status.REQUESTED


def test_the_service_never_creates_actions_outside_my_control_nor_twice(owner, requested):
    reasons = [Reason.STRONGER_CANDIDATE, Reason.QUALIFICATIONS]
    first = feedback_record_received(
        feedback_request=requested, reasons=reasons, create_actions_for=reasons
    )
    assert [a.area for a in first] == [ActionItem.Area.SKILLS]
    again = feedback_record_received(
        feedback_request=requested, reasons=reasons, create_actions_for=reasons
    )
    assert again == []
    assert ActionItem.objects.filter(owner=owner, feedback_request=requested).count() == 1


def test_the_form_shows_the_suggestions_for_the_role(requested):
    form = FeedbackAnswerForm(instance=requested)
    labels = dict(form.fields["create_actions"].choices)
    assert "Data Analyst" in labels[Reason.SKILLS_GAP]
    assert "(Skills to build)" in labels[Reason.SKILLS_GAP]


def test_the_database_refuses_feedback_received_without_saying_how_clear(interview):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        FeedbackRequest.objects.create(
            interview=interview, status=Status.RECEIVED, requested_on=TODAY, received_on=TODAY
        )
    assert (
        make_feedback_request(
            interview, status=Status.RECEIVED, requested_on=TODAY, received_on=TODAY
        ).outcome
        == FeedbackRequest.Outcome.SPECIFIC
    )


def test_the_form_opens_with_todays_date_and_the_saved_answer(owner_client, requested):
    form = owner_client.get(url("feedback-answer", requested.pk)).context["form"]
    assert form["received_on"].value() == TODAY
    assert not form["answer"].value()
    owner_client.post(url("feedback-answer", requested.pk), answer_data(answer="vague"))
    form = owner_client.get(url("feedback-answer", requested.pk)).context["form"]
    assert form["answer"].value() == "vague"
