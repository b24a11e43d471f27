"""Feedback requests: recording the employer's answer and turning it into actions."""

import pytest

from debrief.forms.feedback import FeedbackRecordForm
from debrief.models import ActionItem, FeedbackRequest, Reason
from debrief.services.feedback import feedback_record_received
from tests.feedback.helpers import TODAY, Status, edit_data, url

pytestmark = [pytest.mark.django_db, pytest.mark.frozen_at("2026-03-16 10:00:00+00:00")]


def test_it_records_received_feedback_and_creates_actions_in_one_step(
    owner_client, owner, requested
):
    response = owner_client.post(
        url("feedback-edit", requested.pk),
        edit_data(
            requested,
            status=Status.RECEIVED,
            received_on="2026-03-15",
            outcome=FeedbackRequest.Outcome.SPECIFIC,
            feedback_text="Strong, but you lacked SQL and seemed nervous.",
            clear_enough="True",
            reasons=[Reason.SKILLS_GAP, Reason.IMPRESSION, Reason.STRONGER_CANDIDATE],
            create_actions=[Reason.SKILLS_GAP, Reason.IMPRESSION],
        ),
    )
    assert response.status_code == 302
    assert response.url == url("feedback-detail", requested.pk)
    requested.refresh_from_db()
    assert requested.status == Status.RECEIVED
    assert requested.clear_enough is True
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
    assert "Practise answers aloud to manage nerves" in detail.text


def test_the_edit_form_offers_an_action_per_reason_within_my_control(owner_client, requested):
    response = owner_client.get(url("feedback-edit", requested.pk))
    assert response.status_code == 200
    offered = [value for value, _ in response.context["form"].fields["create_actions"].choices]
    assert offered == Reason.within_my_control()
    assert Reason.STRONGER_CANDIDATE not in offered
    assert "Within my control" in response.text
    assert "Outside my control" in response.text
    assert "business, not personal" in response.text


def test_an_action_for_a_reason_not_given_is_refused_next_to_the_field(owner_client, requested):
    response = owner_client.post(
        url("feedback-edit", requested.pk),
        edit_data(requested, reasons=[Reason.IMPRESSION], create_actions=[Reason.SKILLS_GAP]),
    )
    assert response.status_code == 200
    assert "create_actions" in response.context["form"].errors
    assert not ActionItem.objects.exists()


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
    form = FeedbackRecordForm(instance=requested)
    labels = dict(form.fields["create_actions"].choices)
    assert "Data Analyst" in labels[Reason.SKILLS_GAP]
    assert "(Skills to build)" in labels[Reason.SKILLS_GAP]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"status": "received", "received_on": "2026-03-11"},
            "received_on",
            "Their answer cannot come before you asked.",
        ),
        ({"received_on": "2026-03-14"}, "status", "Set the status to “Received”"),
        (
            {
                "status": "received",
                "received_on": "2026-03-14",
                "outcome": "vague",
                "clear_enough": "True",
            },
            "clear_enough",
            "Vague feedback is not clear enough to act on",
        ),
        ({"requested_on": "2026-03-20"}, "requested_on", "This date is in the future"),
    ],
)
def test_answers_that_contradict_each_other_are_explained_next_to_the_field(
    owner_client, requested, clock, changes, field, message
):
    response = owner_client.post(
        url("feedback-edit", requested.pk), edit_data(requested, **changes)
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    requested.refresh_from_db()
    assert requested.status == Status.REQUESTED
    assert requested.received_on is None


def test_i_have_their_answer_opens_the_form_ready_to_record_it_today(
    owner_client, requested, clock
):
    form = owner_client.get(url("feedback-edit", requested.pk) + "?answer").context["form"]
    assert form["status"].value() == Status.RECEIVED
    assert form["received_on"].value() == TODAY
