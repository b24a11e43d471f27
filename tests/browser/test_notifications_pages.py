"""Reminder settings, the calendar link and unsubscribing, in Chromium with axe-core."""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from debrief.models import Notification, NotificationSettings
from debrief.services.delivery import unsubscribe_token
from tests.factories import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page: Page, live_server, user) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_a_job_seeker_chooses_their_reminders(page: Page, live_server, axe_check):
    user = make_user("sam@example.com", "Sam Taylor")
    Notification.objects.create(
        user=user,
        kind=Notification.Kind.INTERVIEW_TOMORROW,
        object_type="interview",
        object_id=1,
        due_on=timezone.localdate(),
        subject="Your interview with Globex is tomorrow",
        status=Notification.Status.SENT,
        sent_at=timezone.now(),
    )
    sign_in(page, live_server, user)
    page.goto(f"{live_server.url}/settings/notifications/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Reminders by email")
    expect(page.get_by_role("cell", name="Your interview with Globex is tomorrow")).to_be_visible()
    axe_check(page)
    page.get_by_label("No news for 30 days").uncheck()
    page.get_by_label("Weekly digest").select_option(label="Friday")
    page.get_by_label("Time zone").fill("Europe/Dublin")
    page.get_by_role("button", name="Save reminder settings").click()
    expect(page.get_by_text("Your reminder settings are saved.")).to_be_visible()
    axe_check(page)
    prefs = NotificationSettings.objects.get(user=user)
    assert (prefs.no_news, prefs.digest_day, prefs.time_zone) == (False, 4, "Europe/Dublin")


def test_a_job_seeker_copies_their_calendar_link_and_makes_a_new_one(
    page: Page, live_server, axe_check
):
    user = make_user("sam@example.com", "Sam Taylor")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    sign_in(page, live_server, user)
    page.goto(f"{live_server.url}/settings/calendar/")
    axe_check(page)
    page.get_by_role("button", name="Make my calendar link").click()
    link = page.get_by_label("Your calendar link")
    first = link.input_value()
    assert first.startswith(f"{live_server.url}/calendar/")
    assert first.endswith(".ics")
    axe_check(page)  # Before the click: axe would catch the button mid-way through its transition.
    page.get_by_role("button", name="Copy the calendar link").click()
    expect(page.get_by_text("Copied to the clipboard.")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == first
    page.get_by_role("button", name="Make a new link").click()
    expect(page.get_by_text("The old one has stopped working")).to_be_visible()
    assert page.get_by_label("Your calendar link").input_value() != first
    page.mouse.move(0, 0)  # Off the buttons, so axe sees them at rest.
    axe_check(page)
    assert page.request.get(first).status == 404


def test_unsubscribing_from_an_email_link_without_signing_in(page: Page, live_server, axe_check):
    user = make_user("sam@example.com", "Sam Taylor")
    token = unsubscribe_token(user.pk, Notification.Kind.WEEKLY_DIGEST)
    page.goto(f"{live_server.url}/unsubscribe/{token}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Stop “Weekly digest” emails?")
    axe_check(page)
    assert not NotificationSettings.objects.exists()
    page.get_by_role("button", name="Unsubscribe from “Weekly digest”").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "You will not get these emails any more"
    )
    axe_check(page)
    assert NotificationSettings.objects.get(user=user).digest_day is None


@pytest.mark.parametrize("javascript", [True, False])
def test_the_time_zones_of_the_browsers_country_come_first(browser, live_server, javascript):
    """A browser in Chicago asking for American English: without JavaScript the saved zone, then
    the US zones (from Accept-Language); with it, the browser's own zone before them all."""
    user = make_user("sam@example.com", "Sam Taylor")
    NotificationSettings.objects.create(user=user, time_zone="Asia/Kolkata")
    context = browser.new_context(
        locale="en-US", timezone_id="America/Chicago", java_script_enabled=javascript
    )
    page = context.new_page()
    try:
        sign_in(page, live_server, user)
        page.goto(f"{live_server.url}/settings/notifications/")
        zones = page.locator("datalist[data-time-zones] option").evaluate_all(
            "options => options.map(option => option.value)"
        )
    finally:
        context.close()
    likely = ["America/Chicago", "Asia/Kolkata"] if javascript else ["Asia/Kolkata"]
    assert zones[: len(likely)] == likely
    us_zones = zones[len(likely) : len(likely) + 28]
    assert {"America/New_York", "America/Denver", "America/Los_Angeles"} <= set(us_zones)
    assert all(zone.startswith(("America/", "Pacific/Honolulu")) for zone in us_zones)
