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

from debrief.models import AccessLogEntry, Appointment, NotificationSettings, User
from debrief.services.calendar_feed import new_secret
from debrief.tasks import run_queued_tasks
from tests.browser.helpers import KNOWN_KEY, open_menu, sign_in
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

    # The adviser's diary shows the answer; the brief opens and is in Sam's access log.
    open_menu(adviser_page)
    adviser_page.get_by_role("navigation", name="Main").get_by_role("link", name="Diary").click()
    adviser_page.get_by_role("link", name="Next 56 days as a list").click()
    expect(adviser_page.get_by_text("Accepted").first).to_be_visible()
    axe_check(adviser_page)
    fits_the_width(adviser_page)
    adviser_page.get_by_role("link", name="Brief for the cv review with Sam Taylor").click()
    expect(adviser_page.get_by_role("heading", level=1)).to_have_text(
        "Brief: cv review with Sam Taylor"
    )
    axe_check(adviser_page)
    fits_the_width(adviser_page)
    assert AccessLogEntry.objects.filter(
        client=sam, viewed__startswith="Brief before the appointment"
    ).exists()
    adviser_page.goto(f"{base}/adviser/clients/{sam.pk}/together/")
    adviser_page.get_by_role("link", name="Cancel the cv review of").click()
    axe_check(adviser_page)
    fits_the_width(adviser_page)
    adviser_page.context.close()


@pytest.mark.parametrize("width", list(WIDTHS))
def test_the_new_pages_pass_axe_and_fit_a_phone(page: Page, browser, live_server, axe_check, width):
    """Diary week, availability, tags, case notes, the service's booking, audit and report pages,
    and the client's booking page."""
    from debrief.models import Availability, BookingPolicy, ClientTag, Membership
    from tests.factories import make_member, make_organisation

    service = make_organisation("Northshire Careers")
    BookingPolicy.objects.create(organisation=service, self_booking=True)
    admin = make_member(service, "ana@northshire.example", "Ana Admin", Membership.Role.ADMIN)
    device = TOTPDevice.objects.create(user=admin, name="Phone", key=KNOWN_KEY, confirmed=True)
    sam = make_user("sam@example.com", "Sam Taylor")
    grant_access(sam, admin)
    Availability.objects.create(
        adviser=admin,
        weekday=(timezone.localdate() + datetime.timedelta(days=1)).weekday(),
        starts=datetime.time(10),
        ends=datetime.time(12),
        address="Careers Centre",
    )
    tag = ClientTag.objects.create(adviser=admin, name="Graduates 2026")
    tag.clients.add(sam)
    base = live_server.url
    page.set_viewport_size(WIDTHS[width])
    sign_in(page, base, admin.email)
    page.get_by_label("6-digit code").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Verify").click()
    for path in (
        "/adviser/",
        "/adviser/diary/",
        "/adviser/availability/",
        f"/adviser/tags/{tag.pk}/",
        f"/adviser/clients/{sam.pk}/case-notes/",
        "/service/booking/",
        "/service/audit/",
        "/service/report/",
    ):
        page.goto(base + path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        axe_check(page)
        if path != "/service/report/":  # its charts scroll sideways by design
            fits_the_width(page)
    page.goto(f"{base}/adviser/clients/{sam.pk}/case-notes/")
    page.get_by_role("button", name="Save case note").click()
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    axe_check(page)

    client_page = browser.new_context(viewport=WIDTHS[width]).new_page()
    sign_in(client_page, base, sam.email)
    client_page.goto(f"{base}/together/book/")
    expect(client_page.get_by_role("heading", level=1)).to_have_text("Book an appointment")
    axe_check(client_page)
    fits_the_width(client_page)
    client_page.get_by_role("button", name="10:00").first.click()
    expect(client_page.get_by_text("Booked: one-to-one on")).to_be_visible()
    axe_check(client_page)
    fits_the_width(client_page)
    client_page.goto(f"{base}/dashboard/")
    expect(client_page.get_by_role("heading", name="From your adviser")).to_be_visible()
    axe_check(client_page)
    fits_the_width(client_page)
    client_page.context.close()
