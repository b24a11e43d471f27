"""A job seeker adds a recruiter linked to an application, at desktop width and at 390 px; the
form, its errors and the list pass axe."""

import os

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import open_menu, sign_in
from tests.factories import make_application, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = os.environ.get("DEBRIEF_SCREENSHOTS", "")


@pytest.mark.parametrize("width", [1280, 390])
def test_a_job_seeker_adds_a_contact(page: Page, live_server, axe_check, width):
    owner = make_user("olivia@example.com", "Olivia Owner")
    make_application(owner, employer="Acme Ltd", role_title="Data Analyst")
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server.url, "olivia@example.com")
    open_menu(page)
    page.get_by_role("link", name="Contacts").click()
    page.get_by_role("link", name="Add a contact").click()
    page.get_by_label("Name").fill("Priya Shah")
    page.get_by_label("Phone").fill("call me")
    page.get_by_role("button", name="Add contact").click()
    expect(page.get_by_text("Write the number with digits").first).to_be_visible()
    axe_check(page)
    page.get_by_label("Phone").fill("07700 900123")
    page.get_by_label("Data Analyst at Acme Ltd").check()
    page.get_by_role("button", name="Add contact").click()
    expect(page.get_by_role("heading", name="Priya Shah")).to_be_visible()
    expect(page.get_by_role("link", name="Data Analyst at Acme Ltd")).to_be_visible()
    axe_check(page)
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/contacts-{width}.png", full_page=True)
