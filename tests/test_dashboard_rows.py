"""The dashboard's repeated rows are written in Python (debrief/templatetags/dashboard_rows.py):
what a person typed stays text there, in the job seeker's own view and in their adviser's, and
the rows link where the templates linked."""

import datetime
import html

import pytest
from django.urls import reverse

from debrief.models import FeedbackRequest, Interview, Reason
from tests.adviser_helpers import sign_in_verified
from tests.factories import (
    grant_access,
    make_action_item,
    make_application,
    make_debrief,
    make_feedback_request,
    make_interview,
)

pytestmark = [pytest.mark.django_db]

TYPED = '<img src=x onerror="alert(1)">Evil & Co'
SHOWN = html.escape(TYPED)
PANELS = (
    "upcoming-heading",
    "undebriefed-heading",
    "feedback-due-heading",
    "trend-heading",
    "patterns-heading",
    "actions-heading",
    "silence-heading",
)


def days(number: int, clock) -> datetime.datetime:
    return clock.now + datetime.timedelta(days=number)


@pytest.fixture
def typed_record(owner, clock):
    """A record whose every row on the dashboard shows something the person typed."""
    application = make_application(owner, employer=TYPED, role_title=TYPED)
    coming = make_interview(application, scheduled_at=days(3, clock))
    waiting = make_interview(application, scheduled_at=days(-2, clock))
    rejections = []
    for number in (10, 12):
        interview = make_interview(
            application,
            scheduled_at=days(-number, clock),
            outcome=Interview.Outcome.REJECTED,
            outcome_date=(clock.now - datetime.timedelta(days=number - 1)).date(),
        )
        make_debrief(interview)
        rejections.append(
            make_feedback_request(
                interview,
                status=FeedbackRequest.Status.RECEIVED,
                requested_on=clock.today - datetime.timedelta(days=number - 2),
                received_on=clock.today - datetime.timedelta(days=number - 4),
                reasons=[Reason.SKILLS_GAP],
            )
        )
    asked = make_interview(application, scheduled_at=days(-30, clock))
    make_debrief(asked)
    follow_up = make_feedback_request(
        asked,
        status=FeedbackRequest.Status.REQUESTED,
        requested_on=clock.today - datetime.timedelta(days=28),
        follow_up_due=clock.today - datetime.timedelta(days=1),
    )
    make_action_item(owner, TYPED, feedback_request=rejections[0])
    make_action_item(owner, TYPED, due_date=clock.today + datetime.timedelta(days=3))
    return {"coming": coming, "waiting": waiting, "follow_up": follow_up}


def panel(page: str, heading: str) -> str:
    start = page.index(f'id="{heading}"')
    return page[start : page.index("</section>", start)]


def test_what_the_job_seeker_typed_stays_text_in_every_row(owner_client, typed_record):
    page = owner_client.get(reverse("debrief:dashboard")).content.decode()

    assert TYPED not in page
    for heading in PANELS:
        assert SHOWN in panel(page, heading), heading


def test_the_rows_link_where_the_templates_did(owner_client, typed_record):
    page = owner_client.get(reverse("debrief:dashboard")).content.decode()
    coming, waiting = typed_record["coming"], typed_record["waiting"]

    upcoming = panel(page, "upcoming-heading")
    assert reverse("debrief:interview-detail", args=[coming.pk]) in upcoming
    assert reverse("debrief:interview-prepare", args=[coming.pk]) in upcoming
    undebriefed = panel(page, "undebriefed-heading")
    assert reverse("debrief:debrief-edit", args=[waiting.pk]) in undebriefed
    decision = reverse("debrief:application-decision", args=[waiting.application_id, "turned-down"])
    assert f"{decision}?interview={waiting.pk}" in undebriefed
    due = panel(page, "feedback-due-heading")
    assert reverse("debrief:feedback-detail", args=[typed_record["follow_up"].pk]) in due
    assert "status-overdue" in due


def test_in_the_advisers_view_the_rows_are_text_and_link_within_the_clients_record(
    client, adviser, owner, typed_record
):
    grant_access(owner, adviser)
    sign_in_verified(client, adviser)
    page = client.get(reverse("debrief:adviser-dashboard", args=[owner.pk])).content.decode()

    assert TYPED not in page
    for heading in PANELS[:-1]:  # the silence question is the job seeker's to answer
        assert SHOWN in panel(page, heading), heading
    coming = typed_record["coming"]
    upcoming = panel(page, "upcoming-heading")
    assert reverse("debrief:adviser-interview-detail", args=[owner.pk, coming.pk]) in upcoming
    assert "Preparation sheet" in upcoming
    # Nothing to do on the client's behalf: no debrief to write, no action to edit.
    assert reverse("debrief:debrief-edit", args=[typed_record["waiting"].pk]) not in page
    assert "/actions/" not in panel(page, "patterns-heading")


def test_a_table_of_reasons_with_none_says_so(owner_client, owner, clock):
    interview = make_interview(
        make_application(owner),
        scheduled_at=days(-10, clock),
        outcome=Interview.Outcome.REJECTED,
        outcome_date=clock.today - datetime.timedelta(days=9),
    )
    make_feedback_request(
        interview,
        status=FeedbackRequest.Status.RECEIVED,
        requested_on=clock.today - datetime.timedelta(days=8),
        received_on=clock.today - datetime.timedelta(days=6),
        reasons=[Reason.STRONGER_CANDIDATE],
    )
    reasons = panel(owner_client.get(reverse("debrief:dashboard")).text, "reasons-heading")

    within, outside = reasons.split("Outside your control")
    assert '<td colspan="3">None so far.</td>' in within
    assert "None so far." not in outside
    assert "A stronger candidate</th>" in outside
