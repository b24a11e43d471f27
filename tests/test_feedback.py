"""Feedback requests: asking, following up, recording the answer and acting on it."""

import datetime
import re
from urllib.parse import unquote

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from debrief.forms.feedback import FeedbackRecordForm
from debrief.models import ActionItem, FeedbackRequest, Interview, Reason
from debrief.services import drafts
from debrief.services.feedback import feedback_record_received
from tests.factories import (
    make_action_item,
    make_application,
    make_feedback_request,
    make_interview,
)

pytestmark = pytest.mark.django_db

Status = FeedbackRequest.Status
TODAY = datetime.date(2026, 3, 16)


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(datetime.datetime(2026, 3, 16, 10, 0, tzinfo=datetime.UTC), tick=False)


@pytest.fixture
def interview(owner):
    application = make_application(owner, employer="Globex", role_title="Data Analyst")
    return make_interview(
        application,
        stage=Interview.Stage.SECOND,
        scheduled_at=timezone.make_aware(datetime.datetime(2026, 3, 10, 14, 0)),
        outcome=Interview.Outcome.REJECTED,
        outcome_date=datetime.date(2026, 3, 12),
    )


@pytest.fixture
def requested(interview):
    return make_feedback_request(
        interview,
        status=Status.REQUESTED,
        requested_on=datetime.date(2026, 3, 12),
        follow_up_due=datetime.date(2026, 3, 19),
    )


def url(name: str, *args) -> str:
    return reverse(f"debrief:{name}", args=args)


def edit_data(feedback: FeedbackRequest, **changes) -> dict:
    data = {
        "contact_name": feedback.contact_name,
        "contact_email": feedback.contact_email,
        "channel": feedback.channel,
        "status": feedback.status,
        "requested_on": feedback.requested_on.isoformat() if feedback.requested_on else "",
        "follow_up_due": feedback.follow_up_due.isoformat() if feedback.follow_up_due else "",
        "received_on": "",
        "outcome": "",
        "feedback_text": "",
        "clear_enough": "",
    }
    data.update(changes)
    return data


# --- The database keeps the rules --------------------------------------------------------------


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
        (Status.RECEIVED, ""),
        (Status.DECLINED, FeedbackRequest.Outcome.DECLINED),
        (Status.NO_RESPONSE, FeedbackRequest.Outcome.NO_ANSWER),
        (Status.NO_RESPONSE, ""),
    ],
)
def test_it_accepts_an_outcome_that_fits_the_status_or_none_yet(interview, status, outcome):
    make_feedback_request(
        interview, status=status, requested_on=TODAY, received_on=TODAY, outcome=outcome
    )


