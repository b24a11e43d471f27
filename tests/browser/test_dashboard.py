import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from debrief.models import Application, FeedbackRequest, Interview
from tests.factories import (
    PASSWORD,
    make_action_item,
    make_application,
    make_debrief,
    make_feedback_request,
    make_interview,
    make_star_answer,
    make_user,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_dashboard_and_the_preparation_sheet_tell_the_story(page: Page, live_server, axe_check):
    user = make_user("sam@example.com", "Sam Taylor")
    today = timezone.localdate()
    rejected = make_interview(
        make_application(user, employer="Acme", status=Application.Status.REJECTED),
        scheduled_at=timezone.now() - datetime.timedelta(days=10),
        outcome=Interview.Outcome.REJECTED,
        outcome_date=today - datetime.timedelta(days=3),
    )
    make_debrief(
        rejected, rating=3, rating_star=2, my_reasons=["impression"], do_better="Slow down."
    )
    make_feedback_request(
        rejected,
        status=FeedbackRequest.Status.RECEIVED,
        requested_on=today - datetime.timedelta(days=2),
        received_on=today - datetime.timedelta(days=1),
        reasons=["skills_gap", "stronger_candidate"],
        feedback_text="Another candidate knew SQL better.",
    )
    upcoming = make_interview(
        make_application(user, employer="Globex", status=Application.Status.INTERVIEWING),
        scheduled_at=timezone.now() + datetime.timedelta(days=4),
    )
    make_star_answer(user, "Rescued a late project", competencies=["problem_solving"])
    make_action_item(user, "Learn SQL window functions")

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your dashboard")
    # Acme's "no" is debriefed and answered: the interview this week leads (progress first).
    expect(page.get_by_role("heading", name="Interview this week: Globex")).to_be_visible()
    expect(
        page.get_by_role("img", name="Structured answers with STAR: 2 out of 5, oldest to newest")
    ).to_be_visible()
    axe_check(page)

    page.get_by_role("link", name="Prepare for Globex").click()
    expect(page).to_have_url(f"{live_server.url}/interviews/{upcoming.pk}/prepare/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Preparing for Globex")
    # The lessons are folded under their heading: the reader opens them.
    page.get_by_role("heading", name="Lessons from earlier rejections").click()
    expect(page.get_by_text("Another candidate knew SQL better.")).to_be_visible()
    axe_check(page)
