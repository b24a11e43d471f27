"""A service admin proposes a handover of a leaving adviser's clients, then deactivates them; a
client sees the proposal, with the service's name, and accepts. axe checks every page."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from debrief.models import AdviserAccess, Membership
from tests.factories import PASSWORD, grant_access, make_member, make_organisation, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KNOWN_KEY = "3132333435363738393031323334353637383930"


def sign_in(page: Page, base: str, email: str, device: TOTPDevice | None = None) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    if device is not None:
        page.get_by_label("6-digit code").fill(f"{totp(device.bin_key):06d}")
        page.get_by_role("button", name="Verify").click()


def test_a_client_accepts_the_handover_the_service_proposed(
    page: Page, browser, live_server, axe_check
):
    service = make_organisation("Northshire Careers Service")
    admin = make_member(service, "ana@northshire.example", "Ana Admin", role=Membership.Role.ADMIN)
    alex = make_member(service, "alex@northshire.example", "Alex Morgan")
    bea = make_member(service, "bea@northshire.example", "Bea Jones")
    sam = make_user("sam@example.com", "Sam Taylor")
    grant_access(sam, alex)
    device = TOTPDevice.objects.create(user=admin, name="Phone", key=KNOWN_KEY, confirmed=True)
    base = live_server.url

    sign_in(page, base, admin.email, device)
    page.goto(f"{base}/service/")
    page.get_by_role("link", name="Hand over clients of Alex Morgan").click()
    expect(page.get_by_text("1 client shares their record with Alex Morgan")).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="Propose handover").click()
    expect(page.get_by_text("This field is required.").first).to_be_visible()
    axe_check(page)
    page.get_by_label("Hand over to").select_option(label="Bea Jones (bea@northshire.example)")
    page.get_by_role("button", name="Propose handover").click()
    expect(
        page.get_by_text("Handover to Bea Jones proposed to 1 client of Alex Morgan.")
    ).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Reset two-step of Alex Morgan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Reset Alex Morgan's two-step sign-in?"
    )
    axe_check(page)
    page.get_by_role("link", name="Keep it").click()
    page.get_by_role("link", name="Deactivate Alex Morgan").click()
    axe_check(page)
    page.get_by_role("button", name="Deactivate Alex Morgan").click()
    expect(page.get_by_text("Alex Morgan is deactivated")).to_be_visible()
    axe_check(page)

    client_page = browser.new_context().new_page()
    sign_in(client_page, base, sam.email)
    client_page.goto(f"{base}/settings/sharing/")
    expect(client_page.get_by_text("Northshire Careers Service proposes that")).to_be_visible()
    expect(client_page.get_by_text("(no longer on its staff)")).to_be_visible()
    axe_check(client_page)
    client_page.get_by_role("button", name="Accept Bea Jones as your adviser").click()
    expect(client_page.get_by_text("Bea Jones can now read your record")).to_be_visible()
    expect(client_page.get_by_role("button", name="Revoke access for Bea Jones")).to_be_visible()
    axe_check(client_page)
    assert AdviserAccess.objects.get(client=sam, adviser=bea).status == "active"
    assert AdviserAccess.objects.get(client=sam, adviser=alex).status == "revoked"
    client_page.context.close()
