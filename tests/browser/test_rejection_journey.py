"""The rejection path in a real browser, at desktop and phone width: from the applications list,
a "no" before any interview to a saved action in three clicks (the path after an interview is
tests/browser/test_hour_after_a_no.py); "Revoke access" visible on a phone."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from debrief.models import ActionItem, Application
from tests.browser.helpers import WIDTHS, Clicks
from tests.factories import PASSWORD, grant_access, make_application, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


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
