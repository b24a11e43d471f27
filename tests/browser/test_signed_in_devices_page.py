"""Signed-in devices in a real browser: two sessions listed, the other one signed out with one
click, at desktop width and on a phone, with no axe violations."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import sign_in
from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_owner_sees_their_sessions_and_signs_one_out(
    page: Page, browser, live_server, axe_check
):
    make_user("sam@example.com", "Sam Taylor")
    base = live_server.url
    other = browser.new_context(
        user_agent="Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
    ).new_page()
    sign_in(other, base, "sam@example.com")
    sign_in(page, base, "sam@example.com")

    page.goto(f"{base}/settings/devices/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Signed-in devices")
    sessions = page.get_by_role("list", name="Sessions signed in to your account")
    expect(sessions.get_by_role("listitem")).to_have_count(2)
    expect(page.get_by_text("This device", exact=True)).to_be_visible()
    expect(sessions.locator("strong", has_text="Safari on iPhone")).to_be_visible()
    axe_check(page)
    # On a phone (docs/screenshots/signed-in-devices-phone.png): each "Sign out" in view.
    page.set_viewport_size({"width": 390, "height": 844})
    axe_check(page)
    button = page.get_by_role("button", name="Sign out Safari on iPhone")
    box = button.bounding_box()
    assert box is not None
    assert box["x"] + box["width"] <= 390

    page.get_by_role("button", name="Sign out Safari on iPhone").click()
    expect(page.get_by_text("Safari on iPhone is signed out.")).to_be_visible()
    expect(sessions.get_by_role("listitem")).to_have_count(1)
    other.goto(f"{base}/dashboard/")
    expect(other).to_have_url(f"{base}/accounts/login/?next=/dashboard/")
    other.context.close()
