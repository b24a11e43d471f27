"""Patterns in what employers said: the dashboard names a reason or a self-assessment question
only when two or more rejections share it ("one signal is not a pattern"), and links each to the
actions it led to; its figures stay cached and correct."""

import datetime

import pytest
from django.urls import reverse

from debrief.models import FeedbackRequest, Interview, Reason
from tests.factories import (
    make_action_item,
    make_application,
    make_feedback_request,
    make_interview,
)
from tests.test_dashboard import page_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

DASHBOARD = reverse("debrief:dashboard")
HEADING = "Patterns in what employers said"


def feedback(owner, employer: str, *, reasons=(), dimensions=()) -> FeedbackRequest:
    interview = make_interview(
        make_application(owner, employer=employer),
        scheduled_at=datetime.datetime(2026, 10, 1, 10, tzinfo=datetime.UTC),
        outcome=Interview.Outcome.REJECTED,
        outcome_date=datetime.date(2026, 10, 3),
    )
    return make_feedback_request(
        interview,
        status=FeedbackRequest.Status.RECEIVED,
        requested_on=datetime.date(2026, 10, 4),
        received_on=datetime.date(2026, 10, 9),
        reasons=list(reasons),
        dimensions=list(dimensions),
    )


def test_one_signal_is_not_a_pattern(owner_client, owner):
    feedback(owner, "Acme", reasons=[Reason.SKILLS_GAP], dimensions=["rating_nerves"])
    feedback(owner, "Beta", reasons=[Reason.OTHER])
    feedback(owner, "Gamma", reasons=[Reason.OTHER])
    text = page_text(owner_client.get(DASHBOARD))
    assert HEADING not in text


def test_two_rejections_sharing_a_reason_show_with_the_actions_they_led_to(owner_client, owner):
    acme = feedback(owner, "Acme", reasons=[Reason.SKILLS_GAP], dimensions=["rating_nerves"])
    feedback(owner, "Beta", reasons=[Reason.SKILLS_GAP, Reason.STRONGER_CANDIDATE])
    feedback(
        owner,
        "Gamma",
        reasons=[Reason.STRONGER_CANDIDATE, Reason.QUALIFICATIONS],
        dimensions=["rating_nerves"],
    )
    delta = feedback(owner, "Delta", reasons=[Reason.QUALIFICATIONS])
    action = make_action_item(owner, "Learn window functions", feedback_request=acme)

    response = owner_client.get(DASHBOARD)
    text = page_text(response)
    assert HEADING in text
    assert "Skills gap : 2 rejections" in text
    assert "Managed nerves : 2 rejections" in text
    assert "A stronger candidate : 2 rejections" in text
    assert "outside your control: business, not personal" in text
    html = response.content.decode()
    assert reverse("debrief:action-edit", args=[action.pk]) in html
    # A pattern within my control with no action yet (qualifications) offers one, made from the
    # latest request that gave it; skills gap, which has its action, offers none.
    assert "Qualifications : 2 rejections" in text
    offers = html.count(f"{reverse('debrief:action-new')}?feedback=")
    assert offers == 1
    assert f"{reverse('debrief:action-new')}?feedback={delta.pk}" in html


def test_the_pattern_appears_on_the_next_visit_and_stays_within_the_query_budget(
    owner_client, owner, django_assert_max_num_queries
):
    feedback(owner, "Acme", reasons=[Reason.QUALIFICATIONS])
    assert HEADING not in page_text(owner_client.get(DASHBOARD))  # cached now
    feedback(owner, "Beta", reasons=[Reason.QUALIFICATIONS])
    assert "Qualifications : 2 rejections" in page_text(owner_client.get(DASHBOARD))
    # warm: the patterns come from the cache (the adviser's panel and the waiting emails are
    # read live, in one statement)
    with django_assert_max_num_queries(6):
        owner_client.get(DASHBOARD)


def test_another_persons_feedback_makes_no_pattern_of_mine(owner_client, owner, stranger):
    feedback(owner, "Acme", reasons=[Reason.SKILLS_GAP])
    feedback(stranger, "Beta", reasons=[Reason.SKILLS_GAP])
    assert HEADING not in page_text(owner_client.get(DASHBOARD))


def test_a_pattern_lists_its_newest_actions_and_points_to_the_rest(owner_client, owner):
    first = feedback(owner, "Acme", reasons=[Reason.SKILLS_GAP])
    feedback(owner, "Beta", reasons=[Reason.SKILLS_GAP])
    for number in range(7):
        make_action_item(owner, f"Action number {number}", feedback_request=first)

    html = owner_client.get(DASHBOARD).content.decode()
    panel = html[html.index('id="patterns-heading"') :]
    panel = panel[: panel.index("</section>")]

    assert "Skills gap</strong>: 2 rejections" in panel
    shown = [number for number in range(7) if f"Action number {number}<" in panel]
    assert shown == [2, 3, 4, 5, 6]
    assert "And earlier ones: all your actions" in panel
    assert f'href="{reverse("debrief:action-list")}"' in panel