def test_the_form_says_the_outcome_contradicts_the_status_next_to_the_field(
    owner_client, requested
):
    response = owner_client.post(
        url("feedback-edit", requested.pk),
        edit_data(requested, status=Status.RECEIVED, received_on="2026-03-15", outcome="no_answer"),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["outcome"] == [
        "A request with the status “Received” has the outcome “Specific feedback” or "
        "“Vague feedback”, or leave it as not known yet."
    ]
    assert 'id="error_1_id_outcome"' in response.text
    requested.refresh_from_db()
    assert (requested.status, requested.outcome) == (Status.REQUESTED, "")


def test_the_form_says_received_needs_a_date_next_to_the_field(owner_client, requested):
    response = owner_client.post(
        url("feedback-edit", requested.pk),
        edit_data(requested, status=Status.RECEIVED, feedback_text="You lacked SQL."),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["received_on"] == [
        "Give the date you received the feedback."
    ]
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


# --- Asking ------------------------------------------------------------------------------------


def test_it_prefills_the_request_from_the_interview(owner_client, interview, clock):
    response = owner_client.get(url("feedback-new", interview.pk))
    assert response.status_code == 200
    form = response.context["form"]
    assert form["channel"].value() == FeedbackRequest.Channel.EMAIL
    # Not sent until the user says so: follow-ups count only requests that went out.
    assert form["status"].value() == Status.NOT_SENT
    assert form["requested_on"].value() is None
    message = form["message"].value()
    assert "Data Analyst" in message
    assert "Globex" in message
    assert "second interview" in message
    assert "10 March 2026" in message
    assert "Olivia Owner" in message
    assert '<textarea name="message"' in response.text


def test_it_saves_a_request_and_sets_the_follow_up_a_week_later(owner_client, interview, clock):
    response = owner_client.post(
        url("feedback-new", interview.pk),
        {
            "contact_name": "Jo Bloggs",
            "contact_email": "jo@globex.example",
            "channel": "email",
            "status": "requested",
            "requested_on": "2026-03-16",
            "follow_up_due": "",
            "message": "Dear Jo, what would have made me a stronger candidate?",
        },
    )
    feedback = FeedbackRequest.objects.get()
    assert response.status_code == 302
    assert response.url == url("feedback-detail", feedback.pk)
    assert feedback.interview == interview
    assert feedback.follow_up_due == datetime.date(2026, 3, 23)
    assert feedback.message.startswith("Dear Jo")


def test_it_keeps_what_was_typed_when_the_request_is_invalid(owner_client, interview):
    response = owner_client.post(
        url("feedback-new", interview.pk),
        {
            "contact_name": "Jo Bloggs",
            "contact_email": "not-an-email",
            "channel": "email",
            "status": "requested",
            "requested_on": "",
            "message": "My own words",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "contact_email" in errors
    assert errors["requested_on"] == ["Give the date you asked for feedback."]
    assert "My own words" in response.text
    assert 'value="Jo Bloggs"' in response.text
    assert not FeedbackRequest.objects.exists()


def test_a_new_request_cannot_start_as_received(owner_client, interview):
    response = owner_client.post(
        url("feedback-new", interview.pk),
        {"channel": "email", "status": "received", "requested_on": "2026-03-16"},
    )
    assert response.status_code == 200
    assert "status" in response.context["form"].errors
    assert not FeedbackRequest.objects.exists()


# --- Drafts ------------------------------------------------------------------------------------


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
    assert draft.body.startswith("Dear Jo Bloggs,")
    assert "what would have made me a stronger candidate" in draft.body
    assert "Thank you" in draft.body
    assert "in the future" in draft.body  # keeps the door open
    assert "Data Analyst" in draft.subject
    assert not any(word in draft.body.lower() for word in GROVELLING)


def test_the_draft_dates_an_interview_just_after_midnight_on_the_local_day(interview):
    # 00:30 in London in June is 23:30 the day before in UTC.
    interview.scheduled_at = datetime.datetime(2026, 6, 12, 23, 30, tzinfo=datetime.UTC)
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


def textarea_ids(html: str) -> list[str]:
    return re.findall(r'<textarea[^>]*id="(draft-[\w-]+)"', html)


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


def test_the_follow_up_draft_appears_when_the_follow_up_is_due(
    owner_client, requested, time_machine
):
    time_machine.move_to(datetime.datetime(2026, 3, 18, 12, 0, tzinfo=datetime.UTC))
    assert "draft-follow-up" not in textarea_ids(
        owner_client.get(url("feedback-detail", requested.pk)).text
    )
    time_machine.move_to(datetime.datetime(2026, 3, 21, 12, 0, tzinfo=datetime.UTC))
    response = owner_client.get(url("feedback-detail", requested.pk))
    assert textarea_ids(response.text) == ["draft-follow-up", "draft-request"]
    assert "Follow-up overdue" in response.text


def test_vague_feedback_offers_the_ask_for_more_detail_draft(owner_client, interview):
    feedback = make_feedback_request(
        interview,
        status=Status.RECEIVED,
        requested_on=TODAY,
        received_on=TODAY,
        clear_enough=False,
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


# --- The list: what needs doing first ----------------------------------------------------------


def test_the_list_puts_overdue_follow_ups_first_with_labels(owner_client, interview, clock):
    def request(status, requested_on=None, due=None):
        # One open request per interview: each on an interview of its own.
        return make_feedback_request(
            make_interview(interview.application),
            status=status,
            requested_on=requested_on,
            follow_up_due=due,
        )

    closed = request(Status.DECLINED, TODAY)
    waiting = request(Status.REQUESTED, TODAY, TODAY + datetime.timedelta(days=7))
    not_sent = request(Status.NOT_SENT)
    due = request(Status.FOLLOWED_UP, TODAY - datetime.timedelta(days=7), TODAY)
    overdue = request(
        Status.REQUESTED, TODAY - datetime.timedelta(days=9), TODAY - datetime.timedelta(days=2)
    )

    response = owner_client.get(url("feedback-list"))
    assert response.status_code == 200
    groups = response.context["groups"]
    assert [label for label, _ in groups] == [
        "Follow-up overdue",
        "Follow-up due",
        "Not sent yet",
        "Waiting for a reply",
        "Closed",
    ]
    assert [rows[0] for _, rows in groups] == [overdue, due, not_sent, waiting, closed]
    text = response.text
    assert text.index("Follow-up overdue") < text.index("Follow-up due") < text.index("Closed")


def test_the_list_filters_by_status_and_ignores_a_bad_filter(owner_client, requested, interview):
    make_feedback_request(make_interview(interview.application), status=Status.NOT_SENT)
    filtered = owner_client.get(url("feedback-list"), {"status": "not_sent"})
    assert [f.status for _, rows in filtered.context["groups"] for f in rows] == ["not_sent"]
    everything = owner_client.get(url("feedback-list"), {"status": "nonsense\x00"})
    assert everything.status_code == 200
    assert sum(len(rows) for _, rows in everything.context["groups"]) == 2


def test_the_list_shows_only_my_requests(owner_client, requested, stranger):
    theirs = make_feedback_request(
        make_interview(make_application(stranger, employer="Initech")), status=Status.NOT_SENT
    )
    response = owner_client.get(url("feedback-list"))
    assert "Globex" in response.text
    assert "Initech" not in response.text
    assert url("feedback-detail", theirs.pk) not in response.text


def test_the_list_is_paginated(owner_client, interview):
    for _ in range(30):
        make_feedback_request(make_interview(interview.application))
    first = owner_client.get(url("feedback-list"))
    assert sum(len(rows) for _, rows in first.context["groups"]) == 25
    assert "Page 1 of 2" in first.text
    second = owner_client.get(url("feedback-list"), {"page": 2})
    assert sum(len(rows) for _, rows in second.context["groups"]) == 5


@pytest.mark.parametrize("rows", [5, 50])
def test_the_list_uses_a_fixed_number_of_queries(
    owner_client, owner, rows, django_assert_max_num_queries
):
    for number in range(rows):
        application = make_application(owner, employer=f"Employer {number}")
        make_feedback_request(
            make_interview(application), status=Status.REQUESTED, requested_on=TODAY
        )
    with django_assert_max_num_queries(6):
        response = owner_client.get(url("feedback-list"))
    assert response.status_code == 200


def test_the_detail_page_uses_a_fixed_number_of_queries(
    owner_client, requested, django_assert_max_num_queries
):
    for _ in range(10):
        make_action_item(requested.interview.owner, feedback_request=requested)
    with django_assert_max_num_queries(6):
        response = owner_client.get(url("feedback-detail", requested.pk))
    assert response.status_code == 200


# --- Recording the answer and turning it into actions ------------------------------------------


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


# --- Quick actions -----------------------------------------------------------------------------


def test_i_sent_it_today_starts_the_week_of_waiting(owner_client, interview, clock):
    feedback = make_feedback_request(interview, status=Status.NOT_SENT)
    response = owner_client.post(url("feedback-sent", feedback.pk))
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert (feedback.status, feedback.requested_on) == (Status.REQUESTED, TODAY)
    assert feedback.follow_up_due == datetime.date(2026, 3, 23)


def test_i_followed_up_today_moves_the_next_nudge_a_week_on(owner_client, requested, clock):
    owner_client.post(url("feedback-followed-up", requested.pk))
    requested.refresh_from_db()
    assert requested.status == Status.FOLLOWED_UP
    assert requested.follow_up_due == datetime.date(2026, 3, 23)


def test_mark_as_no_response_offers_the_subject_access_request(owner_client, requested):
    response = owner_client.post(url("feedback-no-response", requested.pk), follow=True)
    requested.refresh_from_db()
    assert requested.status == Status.NO_RESPONSE
    assert requested.outcome == FeedbackRequest.Outcome.NO_ANSWER
    assert "draft-sar" in textarea_ids(response.text)


def test_a_quick_action_that_no_longer_applies_changes_nothing(owner_client, requested):
    response = owner_client.post(url("feedback-sent", requested.pk), follow=True)
    assert "nothing was changed" in response.text
    requested.refresh_from_db()
    assert requested.requested_on == datetime.date(2026, 3, 12)


def test_quick_actions_need_post(owner_client, requested):
    assert owner_client.get(url("feedback-followed-up", requested.pk)).status_code == 405


def test_it_deletes_a_request_after_confirmation(owner_client, requested):
    item = make_action_item(requested.interview.owner, feedback_request=requested)
    confirm = owner_client.get(url("feedback-delete", requested.pk))
    assert confirm.status_code == 200
    assert "Delete this feedback request?" in confirm.text
    response = owner_client.post(url("feedback-delete", requested.pk))
    assert response.url == url("interview-detail", requested.interview_id)
    assert not FeedbackRequest.objects.exists()
    item.refresh_from_db()
    assert item.feedback_request is None


# --- The interview page's panel ----------------------------------------------------------------


def test_a_rejected_interview_without_a_request_offers_one_click_to_ask(owner_client, interview):
    response = owner_client.get(url("interview-detail", interview.pk))
    assert response.status_code == 200
    assert f'href="{url("feedback-new", interview.pk)}">Ask for feedback</a>' in response.text


def test_the_interview_panel_lists_requests_with_status_and_due_date(owner_client, requested):
    response = owner_client.get(url("interview-detail", requested.interview_id))
    assert url("feedback-detail", requested.pk) in response.text
    assert "Requested" in response.text
    assert "Follow-up due 19 Mar 2026" in response.text


# --- Strangers ---------------------------------------------------------------------------------


def test_a_stranger_gets_404_everywhere_and_changes_nothing(client, stranger, requested):
    client.force_login(stranger)
    interview = requested.interview
    pages = [
        url("feedback-new", interview.pk),
        url("feedback-detail", requested.pk),
        url("feedback-edit", requested.pk),
        url("feedback-delete", requested.pk),
        url("feedback-sent", requested.pk),
        url("feedback-followed-up", requested.pk),
        url("feedback-no-response", requested.pk),
    ]
    for page in pages:
        if "sent" not in page and "followed" not in page and "no-response" not in page:
            assert client.get(page).status_code == 404, page
        response = client.post(
            page, edit_data(requested, status=Status.DECLINED, contact_name="Hacked")
        )
        assert response.status_code == 404, page
    requested.refresh_from_db()
    assert requested.status == Status.REQUESTED
    assert requested.contact_name == "Jo Recruiter"
    assert FeedbackRequest.objects.count() == 1


def test_signed_out_visitors_are_sent_to_sign_in(client, requested):
    response = client.get(url("feedback-list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_an_untouched_draft_greets_the_contact_named_in_the_form(owner_client, interview, clock):
    drafted = owner_client.get(url("feedback-new", interview.pk)).context["form"]["message"]
    owner_client.post(
        url("feedback-new", interview.pk),
        {
            "contact_name": "Jo Bloggs",
            "channel": "email",
            "status": "requested",
            "requested_on": "2026-03-16",
            # Browsers send a textarea back with CRLF line endings.
            "message": drafted.value().replace("\n", "\r\n"),
        },
    )
    message = FeedbackRequest.objects.get().message
    assert message.startswith("Dear Jo Bloggs,")
    assert "Data Analyst role at Globex" in message


# --- The adviser's read-only view reuses these templates ---------------------------------------


def test_an_adviser_sees_the_request_without_drafts_or_controls(owner, requested):
    from django.template.loader import render_to_string

    from debrief.views.feedback import feedback_detail_context

    context = feedback_detail_context(requested, sender_name=owner.display_name, today=TODAY)
    html = render_to_string(
        "debrief/feedbackrequest_detail.html", {**context, "record_client": owner}
    )
    assert "Jo Recruiter" in html
    assert (
        reverse("debrief:adviser-interview-detail", args=[owner.pk, requested.interview_id]) in html
    )
    for control in ["<textarea", "mailto:jo@acme.example?subject", "/edit/", "/delete/", "<form"]:
        assert control not in html, control


def test_the_database_refuses_an_answer_dated_before_the_request(interview):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_feedback_request(
            interview,
            status=Status.RECEIVED,
            requested_on=datetime.date(2026, 3, 12),
            received_on=datetime.date(2026, 3, 11),
        )


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


def test_the_main_button_is_the_reminder_only_once_it_is_due(owner_client, requested, time_machine):
    time_machine.move_to(datetime.datetime(2026, 3, 14, 10, tzinfo=datetime.UTC), tick=False)
    page = owner_client.get(url("feedback-detail", requested.pk)).text
    assert 'class="btn btn-primary" href="/feedback/' in page  # their answer, not yet a reminder
    time_machine.move_to(datetime.datetime(2026, 3, 19, 10, tzinfo=datetime.UTC), tick=False)
    page = owner_client.get(url("feedback-detail", requested.pk)).text
    assert 'class="btn btn-primary">I followed up today' in page
