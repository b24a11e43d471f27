"""The pages of signing in, confirming an address and being rate-limited pass axe-core, and the
confirmation journey works in a real browser."""

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_up_confirm_and_the_rate_limit_page_pass_axe(
    page: Page, live_server, axe_check, settings
):
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    expect(page.get_by_label("Keep me signed in")).to_be_checked()
    axe_check(page)

    page.goto(f"{base}/accounts/signup/")
    page.get_by_label("Email").fill("new.person@example.com")
    page.get_by_label("Your name").fill("New Person")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password confirmation").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    axe_check(page)
    # Signed in with the password before confirming, as a person may.
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill("new.person@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Please confirm your email address")).to_be_visible()
    axe_check(page)

    page.goto(f"{base}/settings/sharing/")
    expect(page.get_by_text("Confirm your email address first")).to_be_visible()
    axe_check(page)

    # Sent once the sign-up answer was delivered: give the server a moment.
    for _ in range(50):
        if mail.outbox:
            break
        page.wait_for_timeout(100)
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body).group(0)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    page.goto(f"{base}{path}")
    axe_check(page)
    page.get_by_role("button", name="Confirm my email address").click()
    expect(page.get_by_text("new.person@example.com is confirmed")).to_be_visible()
    expect(page.get_by_text("Please confirm your email address")).to_have_count(0)

    page.goto(f"{base}/accounts/confirm-email/not-a-real-token/")
    axe_check(page)

    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "create:user": "1/h"}
    for _ in range(2):
        page.goto(f"{base}/actions/new/")
        page.get_by_role("button", name=re.compile("Save|Add")).first.click()
    expect(page.get_by_role("heading", name="Too many requests")).to_be_visible()
    axe_check(page)
