"""An appointment for everyone in a tag at once (a workshop, a group session): each consenting
client gets the email and calendar invitation of a one-to-one, their answers show on the diary,
the session's seats are not double bookings of the adviser, a one-to-one in its hour is (by the
form and by the database), and another adviser's tag is 404."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.test import Client

from debrief.models import AdviserAccess, Appointment, ClientTag, ClientTagging, GroupSession
from debrief.services import appointments
from tests.adviser_helpers import sign_in_verified
from tests.appointment_helpers import book, invitation_of, sent_to, the_event
from tests.factories import grant_access, make_user
from tests.html import errors_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

WORKSHOP = {
    "date": "2026-12-02",
    "time": "14:00",
    "length_minutes": "90",
    "kind": "workshop",
    "place": "in_person",
    "address": "Careers Centre, seminar room 1",
    "agenda": "Answering competency questions with STAR.",
}


@pytest.fixture
def cohort(adviser):
    """Three clients tagged "Graduates": two share with the adviser, one stopped sharing."""
    tag = ClientTag.objects.create(adviser=adviser, name="Graduates")
    people = [make_user(f"grad{n}@example.com", f"Grad {n}") for n in range(3)]
    for person in people:
        grant_access(person, adviser)
        ClientTagging.objects.create(tag=tag, client=person)
    AdviserAccess.objects.filter(client=people[2]).update(status="revoked")
    return tag, people


@pytest.fixture
def adviser_client(adviser):
    client = Client()
    sign_in_verified(client, adviser)
    return client


def invite(client, tag, **fields):
    return client.post(f"/adviser/tags/{tag.pk}/invite/", {**WORKSHOP, **fields})


def test_each_consenting_client_gets_the_invitation_of_a_one_to_one(
    adviser_client, adviser, cohort, django_capture_on_commit_callbacks
):
    tag, (ann, ben, gone) = cohort
    page = adviser_client.get(f"/adviser/tags/{tag.pk}/invite/").text
    assert "Invite 2 clients" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(adviser_client, tag)
    assert response.status_code == 302
    session = GroupSession.objects.get()
    seats = list(Appointment.objects.filter(group_session=session).order_by("client__email"))
    assert [seat.client for seat in seats] == [ann, ben]
    assert [seat.holds_slot for seat in seats] == [True, False]
    assert sent_to(gone.email) == []
    for person, seat in zip((ann, ben), seats, strict=True):
        (message,) = sent_to(person.email)
        for text in (
            "Workshop",
            "Wednesday 2 December 2026, 14:00 to 15:30 (UK time)",
            "Careers Centre, seminar room 1",
            "Answering competency questions with STAR.",
        ):
            assert text in message.body, text
        calendar = invitation_of(message)
        assert calendar["METHOD"] == "REQUEST"
        event = the_event(calendar)
        assert str(event["UID"]) == f"appointment-{seat.pk}@debrief"
        assert event.decoded("DTSTART") == datetime.datetime(
            2026, 12, 2, 14, 0, tzinfo=datetime.UTC
        )
        assert str(event["ATTENDEE"]) == f"mailto:{person.email}"
    tag_page = adviser_client.get(f"/adviser/tags/{tag.pk}/").text
    assert "Workshop, <time" in tag_page
    assert "2 no answer yet" in tag_page


def test_the_answers_show_on_the_diary(adviser_client, adviser, cohort, clock):
    tag, (ann, _, _) = cohort
    invite(adviser_client, tag)
    seat = Appointment.objects.get(client=ann)
    answering = Client()
    answering.force_login(ann)
    answering.post(f"/together/appointments/{seat.pk}/answer/", {"response": "accepted"})
    diary = adviser_client.get("/adviser/diary/", {"week": "2026-12-02"}).text
    assert diary.count("Workshop with") == 2
    assert ">Accepted</span>" in diary
    tag_page = adviser_client.get(f"/adviser/tags/{tag.pk}/").text
    assert "1 accepted, 1 no answer yet" in tag_page


def test_the_seats_are_not_double_bookings_but_a_one_to_one_in_the_hour_is(
    adviser_client, adviser, cohort, owner
):
    tag, _ = cohort
    assert invite(adviser_client, tag).status_code == 302
    assert Appointment.objects.count() == 2

    # The form says so next to the time.
    grant_access(owner, adviser)
    response = book(adviser_client, owner, date="2026-12-02", time="15:00")
    assert response.status_code == 200
    assert "You already have an appointment then" in " ".join(errors_for(response, "Start time"))
    # And the database refuses it whatever the path.
    with pytest.raises(IntegrityError), transaction.atomic():
        Appointment.objects.create(
            adviser=adviser,
            client=owner,
            date=datetime.date(2026, 12, 2),
            time=datetime.time(15, 0),
            address="Room 3",
        )
    # Another group session in the same hour is refused too, nothing saved, nobody invited.
    second = ClientTag.objects.create(adviser=adviser, name="Returners")
    ClientTagging.objects.create(tag=second, client=owner)
    response = invite(adviser_client, second, time="14:30")
    assert response.status_code == 200
    assert "You already have an appointment then" in " ".join(errors_for(response, "Start time"))
    assert Appointment.objects.count() == 2
    assert GroupSession.objects.count() == 1


def test_cancelling_one_seat_keeps_the_time_and_the_last_frees_it(
    adviser_client, adviser, cohort, owner
):
    tag, (_, ben, _) = cohort
    invite(adviser_client, tag)
    holding = Appointment.objects.get(holds_slot=True)
    appointments.appointment_cancel(appointment=holding)
    grant_access(owner, adviser)
    one_to_one = Appointment(
        adviser=adviser,
        client=owner,
        date=datetime.date(2026, 12, 2),
        time=datetime.time(14, 0),
        address="Room 3",
    )
    # Ben's seat is live: the session still happens, the hour is still taken.
    assert appointments.clashes(one_to_one) is not None
    with pytest.raises(IntegrityError), transaction.atomic():
        Appointment.objects.create(
            adviser=adviser,
            client=owner,
            date=datetime.date(2026, 12, 2),
            time=datetime.time(14, 0),
            address="Room 3",
        )
    appointments.appointment_cancel(appointment=Appointment.objects.get(client=ben))
    assert appointments.clashes(one_to_one) is None
    one_to_one.save()


def test_a_seat_is_not_moved_alone(adviser_client, adviser, cohort):
    tag, (ann, _, _) = cohort
    invite(adviser_client, tag)
    seat = Appointment.objects.get(client=ann)
    seat.time = datetime.time(16, 0)
    with pytest.raises(appointments.AppointmentError):
        appointments.appointment_change(appointment=seat, changed={"time"})


def test_a_time_gone_by_or_an_empty_tag_invites_nobody(adviser_client, adviser, cohort):
    tag, _ = cohort
    response = invite(adviser_client, tag, date="2026-11-20")
    assert "this one has passed" in " ".join(errors_for(response, "Date"))
    response = invite(adviser_client, tag, time="")
    assert errors_for(response, "Start time")
    empty = ClientTag.objects.create(adviser=adviser, name="Empty")
    response = invite(adviser_client, empty)
    assert "Nobody in this tag shares their record with you now." in response.text
    assert not Appointment.objects.exists()


def test_another_advisers_tag_is_404_and_invites_nobody(client, cohort):
    tag, _ = cohort
    other = make_user("other@example.com", "Other Adviser", role="adviser")
    sign_in_verified(client, other)
    assert client.get(f"/adviser/tags/{tag.pk}/invite/").status_code == 404
    assert invite(client, tag).status_code == 404
    assert not Appointment.objects.exists()
    assert not GroupSession.objects.exists()
