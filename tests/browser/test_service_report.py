"""The demo careers service's admin signs in with their code and reads the outcome report: charts
with their tables, the disclosure rule in one sentence and the month to date marked, a range chosen,
a bad range explained next to its field, the CSV offered. Every state passes axe."""

from io import StringIO

import pytest
from django.core.management import call_command
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from debrief.demo import DEMO_PASSWORD, DEMO_SERVICE_ADMIN

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_service_admin_reads_the_outcome_report(page: Page, live_server, axe_check):
    call_command("seed_demo", force=True, stdout=StringIO())
    email = DEMO_SERVICE_ADMIN[0]
    device = TOTPDevice.objects.get(user__email=email)
    base = live_server.url

    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{base}/service/report/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your sign-in code")
    page.get_by_label("6-digit code").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Verify").click()

    page.goto(f"{base}/service/report/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Outcome report")
    expect(page.get_by_role("heading", name="Applications", exact=True)).to_be_visible()
    expect(page.get_by_role("img", name="Applications by month")).to_be_visible()
    expect(page.get_by_role("table", name="Applications by month")).to_be_visible()
    expect(page.get_by_text("Every count is rounded to the nearest 5")).to_be_visible()
    expect(page.get_by_text("to date").first).to_be_visible()
    expect(page.get_by_text("Sam Taylor")).to_have_count(0)
    axe_check(page)

    page.get_by_label("From month").fill("2026-06")
    page.get_by_label("To month").fill("2026-01")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_text("The last month cannot be before the first month.")).to_be_visible()
    expect(page.get_by_label("From month")).to_have_value("2026-06")
    axe_check(page)

    page.get_by_label("To month").fill("2026-08")
    page.get_by_role("button", name="Show").click()
    table = page.get_by_role("table", name="Applications by month")
    expect(table.get_by_role("row")).to_have_count(1 + 3 + 1)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download these figures (CSV)").click()
    assert download.value.suggested_filename == "outcome-report-2026-06-to-2026-08.csv"
