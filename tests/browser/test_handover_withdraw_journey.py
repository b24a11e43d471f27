"""A service admin proposes a handover, then withdraws it after a confirmation; the client, who
saw until when they could answer, no longer sees it. axe checks every page."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from debrief.models import Handover, Membership
from tests.browser.test_handover_journey import KNOWN_KEY, sign_in
from tests.factories import grant_access, make_member, make_organisation, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_admin_withdraws_a_handover_the_client_has_not_answered(
    page: Page, browser, live_server, axe_check
):
    service = make_organisation("Northshire Careers Service")
    admin = make_member(service, "ana@northshire.example", "Ana Admin", role=Membership.Role.ADMIN)
    alex = make_member(service, "alex@northshire.example", "Alex Morgan")
    make_member(service, "bea@northshire.example", "Bea Jones")
    sam = make_user("sam@example.com", "Sam Taylor")
    grant_access(sam, alex)
    device = TOTPDevice.objects.create(user=admin, name="Phone", key=KNOWN_KEY, confirmed=True)
    base = live_server.url

    sign_in(page, base, admin.email, device)
    page.goto(f"{base}/service/staff/{alex.membership.pk}/handover/")
    expect(page.get_by_text("has not answered after 30 days")).to_be_visible()
    page.get_by_label("Hand over to").select_option(label="Bea Jones (bea@northshire.example)")
    page.get_by_role("button", name="Propose handover").click()
    expect(page.get_by_text("a proposal expires after 30 days")).to_be_visible()
    axe_check(page)

    client_page = browser.new_context().new_page()
    sign_in(client_page, base, sam.email)
    client_page.goto(f"{base}/settings/sharing/")
    expect(client_page.get_by_text("You can answer until")).to_be_visible()
    axe_check(client_page)

    page.get_by_role("link", name="Withdraw handover of Alex Morgan's clients").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Withdraw the handover of Alex Morgan's clients?"
    )
    axe_check(page)
    page.get_by_role("button", name="Withdraw the proposals").click()
    expect(
        page.get_by_text("1 handover proposal for Alex Morgan's clients withdrawn.")
    ).to_be_visible()
    axe_check(page)
    assert Handover.objects.get().status == "withdrawn"

    client_page.reload()
    expect(client_page.get_by_text("proposes that")).to_have_count(0)
    axe_check(client_page)
    client_page.context.close()
