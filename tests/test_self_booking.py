"""Clients book themselves, where their careers service allows it: the free slots of their
adviser's published hours, one click to book (with the invitation and a note to the adviser),
the service's limit on bookings, cancelling with notice; nothing for a service that has not
turned it on, nor for another adviser's hours."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.test import Client

from debrief.models import (
    Appointment,
    Availability,
    BookingPolicy,
    Membership,
    Notification,
    User,
)
from debrief.services import booking
from tests.adviser_helpers import sign_in_verified
from tests.factories import grant_access, make_member, make_organisation, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

# The frozen clock is Wednesday 25 November 2026, noon UTC (noon in London).
THURSDAY_10 = "2026-11-26T10:00:00+00:00"


@pytest.fixture
def alex():
    service = make_organisation("Northshire Careers")
    BookingPolicy.objects.create(organisation=service, self_booking=True, max_bookings=3)
    adviser = make_member(service, "alex@northshire.example", "Alex Adviser")
    for weekday in range(5):
        Availability.objects.create(
            adviser=adviser,
            weekday=weekday,
            starts=datetime.time(10),
            ends=datetime.time(12),
            slot_minutes=45,
            address="Careers Centre, room 2",
        )
    return adviser


def client_of(adviser, n: int = 0) -> Client:
    person = make_user(f"client{n}@example.com", f"Client {n}")
    grant_access(person, adviser)
    client = Client()
    client.force_login(person)
    client.person = person
    return client


def book(client, adviser, when: str = THURSDAY_10):
    return client.post("/together/book/", {"slot": f"{adviser.pk}|{when}"}, follow=True)


def test_a_client_books_a_free_slot_in_one_click(alex):
    sam = client_of(alex)
    page = sam.get("/together/book/").text
    assert "With Alex Adviser" in page
    assert "Thursday 26 November" in page
    assert page.count('name="slot"') == 2 * 10  # two 45-minute slots a weekday, 26 Nov-9 Dec

    response = book(sam, alex)
    assert "Booked: one-to-one on Thursday 26 November at 10:00" in response.text
    appointment = Appointment.objects.get()
    assert appointment.booked_by_client
    assert (appointment.response, appointment.address) == ("accepted", "Careers Centre, room 2")
    assert Notification.objects.filter(user=sam.person, object_type="appointment_0").exists()
    assert Notification.objects.filter(user=alex, object_type="appointment_self_booked").exists()
    assert sam.get("/together/book/").text.count('name="slot"') == 2 * 10 - 1


def test_a_taken_slot_gives_a_clear_message(alex):
    book(client_of(alex, 1), alex)
    response = book(client_of(alex, 2), alex)
    assert booking.TAKEN in response.text
    assert Appointment.objects.count() == 1


def test_the_database_refuses_overlapping_live_appointments(alex):
    sam, kim = client_of(alex, 1).person, client_of(alex, 2).person
    day = datetime.date(2026, 11, 26)
    first = Appointment.objects.create(
        adviser=alex, client=sam, date=day, time=datetime.time(10), length_minutes=45
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Appointment.objects.create(
            adviser=alex, client=kim, date=day, time=datetime.time(10, 30), length_minutes=45
        )
    # Back to back is fine; so is the time of a cancelled one.
    Appointment.objects.create(
        adviser=alex, client=kim, date=day, time=datetime.time(10, 45), length_minutes=45
    )
    Appointment.objects.filter(pk=first.pk).update(cancelled_at=datetime.datetime.now(datetime.UTC))
    Appointment.objects.create(
        adviser=alex, client=kim, date=day, time=datetime.time(10), length_minutes=30
    )


def test_the_services_limit_on_bookings(alex):
    sam = client_of(alex)
    for when in (
        "2026-11-26T10:00:00+00:00",
        "2026-11-27T10:00:00+00:00",
        "2026-11-30T10:00:00+00:00",
    ):
        book(sam, alex, when)
    response = book(sam, alex, "2026-12-01T10:00:00+00:00")
    assert "You have made 3 bookings in the last 28 days" in response.text
    assert Appointment.objects.count() == 3


def test_cancelling_needs_the_services_notice(alex, clock):
    sam = client_of(alex)
    book(sam, alex)  # Thursday 10:00, 22 hours away
    appointment = Appointment.objects.get()
    response = sam.post(f"/together/appointments/{appointment.pk}/cancel/", follow=True)
    assert "It starts in less than 24 hours: contact your adviser to cancel." in response.text
    assert not Appointment.objects.get().is_cancelled
    book(sam, alex, "2026-11-30T10:00:00+00:00")
    later = Appointment.objects.get(date=datetime.date(2026, 11, 30))
    sam.post(f"/together/appointments/{later.pk}/cancel/")
    assert Appointment.objects.get(pk=later.pk).is_cancelled
    assert Notification.objects.filter(user=alex, object_type="appointment_client_cancel").exists()
    # The time is free again for someone else.
    assert "Booked" in book(client_of(alex, 5), alex, "2026-11-30T10:00:00+00:00").text


def test_nothing_to_book_where_the_service_has_not_turned_it_on(alex):
    BookingPolicy.objects.update(self_booking=False)
    sam = client_of(alex)
    assert "None of your advisers' careers services" in sam.get("/together/book/").text
    assert "You cannot book with this adviser." in book(sam, alex).text
    assert not Appointment.objects.exists()


def test_only_published_times_with_ones_own_adviser(alex):
    sam = client_of(alex)
    assert (
        "That is not one of your adviser&#x27;s published times."
        in book(sam, alex, "2026-11-26T13:00:00+00:00").text
    )
    other = make_member(
        Membership.objects.get(user=alex).organisation, "bea@northshire.example", "Bea"
    )
    assert "You cannot book with this adviser." in book(sam, other).text
    assert (
        "Choose one of the times shown."
        in sam.post("/together/book/", {"slot": "x|nonsense"}, follow=True).text
    )
    assert not Appointment.objects.exists()


def test_an_adviser_publishes_hours_and_cannot_double_book_by_hand(alex, clock):
    adviser = Client()
    sign_in_verified(adviser, alex)
    page = adviser.get("/adviser/availability/")
    assert "Your clients can book these hours themselves" in page.text
    sam = client_of(alex)
    book(sam, alex)
    response = adviser.post(
        f"/adviser/clients/{sam.person.pk}/appointments/new/",
        {
            "date": "2026-11-26",
            "time": "10:30",
            "length_minutes": "45",
            "kind": "cv_review",
            "place": "in_person",
            "address": "Room 1",
        },
    )
    assert response.status_code == 200
    assert "You already have an appointment then" in response.text
    assert Appointment.objects.count() == 1


def test_a_service_admin_sets_the_policy(alex):
    service = Membership.objects.get(user=alex).organisation
    admin = make_member(service, "ana@northshire.example", "Ana Admin", Membership.Role.ADMIN)
    client = Client()
    sign_in_verified(client, admin)
    response = client.post(
        "/service/booking/",
        {"self_booking": "on", "max_bookings": "2", "per_days": "14", "cancel_notice_hours": "48"},
    )
    assert response.status_code == 302
    policy = BookingPolicy.objects.get()
    assert (policy.max_bookings, policy.per_days, policy.cancel_notice_hours) == (2, 14, 48)
    refused = client.post(
        "/service/booking/", {"max_bookings": "0", "per_days": "14", "cancel_notice_hours": "1"}
    )
    assert "Choose from 1 to 50." in refused.text
    sign_in_verified(client, alex)
    assert client.get("/service/booking/").status_code == 404
    assert User.objects.filter(pk=alex.pk).exists()
