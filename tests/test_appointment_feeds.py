"""An appointment is in the client's calendar feed and in the adviser's own, with the UID of its
invitation; a calendar app polling with the ETag hears of a new or moved appointment."""

import icalendar
import pytest
from django.test import Client

from debrief.models import Appointment, NotificationSettings
from debrief.services.calendar_feed import new_secret
from tests.adviser_helpers import sign_in_verified
from tests.appointment_helpers import book, edit
from tests.factories import grant_access

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


def feed_url(user) -> str:
    new_secret(user)
    return f"/calendar/{NotificationSettings.objects.get(user=user).calendar_secret}.ics"


def events(response) -> dict:
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


@pytest.fixture
def adviser_client(adviser, owner):
    grant_access(owner, adviser)
    client = Client()
    sign_in_verified(client, adviser)
    return client


def test_both_feeds_hold_the_appointment_titled_with_the_other_person(
    adviser_client, owner, adviser
):
    client_feed, adviser_feed = feed_url(owner), feed_url(adviser)
    book(adviser_client, owner)
    appointment = Appointment.objects.get()
    uid = f"appointment-{appointment.pk}@debrief"

    seen_by_client = events(Client().get(client_feed))[uid]
    assert str(seen_by_client["SUMMARY"]) == "Mock interview with Ada Adviser"
    assert str(seen_by_client["LOCATION"]) == "Careers Centre, room 2.14"
    seen_by_adviser = events(Client().get(adviser_feed))[uid]
    assert str(seen_by_adviser["SUMMARY"]) == "Mock interview with Olivia Owner"


def test_a_polling_calendar_hears_of_a_booking_and_a_move(adviser_client, owner):
    url = feed_url(owner)
    app = Client()
    first = app.get(url)
    book(adviser_client, owner)
    second = app.get(url, headers={"If-None-Match": first["ETag"]})
    assert second.status_code == 200
    appointment = Appointment.objects.get()
    edit(adviser_client, appointment, time="16:00")
    third = app.get(url, headers={"If-None-Match": second["ETag"]})
    assert third.status_code == 200
    event = events(third)[f"appointment-{appointment.pk}@debrief"]
    assert (event.decoded("DTSTART").hour, event["SEQUENCE"]) == (16, 1)
    assert app.get(url, headers={"If-None-Match": third["ETag"]}).status_code == 304


def test_a_cancelled_appointment_stays_in_the_feed_as_cancelled(adviser_client, owner):
    url = feed_url(owner)
    book(adviser_client, owner)
    appointment = Appointment.objects.get()
    adviser_client.post(f"/adviser/clients/{owner.pk}/appointments/{appointment.pk}/cancel/")
    event = events(Client().get(url))[f"appointment-{appointment.pk}@debrief"]
    assert str(event["STATUS"]) == "CANCELLED"
