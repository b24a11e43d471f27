"""A client shares their record, the adviser (past the two-step check) reads it and leaves a note,
the client sees the note and the log, revokes, and the adviser's next page is 404."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from debrief.models import User
from tests.browser.helpers import KNOWN_KEY, sign_in
from tests.factories import make_application, make_interview, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_client_shares_the_adviser_reads_and_notes_the_client_revokes(
    page: Page, browser, live_server, axe_check
):
    client = make_user("sam@example.com", "Sam Taylor")
    make_interview(make_application(client, employer="Acme", role_title="Data Analyst"))
    adviser = make_user("alex@careers.example", "Alex Morgan", role=User.Role.ADVISER)
    device = TOTPDevice.objects.create(user=adviser, name="Phone", key=KNOWN_KEY, confirmed=True)
    base = live_server.url

    # The client gives the adviser access.
    sign_in(page, base, client.email)
    page.goto(f"{base}/settings/sharing/")
    axe_check(page)
    page.get_by_label("Your adviser's email").fill(adviser.email)
    page.get_by_role("button", name="Give access").click()
    neutral = "If alex@careers.example belongs to a Debrief careers adviser"
    expect(page.get_by_text(neutral)).to_be_visible()
    # Listed by the address typed: the page never says whose it is.
    expect(
        page.get_by_role("button", name="Stop sharing with alex@careers.example")
    ).to_be_visible()
    axe_check(page)

    # The adviser signs in, in a browser of their own, and passes the two-step check.
    adviser_page = browser.new_context().new_page()
    sign_in(adviser_page, base, adviser.email)
    adviser_page.goto(f"{base}/adviser/")
    expect(adviser_page.get_by_role("heading", level=1)).to_have_text("Enter your sign-in code")
    axe_check(adviser_page)
    adviser_page.get_by_label("6-digit code").fill(f"{totp(device.bin_key):06d}")
    adviser_page.get_by_role("button", name="Verify").click()
    expect(adviser_page.get_by_role("heading", level=1)).to_have_text("Your caseload")
    axe_check(adviser_page)

    # …opens the client's record and leaves a note.
    adviser_page.get_by_role("link", name="Sam Taylor").click()
    expect(adviser_page.get_by_text("You are reading Sam Taylor's record")).to_be_visible()
    axe_check(adviser_page)
    record_nav = adviser_page.get_by_role("navigation", name="Sam Taylor's record")
    record_nav.get_by_role("link", name="Applications").click()
    adviser_page.get_by_role("main").get_by_role("link", name="Data Analyst").first.click()
    expect(adviser_page.get_by_role("heading", level=1)).to_contain_text("Data Analyst")
    axe_check(adviser_page)
    record_nav.get_by_role("link", name="Dashboard and notes").click()
    note = adviser_page.get_by_role("textbox", name="Note")
    note.fill("Well done on reaching interview. Book a mock with me.")
    adviser_page.get_by_role("button", name="Add note").click()
    expect(adviser_page.get_by_text("Note saved.")).to_be_visible()
    expect(adviser_page.get_by_text("Book a mock with me.")).to_be_visible()
    axe_check(adviser_page)
    record_url = adviser_page.url

    # The client reads the note and who looked at what.
    page.goto(f"{base}/dashboard/")
    expect(page.get_by_text("Book a mock with me.")).to_be_visible()
    axe_check(page)
    page.goto(f"{base}/settings/access-log/")
    log = page.get_by_role("table")
    expect(log).to_contain_text("Alex Morgan")
    expect(log).to_contain_text("Application: Data Analyst at Acme")
    axe_check(page)

    # …and revokes: the adviser's very next request is refused.
    page.goto(f"{base}/settings/sharing/")
    page.get_by_role("button", name="Stop sharing with alex@careers.example").click()
    expect(
        page.get_by_text("You stopped sharing your record with alex@careers.example.")
    ).to_be_visible()
    axe_check(page)

    response = adviser_page.goto(record_url)
    assert response is not None
    assert response.status == 404
    expect(adviser_page.get_by_role("heading", level=1)).to_have_text("Page not found")
    axe_check(adviser_page)
    adviser_page.context.close()
