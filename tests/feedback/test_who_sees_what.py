"""Feedback requests: the interview page's panel, strangers, the adviser's read-only view."""

import pytest
from django.urls import reverse

from debrief.models import FeedbackRequest
from tests.feedback.helpers import TODAY, Status, edit_data, url

pytestmark = [pytest.mark.django_db, pytest.mark.frozen_at("2026-03-16 10:00:00+00:00")]


def test_a_rejected_interview_without_a_request_offers_one_click_to_ask(owner_client, interview):
    response = owner_client.get(url("interview-detail", interview.pk))
    assert response.status_code == 200
    assert f'href="{url("feedback-new", interview.pk)}">Ask for feedback</a>' in response.text


def test_the_interview_panel_lists_requests_with_status_and_due_date(owner_client, requested):
    response = owner_client.get(url("interview-detail", requested.interview_id))
    assert url("feedback-detail", requested.pk) in response.text
    assert '<span class="badge badge-status status-requested">Requested</span>' in response.text
    assert "Follow-up due 19 Mar 2026" in response.text


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
        assert response.status_code in (404, 405), page  # a read-only page refuses POST (405)
    requested.refresh_from_db()
    assert requested.status == Status.REQUESTED
    assert requested.contact_name == "Jo Recruiter"
    assert FeedbackRequest.objects.count() == 1


def test_signed_out_visitors_are_sent_to_sign_in(client, requested):
    response = client.get(url("feedback-list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


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
