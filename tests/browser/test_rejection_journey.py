"""The rejection path in a real browser, at desktop and phone width: from the applications list to
the decision recorded, then a saved debrief, a feedback draft and a saved action, each within
three clicks of the "no"; axe on every page on the way; "Revoke access" visible on a phone."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from debrief.models import ActionItem, Application, Debrief, FeedbackRequest, Interview
from tests.factories import PASSWORD, grant_access, make_application, make_interview, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
RATINGS = [
    "Answered questions effectively",
    "Structured answers with STAR",
    "Professional manner",
    "Expressed suitability (skills and experience)",
    "Showed enthusiasm",
    "Managed nerves",
]


class Clicks:
    """Counts the clicks that move the person on (links and buttons), not the typing."""

    def __init__(self, page: Page, axe_check):
        self.page, self.axe_check, self.count = page, axe_check, 0

    def on(self, locator) -> None:
        self.count += 1
        locator.click()
        self.page.wait_for_load_state()
        self.axe_check(self.page)

    def fits_the_width(self) -> None:
        overflow = self.page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{self.page.url} is {overflow}px wider than the screen"


def sign_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


@pytest.mark.parametrize("width", list(WIDTHS))
def test_from_the_no_to_a_debrief_a_feedback_draft_and_an_action(
    page: Page, live_server, axe_check, width
):
    page.set_viewport_size(WIDTHS[width])
    user = make_user("river@example.com", "River Song")
    application = make_application(
        user,
        employer="Octopus Energy",
        role_title="Data Analyst",
        date_applied=timezone.localdate() - datetime.timedelta(days=20),
        job_url="https://jobs.example.com/octopus-energy/data-analyst/" + "x" * 120,
    )
    interview = make_interview(
        application, scheduled_at=timezone.now() - datetime.timedelta(days=3)
    )
    application.change_status(Application.Status.INTERVIEWING)
    sign_in(page, live_server.url, user.email)
    clicks = Clicks(page, axe_check)

    # From the list: "They said no" (1), "Record it and write my debrief" (2), "Save debrief" (3).
    page.goto(f"{live_server.url}/applications/")
    axe_check(page)
    clicks.fits_the_width()
    clicks.on(page.get_by_role("link", name=re.compile(r"^They said no\b.*Octopus Energy")))
    expect(page.get_by_role("heading", level=1)).to_have_text("I've been turned down")
    clicks.fits_the_width()
    page.get_by_label("What they said, if anything").fill(
        "Thank you for your time; we have decided to proceed with other candidates."
    )
    clicks.on(page.get_by_role("button", name="Record it and write my debrief"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Write your debrief")
    interview.refresh_from_db()
    assert interview.outcome == Interview.Outcome.REJECTED
    for legend in RATINGS:
        page.get_by_role("group", name=legend).get_by_label("3 – Good").check()
    page.get_by_label("What I would do better").fill("Lead with numbers; use STAR every time.")
    clicks.on(page.get_by_role("button", name="Save debrief"))
    assert clicks.count == 3, "from the list to a saved debrief"
    assert Debrief.objects.filter(interview=interview).exists()
    # It lands on the next steps, in the guide's order, the debrief marked done.
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "They said no. Here is what to do with it."
    )
    expect(page.get_by_text("Your debrief is written.")).to_be_visible()
    expect(page.get_by_role("heading", name="It's business, not personal")).to_be_visible()
    clicks.fits_the_width()
    next_steps = page.url

    # The feedback draft: one click shows it drafted (4 from the list), one more saves it.
    clicks.count = 0
    clicks.on(page.get_by_role("link", name="Ask for feedback (draft ready)"))
    expect(page.get_by_label("Request message")).to_have_value(re.compile("Dear "))
    page.get_by_label("Contact name").fill("Jo Bloggs")
    page.get_by_label("Contact email").fill("jo@octopus.example")
    clicks.on(page.get_by_role("button", name="Save feedback request"))
    assert clicks.count == 2
    expect(page.get_by_label("Text of the email")).to_have_value(re.compile("^Dear Jo Bloggs,"))
    clicks.fits_the_width()
    assert FeedbackRequest.objects.filter(interview=interview).count() == 1

    # The action: on the next steps, pre-filled with what I would do better: one click saves it.
    page.goto(next_steps)
    clicks.count = 0
    expect(page.get_by_label("Action")).to_have_value("Lead with numbers; use STAR every time.")
    clicks.on(page.get_by_role("button", name="Save this action"))
    assert clicks.count == 1
    assert ActionItem.objects.filter(owner=user, debrief__interview=interview).count() == 1

    # Back and save again: still one action, and the page it lands on says so.
    page.go_back()
    page.get_by_role("button", name="Save this action").click()
    expect(page.get_by_text("already sent and saved once")).to_be_visible()
    assert ActionItem.objects.filter(owner=user).count() == 1


@pytest.mark.parametrize("width", list(WIDTHS))
def test_from_the_no_to_a_saved_action_in_three_clicks(page: Page, live_server, axe_check, width):
    """Before writing anything else: "They said no" (1), "Record it" (2), "Save this action" (3)."""
    page.set_viewport_size(WIDTHS[width])
    user = make_user("river@example.com", "River Song")
    application = make_application(
        user, employer="Ocado", role_title="Analyst", date_applied=timezone.localdate()
    )
    sign_in(page, live_server.url, user.email)
    clicks = Clicks(page, axe_check)
    page.goto(f"{live_server.url}/applications/")
    clicks.on(page.get_by_role("link", name=re.compile(r"^They said no\b.*Ocado")))
    clicks.on(page.get_by_role("button", name=re.compile(r"^Record it$")))
    expect(page.get_by_label("Action")).to_have_value(re.compile("my application to Ocado"))
    clicks.fits_the_width()
    clicks.on(page.get_by_role("button", name="Save this action"))
    assert clicks.count == 3
    assert ActionItem.objects.filter(owner=user, area=ActionItem.Area.APPLICATIONS).count() == 1
    application.refresh_from_db()
    assert application.status == Application.Status.REJECTED


def test_on_a_phone_revoke_access_is_on_screen(page: Page, live_server, axe_check):
    page.set_viewport_size(WIDTHS["phone"])
    user = make_user("river@example.com", "River Song")
    adviser = make_user(
        "a.very.long.adviser.address@careers-service.example.ac.uk", "Ada Adviser", role="adviser"
    )
    grant_access(user, adviser)
    sign_in(page, live_server.url, user.email)
    page.goto(f"{live_server.url}/settings/sharing/")
    axe_check(page)
    button = page.get_by_role("button", name="Revoke access for Ada Adviser")
    # Reached by scrolling down, never sideways: it sits within the phone's width.
    button.scroll_into_view_if_needed()
    expect(button).to_be_in_viewport()
    box = button.bounding_box()
    assert box is not None
    assert box["x"] + box["width"] <= WIDTHS["phone"]["width"]
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
