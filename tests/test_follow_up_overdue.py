"""Follow-up overdue, at its boundary, wherever it is read.

One rule (debrief.models.feedback.follow_up_day_passed): a request awaiting a reply is overdue
once the day to follow it up has passed; due today it is due, not yet overdue. Each page that
says "overdue" is checked with one request due yesterday and one due today, so a reader that
counted the day itself (`<=` for `<`) would show two.
"""

import datetime

import pytest
from django.urls import reverse

from debrief.models import FeedbackRequest
from tests.adviser_helpers import sign_in_verified
from tests.factories import grant_access, make_application, make_feedback_request, make_interview
from tests.html import parse

pytestmark = pytest.mark.django_db


def page_text(response) -> str:
    return parse(response).text


@pytest.fixture
def requests(owner, clock):
    """A request whose follow-up was due yesterday and one due today, both awaiting a reply."""
    made = {}
    for employer, days_ago in (("Late Ltd", 1), ("Today plc", 0)):
        interview = make_interview(
            make_application(owner, employer=employer),
            scheduled_at=clock.now - datetime.timedelta(days=10),
        )
        made[employer] = make_feedback_request(
            interview,
            status=FeedbackRequest.Status.REQUESTED,
            requested_on=clock.today - datetime.timedelta(days=7 + days_ago),
            follow_up_due=clock.today - datetime.timedelta(days=days_ago),
        )
    return made


def test_it_counts_only_the_day_passed_on_the_dashboard(owner_client, requests):
    response = owner_client.get(reverse("debrief:dashboard"))

    assert response.context["feedback_overdue"] == 1
    assert "1 overdue." in page_text(response)


def test_it_marks_only_the_day_passed_in_the_dashboard_list(owner_client, requests):
    response = owner_client.get(reverse("debrief:dashboard"))

    due = {request.employer: request.overdue for request in response.context["feedback_due"]}
    assert due == {"Late Ltd": True, "Today plc": False}


def test_it_puts_only_the_day_passed_first_in_the_feedback_list(owner_client, requests):
    response = owner_client.get(reverse("debrief:feedback-list"))

    priorities = {
        request.interview.application.employer: request.priority
        for request in response.context["page_obj"].object_list
    }
    assert priorities == {"Late Ltd": 0, "Today plc": 1}


def test_it_badges_only_the_day_passed_on_the_request(owner_client, requests):
    late = owner_client.get(reverse("debrief:feedback-detail", args=[requests["Late Ltd"].pk]))
    today = owner_client.get(reverse("debrief:feedback-detail", args=[requests["Today plc"].pk]))

    assert "Follow-up overdue" in page_text(late)
    assert "Follow-up overdue" not in page_text(today)


def test_it_counts_only_the_day_passed_in_the_caseload(client, adviser, owner, requests):
    grant_access(owner, adviser)
    sign_in_verified(client, adviser)

    response = client.get(reverse("debrief:adviser-caseload"))

    [row] = response.context["page_obj"].object_list
    assert row.overdue_follow_ups == 1


def test_a_request_no_longer_awaiting_a_reply_is_never_overdue(owner_client, requests, clock):
    FeedbackRequest.objects.filter(pk=requests["Late Ltd"].pk).update(
        status=FeedbackRequest.Status.RECEIVED,
        received_on=clock.today,
        outcome=FeedbackRequest.Outcome.SPECIFIC,
    )

    response = owner_client.get(reverse("debrief:dashboard"))

    assert response.context["feedback_overdue"] == 0
    assert not FeedbackRequest.objects.get(pk=requests["Late Ltd"].pk).is_overdue(clock.today)
