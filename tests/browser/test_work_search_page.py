"""The work-search record page at desktop width and at 390 px: the range chosen, the record shown,
a bad range explained; every state passes axe."""

import datetime
import os

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import sign_in
from tests.factories import make_application, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = os.environ.get("DEBRIEF_SCREENSHOTS", "")


@pytest.mark.parametrize("width", [1280, 390])
def test_a_job_seeker_shows_their_work_search_record(page: Page, live_server, axe_check, width):
    owner = make_user("olivia@example.com", "Olivia Owner")
    today = datetime.date.today()
    make_application(owner, employer="Acme Ltd", source="Indeed", date_applied=today)
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server.url, "olivia@example.com")
    page.goto(f"{live_server.url}/applications/")
    page.get_by_role("link", name="Work-search record").click()
    expect(page.get_by_role("heading", level=2)).to_contain_text("Work search record for Olivia")
    expect(page.get_by_role("cell", name="Acme Ltd")).to_be_visible()
    axe_check(page)
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/work-search-record-{width}.png", full_page=True)

    page.get_by_label("From").fill(today.isoformat())
    page.get_by_label("To").fill((today - datetime.timedelta(days=3)).isoformat())
    page.get_by_role("button", name="Show the record").click()
    expect(
        page.get_by_text("The end of the range cannot be before its start.", exact=True)
    ).to_be_visible()
    axe_check(page)
