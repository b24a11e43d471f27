"""A rejection forwarded by email, in Chromium with axe-core at desktop width and at 390 px: the
forwarding address made on its settings page, a real SMTP delivery, the "They said no?" item on the
dashboard, and the "They said no" page filled in from it — two clicks and a tick from the
dashboard to a recorded "no" with the reason the person confirmed."""

import os
import smtplib
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from debrief.models import Application, InboundMessage, Reason
from tests.browser.helpers import sign_in
from tests.factories import make_user
from tests.inbound.helpers import (
    DOMAIN,
    GMAIL_FORWARD,
    email_message,
    rejected_application,
    running_server,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# DEBRIEF_SCREENSHOTS=1 writes the docs' screenshots again (committed; left alone otherwise).
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
WRITE_SCREENSHOTS = os.environ.get("DEBRIEF_SCREENSHOTS") == "1"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def smtp_port(settings):
    with running_server(settings) as port:
        yield port


def look(page: Page, axe_check, name: str, *, full_page: bool = True) -> None:
    """axe at desktop width and at 390 px, with a screenshot of each for the docs."""
    for size, suffix in ((DESKTOP, "desktop"), (PHONE, "390")):
        page.set_viewport_size(size)
        axe_check(page)
        if WRITE_SCREENSHOTS:
            path = SCREENSHOTS / f"inbound-{name}-{suffix}.png"
            page.screenshot(path=str(path), full_page=full_page, type="png")
    page.set_viewport_size(DESKTOP)


def test_a_forwarded_no_is_recorded_from_the_dashboard(
    page: Page, live_server, axe_check, smtp_port
):
    user = make_user("olivia@example.com", "Olivia Owner")
    application, interview = rejected_application(user)
    page.set_viewport_size(DESKTOP)
    sign_in(page, live_server.url, user.email)

    page.goto(f"{live_server.url}/settings/forwarding/")
    page.get_by_role("button", name="Make my forwarding address").click()
    address = page.get_by_label("Your forwarding address").input_value()
    assert address.startswith("no+")
    assert address.endswith(f"@{DOMAIN}")
    look(page, axe_check, "settings")

    with smtplib.SMTP("127.0.0.1", smtp_port, timeout=10) as connection:
        connection.send_message(email_message(to=address))

    page.goto(f"{live_server.url}/dashboard/")
    item = page.get_by_role("region", name="They said no?")
    expect(item).to_contain_text("Your application for Data Analyst")
    expect(item).to_contain_text("From Jane Hiring <jane.hiring@acme.co.uk>, 23 Nov 2026")
    look(page, axe_check, "dashboard", full_page=False)

    clicks = 0
    item.get_by_role("link", name="Record this “no”").click()
    clicks += 1
    expect(page.get_by_role("heading", level=1)).to_have_text("I've been turned down")
    expect(page.get_by_label("Date they told you")).to_have_value("2026-11-23")
    expect(page.get_by_label("What they said, if anything")).to_contain_text("another candidate")
    reason = page.get_by_label("Not enough relevant experience")
    expect(reason).not_to_be_checked()
    look(page, axe_check, "they-said-no")
    reason.check()
    clicks += 1
    page.get_by_role("button", name="Record it", exact=True).click()
    clicks += 1

    expect(page.get_by_text("It's a 'no thank you' to this role, not to you.")).to_be_visible()
    assert clicks == 3
    application.refresh_from_db()
    assert application.status == Application.Status.REJECTED
    message = InboundMessage.objects.get()
    assert message.reasons == [Reason.EXPERIENCE_GAP]
    assert message.interview == interview


def test_a_pasted_email_and_a_dismissed_one(page: Page, live_server, axe_check):
    user = make_user("olivia@example.com", "Olivia Owner")
    rejected_application(user)
    InboundMessage.objects.create(owner=user, subject="Newsletter: ten CV tips")
    page.set_viewport_size(DESKTOP)
    sign_in(page, live_server.url, user.email)

    page.goto(f"{live_server.url}/dashboard/")
    page.get_by_role("button", name="Dismiss the email Newsletter: ten CV tips").click()
    expect(page.get_by_text("Dismissed: that email is no longer waiting for you.")).to_be_visible()
    expect(page.get_by_role("region", name="They said no?")).to_have_count(0)

    # An email that names no application: the person chooses, in one click.
    unclear = InboundMessage.objects.create(
        owner=user, subject="Update", body="Sorry, it is not good news this time."
    )
    page.goto(f"{live_server.url}/inbound/{unclear.pk}/")
    expect(page.get_by_text("Debrief could not tell from the email")).to_be_visible()
    look(page, axe_check, "choose")
    page.get_by_role("link", name="Data Analyst at Acme Ltd").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("I've been turned down")
    expect(page.get_by_label("What they said, if anything")).to_have_value(
        "Sorry, it is not good news this time."
    )

    page.goto(f"{live_server.url}/inbound/paste/")
    look(page, axe_check, "paste")
    page.get_by_role("button", name="Read the email").click()
    expect(page.get_by_text("Paste the email you received.").first).to_be_visible()
    axe_check(page)
    page.get_by_label("The email").fill(
        "From: Talent <talent@acme.co.uk>\nDate: 23 November 2026\nSubject: Data Analyst\n\n"
        "We have decided to proceed with other candidates."
    )
    page.get_by_role("button", name="Read the email").click()
    expect(page.get_by_label("Date they told you")).to_have_value("2026-11-23")
    expect(page.get_by_label("A stronger candidate")).not_to_be_checked()


def test_an_email_pasted_into_what_they_said_is_read_on_the_page(
    page: Page, live_server, axe_check
):
    user = make_user("olivia@example.com", "Olivia Owner")
    application, interview = rejected_application(user)
    page.set_viewport_size(DESKTOP)
    sign_in(page, live_server.url, user.email)
    page.goto(f"{live_server.url}/applications/{application.pk}/decision/turned-down/")

    page.get_by_label("What they said, if anything").fill(GMAIL_FORWARD)

    reason = page.get_by_label("A stronger candidate")
    expect(reason).to_be_visible()
    expect(reason).not_to_be_checked()
    expect(page.get_by_label("Date they told you")).to_have_value("2026-11-23")
    look(page, axe_check, "pasted-on-the-page")
    reason.check()
    page.get_by_role("button", name="Record it", exact=True).click()

    expect(page.get_by_text("It's a 'no thank you' to this role, not to you.")).to_be_visible()
    message = InboundMessage.objects.get()
    assert message.reasons == [Reason.STRONGER_CANDIDATE]
    assert message.interview == interview
