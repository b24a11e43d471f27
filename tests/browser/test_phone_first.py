"""Phone first: at 390 px the navigation is one row with a "Menu" that opens without JavaScript,
the preparation sheet's first screen holds the interview, its time and place and three things to
remember, and the sheet prints on at most two A4 pages. With DEBRIEF_SCREENSHOTS=1 the phone
pages are saved to docs/screenshots/phone-*.png."""

import os
import re
import subprocess
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from debrief.demo import DEMO_PASSWORD, DEMO_SEEKER
from debrief.models import Interview
from tests.browser.helpers import WIDTHS
from tests.browser.test_every_page import seed_demo, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PHONE = WIDTHS["phone"]


def shot(page: Page, name: str) -> None:
    if os.environ.get("DEBRIEF_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"phone-{name}.png")


@pytest.fixture
def upcoming(live_server, page: Page) -> Interview:
    seeker = seed_demo()
    page.set_viewport_size(PHONE)
    sign_in(page, live_server.url, DEMO_SEEKER, DEMO_PASSWORD)
    expect(page).to_have_url(f"{live_server.url}/dashboard/")
    return Interview.objects.for_user(seeker).filter(scheduled_at__gt=timezone.now()).first()


def test_on_a_phone_the_navigation_is_a_menu_that_opens_without_javascript(
    page: Page, live_server, axe_check, upcoming, browser
):
    navigation = page.get_by_role("navigation", name="Main")
    menu = navigation.get_by_text("Menu", exact=True)
    expect(menu).to_be_visible()
    expect(navigation.get_by_role("link", name="Applications")).to_be_hidden()
    # One row: the brand and the menu.
    assert navigation.bounding_box()["height"] < 70
    shot(page, "dashboard")
    menu.click()
    expect(navigation.get_by_role("link", name="Applications")).to_be_visible()
    expect(navigation.get_by_role("button", name="Sign out")).to_be_visible()
    axe_check(page)

    page.set_viewport_size(WIDTHS["desktop"])
    expect(menu).to_be_hidden()
    expect(navigation.get_by_role("link", name="Applications")).to_be_visible()

    # Without JavaScript the disclosure still opens: it is HTML's own <details>.
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    bare = context.new_page()
    sign_in(bare, live_server.url, DEMO_SEEKER, DEMO_PASSWORD)
    bare_navigation = bare.get_by_role("navigation", name="Main")
    bare_navigation.get_by_text("Menu", exact=True).click()
    bare_navigation.get_by_role("link", name="Applications").click()
    expect(bare.get_by_role("heading", level=1)).to_have_text("Your applications")
    context.close()


def test_the_dashboard_on_a_phone_leads_with_what_to_do_and_folds_the_figures(
    page: Page, live_server, upcoming
):
    page.goto(f"{live_server.url}/dashboard/")
    figures = page.get_by_text("How your applications are going")
    expect(figures).to_be_visible()
    expect(page.get_by_role("heading", name="From application to offer")).to_be_hidden()
    figures.click()
    expect(page.get_by_role("heading", name="From application to offer")).to_be_visible()


def test_the_preparation_sheets_first_phone_screen_has_the_interview_and_three_things(
    page: Page, live_server, axe_check, upcoming
):
    page.goto(f"{live_server.url}/interviews/{upcoming.pk}/prepare/")
    employer = upcoming.application.employer
    first_screen = [
        page.get_by_role("heading", level=1, name=f"Preparing for {employer}"),
        page.locator("main time").first,
        page.get_by_text(upcoming.get_format_display(), exact=False).first,
        page.get_by_role("heading", name="Three things to remember"),
        *(page.locator(".remember-list li").nth(n) for n in range(3)),
    ]
    for part in first_screen:
        box = part.bounding_box()
        assert box is not None, part
        assert box["y"] + box["height"] <= PHONE["height"], part
    # The rest is folded: each section opens on its summary.
    lessons = page.get_by_role("heading", name="Lessons from earlier rejections")
    lesson = page.locator("[aria-labelledby=lessons-heading]").get_by_text(
        "What you would do better"
    )
    expect(lesson.first).to_be_hidden()
    lessons.click()
    expect(lesson.first).to_be_visible()
    page.goto(f"{live_server.url}/interviews/{upcoming.pk}/prepare/")
    shot(page, "prepare")
    axe_check(page)


def test_the_preparation_sheet_prints_on_at_most_two_a4_pages(
    page: Page, live_server, upcoming, tmp_path
):
    page.goto(f"{live_server.url}/interviews/{upcoming.pk}/prepare/")
    pdf = tmp_path / "sheet.pdf"
    page.pdf(path=pdf, format="A4")
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    assert pages <= 2, f"the preparation sheet prints on {pages} pages"
    # Everything folded on the screen is printed unfolded.
    text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout
    assert "Three things to remember" in text
    assert "What you would do better" in text


def test_the_they_said_no_page_on_a_phone(page: Page, live_server, axe_check, upcoming):
    application = upcoming.application
    page.goto(f"{live_server.url}/applications/{application.pk}/decision/turned-down/")
    expect(page.get_by_role("heading", level=1)).to_have_text("I've been turned down")
    shot(page, "they-said-no")
    axe_check(page)
