"""A coming appointment reaches the client: an email with the date, time, length, place and
agenda, and a calendar invitation (METHOD:REQUEST) whose UID never changes; a change the client
must know of raises SEQUENCE and is sent again, cancelling sends METHOD:CANCEL."""

import datetime

import pytest
from django.test import Client

from debrief.models import Appointment
from tests.adviser_helpers import sign_in_verified
from tests.appointment_helpers import book, edit, invitation_of, sent_to, the_event
from tests.factories import grant_access
from tests.html import errors_for, field_labelled

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


@pytest.fixture
def adviser_client(adviser, owner):
    grant_access(owner, adviser)
    client = Client()
    sign_in_verified(client, adviser)
    return client


def test_it_emails_the_client_every_detail_and_a_valid_invitation(
    adviser_client, owner, adviser, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = book(adviser_client, owner)
    assert response.status_code == 302
    appointment = Appointment.objects.get()

    (message,) = sent_to(owner.email)
    assert message.subject == "Appointment with your careers adviser: Wednesday 2 December"
    for text in (
        "Mock interview",
        "Wednesday 2 December 2026, 14:30 to 15:15 (UK time)",
        "45 minutes",
        "Where: Careers Centre, room 2.14",
        "Practise answers for the Acme final interview.",
        "“Ada Adviser” (adviser@example.com)",
        "Accept, decline or ask to rearrange",
    ):
        assert text in message.body, text

    calendar = invitation_of(message)
    assert calendar["METHOD"] == "REQUEST"
    event = the_event(calendar)
    assert str(event["UID"]) == f"appointment-{appointment.pk}@debrief"
    assert event["SEQUENCE"] == 0
    assert event.decoded("DTSTART") == datetime.datetime(2026, 12, 2, 14, 30, tzinfo=datetime.UTC)
    assert event.decoded("DTEND") == datetime.datetime(2026, 12, 2, 15, 15, tzinfo=datetime.UTC)
    assert str(event["LOCATION"]) == "Careers Centre, room 2.14"
    assert str(event["SUMMARY"]) == "Mock interview with Ada Adviser"
    assert str(event["ORGANIZER"]) == "mailto:adviser@example.com"
    assert str(event["ATTENDEE"]) == "mailto:owner@example.com"
    assert event["ATTENDEE"].params["PARTSTAT"] == "NEEDS-ACTION"


def test_a_summer_time_appointment_is_at_the_uk_hour(
    adviser_client, owner, clock, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        book(adviser_client, owner, date="2027-06-02", time="09:00")
    event = the_event(invitation_of(sent_to(owner.email)[0]))
    assert event.decoded("DTSTART") == datetime.datetime(2027, 6, 2, 8, 0, tzinfo=datetime.UTC)


def test_a_video_call_carries_its_link_and_a_call_its_number(
    adviser_client, owner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        book(
            adviser_client, owner, place="video", address="", video_link="https://meet.example/abc"
        )
        book(
            adviser_client,
            owner,
            date="2026-12-03",
            place="phone",
            address="",
            phone="01632 960000",
        )
    video, phone = sent_to(owner.email)
    assert "By video call: https://meet.example/abc" in video.body
    assert str(the_event(invitation_of(video))["CONFERENCE"]) == "https://meet.example/abc"
    assert "By phone: 01632 960000" in phone.body


@pytest.mark.parametrize(
    ("fields", "field", "error"),
    [
        ({"address": ""}, "Address or room", "Say where you meet: an address or a room."),
        ({"place": "video", "address": ""}, "Video call link", "Paste the link to the video call."),
        (
            {"place": "video", "video_link": "http://meet.example/x"},
            "Video call link",
            "Use the call's https:// link.",
        ),
        ({"place": "phone"}, "Phone number to call", "Give the number to call."),
        ({"time": ""}, "Start time", "Give a start time: your client's invitation needs one."),
    ],
)
def test_a_coming_appointment_needs_a_time_and_a_place_and_keeps_what_was_typed(
    adviser_client, owner, fields, field, error
):
    response = book(adviser_client, owner, **fields)
    assert response.status_code == 200
    assert errors_for(response, field) == [error]
    assert (
        field_labelled(response, "Agenda").value == "Practise answers for the Acme final interview."
    )
    assert not Appointment.objects.exists()


def test_a_change_raises_the_sequence_and_is_sent_again_with_the_same_uid(
    adviser_client, owner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        book(adviser_client, owner)
    appointment = Appointment.objects.get()
    Appointment.objects.filter(pk=appointment.pk).update(
        response=Appointment.Response.ACCEPTED, responded_at=datetime.datetime.now(datetime.UTC)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert edit(adviser_client, appointment, time="16:00").status_code == 302
    first, second = sent_to(owner.email)
    assert second.subject == "Your careers appointment has changed: Wednesday 2 December"
    assert "16:00 to 16:45" in second.body
    before, after = the_event(invitation_of(first)), the_event(invitation_of(second))
    assert after["UID"] == before["UID"]
    assert (before["SEQUENCE"], after["SEQUENCE"]) == (0, 1)
    assert after.decoded("DTSTART").hour == 16
    appointment.refresh_from_db()
    # The client is asked again: the time they accepted is not this one.
    assert (appointment.sequence, appointment.response) == (1, Appointment.Response.NONE)

    # Writing what was agreed changes nothing the client was sent: no email.
    with django_capture_on_commit_callbacks(execute=True):
        edit(adviser_client, appointment, time="16:00", agreed="Bring the job description.")
    assert len(sent_to(owner.email)) == 2
    appointment.refresh_from_db()
    assert appointment.sequence == 1


def test_cancelling_sends_method_cancel_and_keeps_the_row(
    adviser_client, owner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        book(adviser_client, owner)
    appointment = Appointment.objects.get()
    url = f"/adviser/clients/{owner.pk}/appointments/{appointment.pk}/cancel/"
    page = adviser_client.get(url)
    assert "Cancel this appointment?" in page.text
    assert not Appointment.objects.get().is_cancelled  # GET changes nothing

    with django_capture_on_commit_callbacks(execute=True):
        assert adviser_client.post(url).status_code == 302
        again = adviser_client.post(url)
    assert again.status_code == 302
    _, cancel = sent_to(owner.email)
    assert cancel.subject == "Cancelled: your careers appointment on Wednesday 2 December"
    calendar = invitation_of(cancel)
    assert calendar["METHOD"] == "CANCEL"
    event = the_event(calendar)
    assert (event["SEQUENCE"], str(event["STATUS"])) == (1, "CANCELLED")
    assert str(event["UID"]) == f"appointment-{appointment.pk}@debrief"
    assert Appointment.objects.get().is_cancelled
    # A cancelled appointment cannot be edited back to life.
    with django_capture_on_commit_callbacks(execute=True):
        edit(adviser_client, appointment, time="10:00")
    assert len(sent_to(owner.email)) == 2


def test_deleting_a_coming_appointment_cancels_it_in_the_clients_calendar(
    adviser_client, owner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        book(adviser_client, owner)
    appointment = Appointment.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        adviser_client.post(f"/adviser/clients/{owner.pk}/appointments/{appointment.pk}/delete/")
    assert not Appointment.objects.exists()
    _, cancel = sent_to(owner.email)
    assert invitation_of(cancel)["METHOD"] == "CANCEL"


def test_a_past_meeting_recorded_afterwards_sends_no_invitation(
    adviser_client, owner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        book(adviser_client, owner, date="2026-11-20", time="", agreed="Shorter CV.")
    (message,) = sent_to(owner.email)
    assert not message.alternatives[1:]
    assert "has recorded an appointment with you" in message.body
