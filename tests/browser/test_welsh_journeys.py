"""The main journeys in Welsh, in a real browser, with axe on every page: switching to Cymraeg on
the sign-in page (the GOV.UK language navigation), signing in, the dashboard, adding an
application, "They said no" and asking for feedback. Every page says `lang="cy"`, and shows
Welsh. The steps are found by URL and by form field name, so the journey does not depend on the
English words it replaces."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from debrief.models import Application, FeedbackRequest, User
from tests.factories import PASSWORD, make_application, make_interview, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def in_welsh(page: Page, axe_check) -> None:
    """The page is Welsh to a browser and a screen reader, in its words, and passes axe."""
    page.wait_for_load_state()
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    # The switch shows Cymraeg as the current language; the footer's words are Welsh.
    expect(page.locator('.language-switch [aria-current="true"]')).to_have_text("Cymraeg")
    expect(page.get_by_role("link", name="Hysbysiad preifatrwydd")).to_be_visible()
    axe_check(page)


def submit(page: Page) -> None:
    page.locator("main form[method=post] [type=submit]").first.click()
    page.wait_for_load_state()


def test_the_main_journeys_in_welsh(page: Page, live_server, axe_check):
    user = make_user("gwen@example.com", "Gwen Jones")
    base = live_server.url

    # Signed out, in English: the switch says Cymraeg in Welsh, and works without a script.
    page.goto(f"{base}/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", "en-gb")
    page.get_by_role("button", name="Cymraeg").click()
    in_welsh(page, axe_check)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mewngofnodi")  # Sign in

    # Signing in keeps the choice on the account.
    page.locator("input[name=username]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    submit(page)
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    in_welsh(page, axe_check)
    expect(page.get_by_role("link", name="Dangosfwrdd")).to_have_attribute("aria-current", "page")
    expect(page.get_by_role("button", name="Allgofnodi")).to_be_visible()  # Sign out
    assert User.objects.get(pk=user.pk).language == "cy"

    # Adding an application.
    page.goto(f"{base}/applications/new/")
    in_welsh(page, axe_check)
    page.locator("[name=employer]").fill("Cyngor Gwynedd")
    page.locator("[name=role_title]").fill("Swyddog Data")
    submit(page)
    in_welsh(page, axe_check)
    application = Application.objects.get(owner=user, employer="Cyngor Gwynedd")

    # They said no, after an interview: recorded, then the next steps.
    interview = make_interview(
        application, scheduled_at=timezone.now() - datetime.timedelta(days=2)
    )
    page.goto(f"{base}/applications/{application.pk}/decision/turned-down/")
    in_welsh(page, axe_check)
    submit(page)
    in_welsh(page, axe_check)
    application.refresh_from_db()
    assert application.status == Application.Status.REJECTED

    # Asking for feedback on that interview.
    page.goto(f"{base}/interviews/{interview.pk}/feedback/new/")
    in_welsh(page, axe_check)
    page.locator("[name=contact_name]").fill("Dafydd Evans")
    submit(page)
    in_welsh(page, axe_check)
    assert FeedbackRequest.objects.filter(interview=interview).exists()


def test_the_switch_back_to_english_keeps_the_page(page: Page, live_server, axe_check):
    user = make_user("gwen@example.com", "Gwen Jones")
    User.objects.filter(pk=user.pk).update(language="cy")
    make_application(user, employer="Cyngor Gwynedd")
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=username]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    submit(page)
    page.goto(f"{live_server.url}/applications/")
    in_welsh(page, axe_check)
    page.get_by_role("button", name="English").click()
    expect(page).to_have_url(re.compile(r"/applications/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en-gb")
    expect(page.get_by_role("link", name="Privacy notice")).to_be_visible()
    axe_check(page)
    assert User.objects.get(pk=user.pk).language == "en-gb"
