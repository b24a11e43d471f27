"""An appointment that arrives, in a real browser at desktop and phone width: the adviser books
it, the client's email holds the date, time and place and a valid invitation, the client's feed
shows it, the client accepts and the adviser sees the answer. axe on every page."""

import datetime

import icalendar
import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from debrief.models import Appointment, NotificationSettings, User
from debrief.services.calendar_feed import new_secret
from debrief.tasks import run_queued_tasks
from tests.browser.helpers import KNOWN_KEY, sign_in
from tests.factories import grant_access, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def fits_the_width(page: Page) -> None:
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} is {overflow}px wider than the screen"


@pytest.mark.parametrize("width", list(WIDTHS))
def test_an_adviser_books_and_the_client_gets_it_and_accepts(
    page: Page, browser, live_server, axe_check, width
):
    sam = make_user("sam@example.com", "Sam Taylor")
    adviser = make_user("alex@careers.example", "Alex Morgan", role=User.Role.ADVISER)
    device = TOTPDevice.objects.create(user=adviser, name="Phone", key=KNOWN_KEY, confirmed=True)
    grant_access(sam, adviser)
    new_secret(sam)
    base = live_server.url
    day = timezone.localdate() + datetime.timedelta(days=7)

    adviser_page = browser.new_context(viewport=WIDTHS[width]).new_page()
    sign_in(adviser_page, base, adviser.email)
    adviser_page.get_by_label("6-digit code").fill(f"{totp(device.bin_key):06d}")
    adviser_page.get_by_role("button", name="Verify").click()
    adviser_page.goto(f"{base}/adviser/clients/{sam.pk}/together/")
    axe_check(adviser_page)
    fits_the_width(adviser_page)
    adviser_page.get_by_label("Date", exact=True).fill(day.isoformat())
    adviser_page.get_by_label("Start time").fill("10:00")
    adviser_page.get_by_label("Length").select_option(label="60 minutes")
    adviser_page.get_by_label("Kind").select_option(label="CV review")
    adviser_page.get_by_label("By video call").check()
    adviser_page.get_by_label("Video call link").fill("https://meet.example/sam-cv")
    adviser_page.get_by_label("Agenda").fill("Your CV for the Acme role, line by line.")
    adviser_page.get_by_role("button", name="Save appointment").click()
    expect(adviser_page.get_by_text("booked. Sam Taylor is sent the details")).to_be_visible()
    axe_check(adviser_page)
    appointment = Appointment.objects.get()

    # The email: every detail, and an invitation a calendar reads.
    run_queued_tasks()
    (email,) = [m for m in mail.outbox if m.to == ["sam@example.com"]]
    long_day = f"{day:%A} {day.day} {day:%B %Y}"
    assert f"When: {long_day}, 10:00 to 11:00 (UK time)" in email.body
    assert "Where: By video call: https://meet.example/sam-cv" in email.body
    assert "Agenda: Your CV for the Acme role, line by line." in email.body
    (ics,) = [c for c, mimetype in email.alternatives if mimetype.startswith("text/calendar")]
    calendar = icalendar.Calendar.from_ical(ics)
    assert calendar["METHOD"] == "REQUEST"
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == f"appointment-{appointment.pk}@debrief"
    assert event.decoded("DTSTART") == appointment.starts_at

    # The client's calendar feed shows it under the same UID.
    secret = NotificationSettings.objects.get(user=sam).calendar_secret
    feed = icalendar.Calendar.from_ical(Client().get(f"/calendar/{secret}.ics").content)
    assert f"appointment-{appointment.pk}@debrief" in [str(e["UID"]) for e in feed.walk("VEVENT")]

    # The client accepts in one click on "Working with your adviser".
    page.set_viewport_size(WIDTHS[width])
    sign_in(page, base, sam.email)
    page.goto(f"{base}/together/")
    expect(page.get_by_text("Your CV for the Acme role, line by line.")).to_be_visible()
    axe_check(page)
    fits_the_width(page)
    page.get_by_role("button", name="Accept the cv review of").click()
    expect(page.get_by_text("You accepted the appointment.")).to_be_visible()
    axe_check(page)

    adviser_page.reload()
    expect(adviser_page.get_by_text("Sam Taylor's answer: Accepted")).to_be_visible()
    axe_check(adviser_page)
    adviser_page.get_by_role("link", name="Cancel the cv review of").click()
    axe_check(adviser_page)
    fits_the_width(adviser_page)
    adviser_page.context.close()
