"""The hour after a "no", in a real browser at desktop and phone width, every click counted from
the dashboard card of an interview that has just ended (Clicks wraps each one and runs axe on
the page it leads to):

- the feedback request marked sent: "They said no" (1), "Record it" (2), "I've sent it" (3);
- the one-minute debrief saved: "They said no" (1), "Record it" (2), a check-in feeling (3);
- the lesson saved as an action: "They said no" (1), "Record it" (2), "Save and make it an
  action" (3).

Sending the email itself happens in the person's own email app ("Open in my email app" or
"Copy"), outside these counts. With DEBRIEF_SCREENSHOTS=1 the pages are saved to
docs/screenshots/hour-after-a-no-*.png.
"""

import datetime
import os
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from debrief.models import ActionItem, Application, Debrief, FeedbackRequest, Interview
from tests.browser.helpers import WIDTHS, Clicks, sign_in
from tests.factories import make_application, make_interview, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def shot(page: Page, name: str, width: str) -> None:
    if os.environ.get("DEBRIEF_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"hour-after-a-no-{name}-{width}.png", full_page=True)


@pytest.fixture
def just_interviewed(db):
    user = make_user("river@example.com", "River Song")
    application = make_application(
        user,
        employer="Octopus Energy",
        role_title="Data Analyst",
        date_applied=timezone.localdate() - datetime.timedelta(days=20),
    )
    interview = make_interview(
        application,
        scheduled_at=timezone.now() - datetime.timedelta(days=2),
        interviewers="Jo Bloggs (Head of Data), Sam Lee",
    )
    application.change_status(Application.Status.INTERVIEWING)
    return user, interview


def from_the_card_to_the_next_steps(page: Page, live_server, axe_check, width: str, user):
    """Dashboard → "They said no" (1) → "Record it" (2): the next steps, feedback first."""
    page.set_viewport_size(WIDTHS[width])
    sign_in(page, live_server.url, user.email)
    page.goto(f"{live_server.url}/dashboard/")
    axe_check(page)
    clicks = Clicks(page, axe_check)
    clicks.on(page.get_by_role("link", name=re.compile(r"^They said no\b.*Octopus Energy")))
    expect(page.get_by_role("heading", level=1)).to_have_text("I've been turned down")
    # The interview is chosen and the date is today: nothing to press but "Record it".
    expect(page.get_by_role("radio", name=re.compile(r"^First interview"))).to_be_checked()
    expect(page.get_by_label("Date they told you")).to_have_value(timezone.localdate().isoformat())
    clicks.fits_the_width()
    shot(page, "1-they-said-no", width)
    page.get_by_label("What they said, if anything").fill(
        "Thank you for your time; we have decided to proceed with other candidates."
    )
    clicks.on(page.get_by_role("button", name="Record it"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "They said no. Here is what to do with it."
    )
    clicks.fits_the_width()
    return clicks


@pytest.mark.parametrize("width", list(WIDTHS))
def test_the_feedback_request_is_marked_sent_in_three_clicks(
    page: Page, live_server, axe_check, width, just_interviewed
):
    user, interview = just_interviewed
    clicks = from_the_card_to_the_next_steps(page, live_server, axe_check, width, user)
    # Drafted from what Debrief knows: the interviewer, greeted by first name, the role, the day.
    expect(page.get_by_label("Contact name")).to_have_value("Jo Bloggs")
    email = page.get_by_label("The email")
    expect(email).to_have_value(re.compile(r"^Dear Jo,\n"))
    expect(email).to_have_value(re.compile("Data Analyst role at Octopus Energy"))
    expect(page.get_by_role("button", name=re.compile("^Copy"))).to_be_visible()
    page.get_by_label("Contact email").fill("jo@octopus.example")
    expect(page.get_by_role("link", name="Open in my email app")).to_have_attribute(
        "href", re.compile(r"^mailto:jo@octopus\.example\?subject=Feedback")
    )
    shot(page, "2-feedback-first", width)
    clicks.on(page.get_by_role("button", name="I've sent it"))
    assert clicks.count == 3, "from the dashboard card to a request marked sent"
    expect(page.get_by_text("Marked as sent today.")).to_be_visible()
    request = FeedbackRequest.objects.get(interview=interview)
    assert request.status == FeedbackRequest.Status.REQUESTED
    assert request.requested_on == timezone.localdate()
    assert request.follow_up_due == timezone.localdate() + datetime.timedelta(days=7)
    assert request.contact_email == "jo@octopus.example"
    # The step is done, and the page never offers to send it again.
    expect(page.get_by_text(re.compile(r"Asked on .*; follow up on"))).to_be_visible()
    expect(page.get_by_role("button", name="I've sent it")).to_have_count(0)
    clicks.fits_the_width()


@pytest.mark.parametrize("width", list(WIDTHS))
def test_the_one_minute_debrief_is_saved_in_three_clicks(
    page: Page, live_server, axe_check, width, just_interviewed
):
    user, interview = just_interviewed
    clicks = from_the_card_to_the_next_steps(page, live_server, axe_check, width, user)
    page.get_by_label("One thing that went well").fill("Built rapport with the panel.")
    page.get_by_label("One thing to do better next time").fill("Quantify my results.")
    clicks.on(page.get_by_role("button", name="Disappointed", exact=True))
    assert clicks.count == 3, "from the dashboard card to a saved quick debrief"
    expect(page.get_by_text("Disappointment shows it mattered to you")).to_be_visible()
    debrief = Debrief.objects.get(interview=interview)
    assert debrief.check_in == Debrief.CheckIn.DISAPPOINTED
    assert debrief.went_well == "Built rapport with the panel."
    assert debrief.do_better == "Quantify my results."
    assert not debrief.is_complete
    interview.refresh_from_db()
    assert interview.outcome == Interview.Outcome.REJECTED
    expect(page.get_by_text("Your debrief is saved (you felt: disappointed)")).to_be_visible()
    # The lesson is one click from an action now, and the feedback request still waits first.
    expect(page.get_by_role("button", name="Make it an action")).to_be_visible()
    expect(page.get_by_role("button", name="I've sent it")).to_be_visible()
    clicks.fits_the_width()
    shot(page, "3-quick-debrief-saved", width)


@pytest.mark.parametrize("width", list(WIDTHS))
def test_the_lesson_is_saved_as_an_action_in_three_clicks(
    page: Page, live_server, axe_check, width, just_interviewed
):
    user, interview = just_interviewed
    clicks = from_the_card_to_the_next_steps(page, live_server, axe_check, width, user)
    page.get_by_label("One thing to do better next time").fill("Use STAR for every answer.")
    clicks.on(page.get_by_role("button", name="Save and make it an action"))
    assert clicks.count == 3, "from the dashboard card to a saved action"
    action = ActionItem.objects.get(owner=user)
    assert action.text == "Use STAR for every answer."
    assert action.debrief == Debrief.objects.get(interview=interview)
    expect(
        page.get_by_text("Saved as an action: “Use STAR for every answer.”").first
    ).to_be_visible()
    # Done, with a link to it, and no second form to make it again.
    expect(page.get_by_role("link", name="Open the action")).to_be_visible()
    expect(page.get_by_role("button", name="Make it an action")).to_have_count(0)
    clicks.fits_the_width()
    shot(page, "4-action-saved", width)
    # The dashboard stops offering to turn this lesson into an action.
    page.goto(f"{live_server.url}/dashboard/")
    axe_check(page)
    expect(page.get_by_role("link", name="Make your lesson an action")).to_have_count(0)
