import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from debrief.models import Interview
from tests.factories import PASSWORD, make_application, make_interview, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_after_a_rejection_a_job_seeker_debriefs_and_asks_for_feedback(
    page: Page, live_server, axe_check
):
    user = make_user("river@example.com", "River Song")
    interview = make_interview(
        make_application(user, employer="Globex", role_title="Data Analyst"),
        outcome=Interview.Outcome.REJECTED,
        outcome_date=timezone.localdate(),
    )
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.goto(f"{live_server.url}/interviews/{interview.pk}/")
    page.get_by_role("link", name="Write your debrief while it is fresh").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Write your debrief")
    axe_check(page)

    for legend in ["Answered questions effectively", "Structured answers with STAR"]:
        page.get_by_role("group", name=legend).get_by_label("4 – Very good").check()
    page.get_by_role("button", name="Save debrief").click()
    # Saved part-way: a draft, which says how far it got.
    expect(page.get_by_text("Saved as a draft: 2 of 6 ratings given.")).to_be_visible()
    axe_check(page)
    page.goto(f"{live_server.url}/interviews/{interview.pk}/debrief/")
    expect(
        page.get_by_role("group", name="Structured answers with STAR").get_by_label("4 – Very good")
    ).to_be_checked()
    for legend in [
        "Professional manner",
        "Expressed suitability (skills and experience)",
        "Showed enthusiasm",
        "Managed nerves",
    ]:
        page.get_by_role("group", name=legend).get_by_label("3 – Good").check()
    page.get_by_label("What I would do better").fill("Slow down and use STAR.")
    page.get_by_label("The impression I gave (e.g. nerves)").check()
    page.get_by_label("Question asked").first.fill("Tell me about a conflict")
    page.get_by_role("button", name="Save debrief").click()

    expect(page.get_by_text("Debrief saved.")).to_be_visible()
    expect(page.get_by_text("4 out of 5").first).to_be_visible()
    axe_check(page)

    page.get_by_role("link", name="Ask the employer for feedback").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask for feedback")
    axe_check(page)
    page.get_by_label("Contact name").fill("Jo Bloggs")
    page.get_by_label("Contact email").fill("jo@globex.example")
    page.get_by_role("button", name="Save feedback request").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Feedback request")
    expect(
        page.get_by_role("button", name=re.compile("Copy.*Feedback request email"))
    ).to_be_visible()
    link = page.get_by_role("link", name=re.compile("Open in your email app.*Feedback request"))
    expect(link).to_have_attribute("href", re.compile(r"^mailto:jo@globex\.example\?subject="))
    expect(page.get_by_label("Text of the email")).to_have_value(re.compile("^Dear Jo,"))
    axe_check(page)

    # Saved as not sent: only the user knows when it went out.
    page.get_by_role("button", name="I sent it today").click()
    page.get_by_role("link", name="Feedback", exact=True).click()
    expect(page.get_by_role("heading", name="Waiting for a reply")).to_be_visible()
    axe_check(page)
