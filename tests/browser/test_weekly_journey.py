"""The job seeker's week, end to end in Chromium, with axe-core on every page visited."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from debrief.models import ActionItem, Application, FeedbackRequest, Interview, StarAnswer
from tests.factories import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RATING_GROUPS = [
    "Answered questions effectively",
    "Structured answers with STAR",
    "Professional manner",
    "Expressed suitability (skills and experience)",
    "Showed enthusiasm",
    "Managed nerves",
]


def test_a_job_seeker_records_an_interview_learns_from_the_rejection_and_prepares(
    page: Page, live_server, axe_check
):
    user = make_user("sam@example.com", "Sam Taylor")
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    # An application.
    page.get_by_role("link", name="Applications", exact=True).click()
    axe_check(page)
    page.get_by_role("link", name="Add your first application").click()
    axe_check(page)
    page.get_by_label("Employer").fill("Globex")
    page.get_by_label("Role title").fill("Data Analyst")
    page.get_by_label("Date applied").fill("2026-11-02")
    page.get_by_role("button", name="Add application").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Data Analyst")
    axe_check(page)

    # Its interview, which went badly.
    page.get_by_role("link", name="Add an interview").click()
    axe_check(page)
    page.get_by_label("When").fill("2026-11-16T10:00")
    page.get_by_label("Outcome", exact=True).select_option("rejected")
    page.get_by_role("button", name="Add interview").click()
    expect(page.get_by_text("Write your debrief while it is fresh").first).to_be_visible()
    axe_check(page)
    assert Application.objects.get().status == Application.Status.REJECTED

    # The debrief.
    page.get_by_role("link", name="Write your debrief while it is fresh").click()
    for group in RATING_GROUPS:
        page.get_by_role("group", name=group).get_by_label("3 – Good").check()
    page.get_by_label("What I would do better").fill("Quantify my results.")
    page.get_by_label("Question asked").first.fill("Tell me about a time you led a team")
    page.get_by_role("button", name="Save debrief").click()
    expect(page.get_by_text("Debrief saved.")).to_be_visible()
    axe_check(page)

    # Ask for feedback, then record what they said, with reasons and an action in one step.
    page.get_by_role("link", name="Ask the employer for feedback").click()
    page.get_by_label("Contact name").fill("Jo Bloggs")
    page.get_by_label("Contact email").fill("jo@globex.example")
    page.get_by_role("button", name="Save feedback request").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Feedback request")
    page.get_by_role("button", name="I sent it today").click()
    page.get_by_role("link", name="I have their answer").click()
    axe_check(page)
    page.get_by_label("Feedback I can act on").check()
    page.get_by_label("Date of their answer").fill(timezone.localdate().isoformat())
    page.get_by_label("What they said").fill("Strong SQL; we needed more Power BI.")
    page.get_by_label("Skills gap").first.check()
    page.get_by_label("A stronger candidate").first.check()
    page.get_by_label(re.compile(r"Skills gap →")).check()
    page.get_by_role("button", name="Save their answer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Feedback request")
    axe_check(page)
    feedback = FeedbackRequest.objects.get()
    assert feedback.reasons == ["skills_gap", "stronger_candidate"]
    assert ActionItem.objects.get().feedback_request == feedback

    # An action item of my own.
    page.goto(f"{live_server.url}/actions/new/")
    axe_check(page)
    page.get_by_label("Action", exact=True).fill("Finish the Power BI course")
    page.get_by_label("Area").select_option("skills")
    page.get_by_role("button", name=re.compile("Save|Add")).click()
    expect(page.get_by_text("Finish the Power BI course", exact=True)).to_be_visible()
    axe_check(page)

    # A STAR answer for the question I fumbled.
    page.get_by_role("link", name="STAR answers").click()
    axe_check(page)
    page.goto(f"{live_server.url}/star/new/")
    page.get_by_label("Title", exact=True).fill("Led the stock-take team")
    page.get_by_label("Teamwork").check()
    page.get_by_label("Situation", exact=True).fill("Year-end stock-take, two people off sick.")
    page.get_by_label("Task", exact=True).fill("Finish on time with a team of four.")
    page.get_by_label("Action", exact=True).fill("Re-planned the zones and paired people up.")
    page.get_by_label("Result", exact=True).fill("Done a day early, 0.2% variance.")
    page.get_by_role("button", name=re.compile("Save|Add")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Led the stock-take team")
    axe_check(page)

    assert StarAnswer.objects.filter(owner=user).count() == 1
    assert ActionItem.objects.filter(owner=user).count() == 2
    assert Interview.objects.get().debrief.rating_nerves == 3
