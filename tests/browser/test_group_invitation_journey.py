"""An appointment for everyone in a tag, in a real browser at desktop and phone width: the adviser
tags two clients from the caseload, invites the tag to a workshop, each client's email holds a
valid invitation, one accepts and the adviser sees it on the tag's page and the diary. The
caseload's sort links and pages are plain links. axe on every page."""

import datetime

import icalendar
import pytest
from django.core import mail
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from debrief.models import Appointment, User
from debrief.tasks import run_queued_tasks
from tests.browser.helpers import KNOWN_KEY, sign_in
from tests.browser.test_appointment_journey import WIDTHS, fits_the_width
from tests.factories import grant_access, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", list(WIDTHS))
def test_an_adviser_invites_a_tag_to_a_workshop_and_a_client_accepts(
    page: Page, browser, live_server, axe_check, width
):
    adviser = make_user("alex@careers.example", "Alex Morgan", role=User.Role.ADVISER)
    device = TOTPDevice.objects.create(user=adviser, name="Phone", key=KNOWN_KEY, confirmed=True)
    sam = make_user("sam@example.com", "Sam Taylor")
    kim = make_user("kim@example.com", "Kim Lee")
    for person in (sam, kim):
        grant_access(person, adviser)
    for n in range(30):
        grant_access(make_user(f"other{n:02d}@example.com", f"Other {n:02d}"), adviser)
    base = live_server.url
    day = timezone.localdate() + datetime.timedelta(days=7)

    adviser_page = browser.new_context(viewport=WIDTHS[width]).new_page()
    sign_in(adviser_page, base, adviser.email)
    adviser_page.get_by_label("6-digit code").fill(f"{totp(device.bin_key):06d}")
    adviser_page.get_by_role("button", name="Verify").click()

    # The caseload: sorted by a column's link, paged, without JavaScript.
    adviser_page.goto(f"{base}/adviser/")
    axe_check(adviser_page)
    fits_the_width(adviser_page)
    adviser_page.get_by_role("link", name="Applications", exact=True).click()
    expect(adviser_page.get_by_text("Sorted by applications")).to_be_visible()
    adviser_page.get_by_role("link", name="Next page").click()
    expect(adviser_page.get_by_text("Page 2 of 2")).to_be_visible()
    axe_check(adviser_page)

    # Tag Sam and Kim, found by a search.
    adviser_page.goto(f"{base}/adviser/")
    adviser_page.get_by_label("Search by name or email").fill("m@")
    adviser_page.get_by_role("button", name="Show").click()
    adviser_page.get_by_label("Choose Sam Taylor").check()
    adviser_page.get_by_label("Choose Kim Lee").check()
    adviser_page.get_by_label("Tag the clients you choose below").fill("Interview workshop")
    adviser_page.get_by_role("button", name="Tag the chosen clients").click()
    expect(adviser_page.get_by_text("2 clients added to “Interview workshop”.")).to_be_visible()

    adviser_page.get_by_role("link", name="Tag: Interview workshop").click()
    adviser_page.get_by_role("link", name="Invite 2 clients to an appointment").click()
    axe_check(adviser_page)
    fits_the_width(adviser_page)
    adviser_page.get_by_label("Date", exact=True).fill(day.isoformat())
    adviser_page.get_by_label("Start time").fill("14:00")
    adviser_page.get_by_label("Length").select_option(label="90 minutes")
    adviser_page.get_by_label("Kind").select_option(label="Workshop")
    adviser_page.get_by_label("In person").check()
    adviser_page.get_by_label("Address or room").fill("Careers Centre, seminar room 1")
    adviser_page.get_by_label("Agenda").fill("Answering competency questions with STAR.")
    adviser_page.get_by_role("button", name="Invite 2 clients").click()
    expect(adviser_page.get_by_text("Invitation sent to 2 clients.")).to_be_visible()
    axe_check(adviser_page)
    fits_the_width(adviser_page)

    run_queued_tasks()
    for person in (sam, kim):
        (email,) = [m for m in mail.outbox if m.to == [person.email]]
        assert "Careers Centre, seminar room 1" in email.body
        (ics,) = [c for c, kind in email.alternatives if kind.startswith("text/calendar")]
        calendar = icalendar.Calendar.from_ical(ics)
        assert calendar["METHOD"] == "REQUEST"
        (event,) = calendar.walk("VEVENT")
        seat = Appointment.objects.get(client=person)
        assert event.decoded("DTSTART") == seat.starts_at
        assert str(event["UID"]) == f"appointment-{seat.pk}@debrief"

    # Sam accepts; the adviser sees it on the tag's page and on the diary.
    page.set_viewport_size(WIDTHS[width])
    sign_in(page, base, sam.email)
    page.goto(f"{base}/together/")
    page.get_by_role("button", name="Accept the workshop of").click()
    expect(page.get_by_text("You accepted the appointment.")).to_be_visible()
    axe_check(page)

    adviser_page.reload()
    expect(adviser_page.get_by_text("1 accepted, 1 no answer yet")).to_be_visible()
    adviser_page.goto(f"{base}/adviser/diary/?view=list")
    expect(adviser_page.get_by_text("Accepted").first).to_be_visible()
    axe_check(adviser_page)
    fits_the_width(adviser_page)
    adviser_page.context.close()
