import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_visitor_signs_up_confirms_lands_on_the_dashboard_and_signs_out(
    page: Page, live_server, axe_check
):
    page.goto(live_server.url)
    axe_check(page)
    page.get_by_role("link", name="Create an account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Create your account")
    axe_check(page)

    page.get_by_label("Email").fill("river@example.com")
    page.get_by_label("Your name").fill("River Song")
    page.get_by_label("Password", exact=True).fill("a-long-and-unusual-passphrase")
    page.get_by_label("Password confirmation").fill("a-long-and-unusual-passphrase")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    axe_check(page)

    # Sent once the answer was delivered: give the server a moment.
    for _ in range(50):
        if mail.outbox:
            break
        page.wait_for_timeout(100)
    link = re.search(r"https?://\S+(/accounts/confirm-email/\S+/)", mail.outbox[0].body)[1]
    page.goto(f"{live_server.url}{link}")
    page.get_by_role("button", name="Confirm my email address").click()

    expect(page).to_have_url(f"{live_server.url}/dashboard/")
    expect(page.get_by_text("Welcome to Debrief, River Song.")).to_be_visible()
    axe_check(page)

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You have signed out")
    axe_check(page)
    page.goto(f"{live_server.url}/dashboard/")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=/dashboard/")
    axe_check(page)
