"""A service admin invites an adviser, who follows the emailed link, chooses a password, sets up
their authenticator app, saves their recovery codes and reaches their caseload; the admin then
sees them on the service's staff list. axe checks every page on the way."""

import base64
import re

import pytest
from django.core import mail
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from debrief.models import Membership, User
from tests.factories import PASSWORD, make_member, make_organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KNOWN_KEY = "3132333435363738393031323334353637383930"
NEW_PASSWORD = "bea-chooses-a-long-passphrase-7"


def test_a_service_admin_invites_an_adviser_who_enrols(page: Page, browser, live_server, axe_check):
    service = make_organisation("Northshire Careers Service")
    admin = make_member(service, "ana@northshire.example", "Ana Admin", role=Membership.Role.ADMIN)
    device = TOTPDevice.objects.create(user=admin, name="Phone", key=KNOWN_KEY, confirmed=True)
    base = live_server.url

    # The admin signs in with two-step verification and opens the service's page.
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(admin.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("6-digit code").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Verify").click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Your service").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Northshire Careers Service")
    axe_check(page)

    # …and invites Bea.
    page.get_by_role("link", name="Invite an adviser").click()
    axe_check(page)
    page.get_by_label("Name").fill("Bea Jones")
    page.get_by_label("Email").fill("bea@northshire.example")
    page.get_by_label("Careers adviser").check()
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text("Invitation sent to bea@northshire.example.")).to_be_visible()
    expect(page.get_by_role("button", name="Send again to bea@northshire.example")).to_be_visible()
    axe_check(page)

    # (Ana's own "Was this you?" email, from signing in, may come first.)
    def invitations():
        return [m for m in mail.outbox if m.to == ["bea@northshire.example"]]

    for _ in range(50):
        if invitations():
            break
        page.wait_for_timeout(100)
    link = re.search(r"https?://\S+/join/\S+/", invitations()[0].body).group(0)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]

    # Bea, in a browser of her own, follows the link and chooses a password.
    bea = browser.new_context().new_page()
    bea.goto(f"{base}{path}")
    expect(bea.get_by_role("heading", level=1)).to_have_text("Join Northshire Careers Service")
    axe_check(bea)
    expect(bea.get_by_label("Your name")).to_have_value("Bea Jones")
    bea.get_by_label("Password", exact=True).fill(NEW_PASSWORD)
    bea.get_by_label("Password confirmation").fill(NEW_PASSWORD)
    bea.get_by_role("button", name="Save password and continue").click()

    # …sets up her authenticator app with the key shown.
    expect(bea.get_by_role("heading", level=1)).to_have_text("Set up two-step sign-in")
    axe_check(bea)
    secret = bea.locator("code").inner_text().replace(" ", "").strip()
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    bea.get_by_label("6-digit code").fill(f"{totp(key):06d}")
    bea.get_by_role("button", name="Confirm and continue").click()

    # …and is shown her ten recovery codes, once.
    expect(bea.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    expect(bea.get_by_role("list", name="Recovery codes").get_by_role("listitem")).to_have_count(10)
    axe_check(bea)
    bea.get_by_role("link", name="I have saved my codes, continue").click()
    expect(bea.get_by_role("heading", level=1)).to_have_text("Your caseload")
    axe_check(bea)
    bea.goto(f"{base}/adviser/2fa/")
    expect(bea.get_by_role("table")).to_contain_text("Two-step sign-in set up")
    axe_check(bea)

    # The admin sees Bea on the staff list, with two-step sign-in set up.
    page.reload()
    expect(page.get_by_role("heading", name="Bea Jones", level=3)).to_be_visible()
    expect(page.get_by_text("two-step sign-in set up").last).to_be_visible()
    expect(page.get_by_text("No invitations are waiting.")).to_be_visible()
    axe_check(page)
    bea_account = User.objects.get(email="bea@northshire.example")
    assert bea_account.membership.organisation == service
    assert bea_account.check_password(NEW_PASSWORD)
    bea.context.close()
