"""The client accepts, declines or asks to rearrange a coming appointment; the adviser reads the
answer on the client's page and is emailed. Another person's appointment is 404, GET changes
nothing, and a cancelled or past appointment takes no answer."""

import datetime

import pytest
from django.test import Client

from debrief.models import Appointment, Notification
from tests.adviser_helpers import sign_in_verified
from tests.appointment_helpers import book
from tests.factories import grant_access, make_user
from tests.html import errors_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


@pytest.fixture
def appointment(adviser, owner):
    grant_access(owner, adviser)
    client = Client()
    sign_in_verified(client, adviser)
    book(client, owner)
    return Appointment.objects.get()


@pytest.fixture
def adviser_client(adviser, appointment):
    client = Client()
    sign_in_verified(client, adviser)
    return client


def answer(client, appointment, **data):
    return client.post(f"/together/appointments/{appointment.pk}/answer/", data)


def test_it_accepts_in_one_click_and_the_adviser_sees_it(
    owner_client, adviser_client, appointment, owner
):
    page = owner_client.get("/together/").text
    assert "Your answer:</span> No answer yet" in page
    response = answer(owner_client, appointment, response="accepted")
    assert response["Location"] == "/together/"
    appointment.refresh_from_db()
    assert appointment.response == Appointment.Response.ACCEPTED
    assert appointment.responded_at is not None
    adviser_page = adviser_client.get(f"/adviser/clients/{owner.pk}/together/").text
    assert "Olivia Owner's answer:</span>" in adviser_page
    assert ">Accepted</span>" in adviser_page
    assert Notification.objects.filter(
        user=appointment.adviser, object_type="appointment_answered", object_id=appointment.pk
    ).exists()


def test_asking_to_rearrange_needs_a_time_and_the_adviser_reads_it(
    owner_client, adviser_client, appointment, owner
):
    refused = answer(owner_client, appointment, response="rearrange", note="")
    assert refused.status_code == 200
    assert errors_for(refused, "A time that suits you better") == [
        "Say which days or times suit you, so your adviser can offer one."
    ]
    answer(owner_client, appointment, response="rearrange", note="Any morning next week")
    appointment.refresh_from_db()
    assert (appointment.response, appointment.response_note) == (
        Appointment.Response.REARRANGE,
        "Any morning next week",
    )
    assert (
        "“Any morning next week”"
        in adviser_client.get(f"/adviser/clients/{owner.pk}/together/").text
    )
    answer(owner_client, appointment, response="declined", note="ignored")
    appointment.refresh_from_db()
    assert (appointment.response, appointment.response_note) == ("declined", "")


def test_get_changes_nothing_and_others_get_404(owner_client, appointment, client):
    url = f"/together/appointments/{appointment.pk}/answer/"
    assert owner_client.get(url, {"response": "accepted"}).status_code == 200
    appointment.refresh_from_db()
    assert appointment.response == Appointment.Response.NONE
    stranger = make_user("stranger@example.com", "Sid Stranger")
    client.force_login(stranger)
    assert answer(client, appointment, response="accepted").status_code == 404
    sign_in_verified(client, appointment.adviser)  # nor can the adviser answer for the client
    assert answer(client, appointment, response="accepted").status_code == 404
    appointment.refresh_from_db()
    assert appointment.response == Appointment.Response.NONE


def test_a_cancelled_or_past_appointment_takes_no_answer(owner_client, appointment, clock):
    Appointment.objects.filter(pk=appointment.pk).update(cancelled_at=clock.now)
    answer(owner_client, appointment, response="accepted")
    appointment.refresh_from_db()
    assert appointment.response == Appointment.Response.NONE
    Appointment.objects.filter(pk=appointment.pk).update(cancelled_at=None)
    clock.move_to(datetime.datetime(2026, 12, 3, 9, tzinfo=datetime.UTC))
    owner_client.force_login(appointment.client)
    response = answer(owner_client, appointment, response="accepted")
    assert (
        "Nothing changed: This appointment has passed."
        in owner_client.get(response["Location"]).text
    )
    appointment.refresh_from_db()
    assert appointment.response == Appointment.Response.NONE
