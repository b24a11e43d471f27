"""An adviser records appointments with a client and the next-contact date: the caseload says who
is due for contact (in words) and sorts by it; the client reads both."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from debrief.models import AdviserAccess, Appointment, Notification, User
from tests.adviser_helpers import sign_in_verified
from tests.factories import grant_access, make_user
from tests.html import errors_for, field_labelled

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

CASELOAD = "/adviser/"


@pytest.fixture
def adviser_client(adviser, owner):
    grant_access(owner, adviser)
    client = Client()
    sign_in_verified(client, adviser)
    return client


def book(client, owner, **fields):
    fields = {
        "date": "2026-12-02",
        "time": "14:30",
        "kind": "mock_interview",
        "length_minutes": "45",
        "place": "in_person",
        "address": "Careers Centre, room 2.14",
        "agreed": "",
        **fields,
    }
    return client.post(reverse("debrief:adviser-appointment-new", args=[owner.pk]), fields)


def test_an_appointment_is_recorded_and_the_client_reads_it(
    adviser_client, owner_client, owner, adviser
):
    response = book(adviser_client, owner, agreed="Sam brings the Acme job description.")
    assert response["Location"] == f"/adviser/clients/{owner.pk}/together/"
    appointment = Appointment.objects.get()
    assert (appointment.adviser, appointment.client, appointment.kind) == (
        adviser,
        owner,
        Appointment.Kind.MOCK_INTERVIEW,
    )
    assert (appointment.date, appointment.time) == (
        datetime.date(2026, 12, 2),
        datetime.time(14, 30),
    )
    # A coming appointment is sent with its invitation (tests/test_appointment_invitation.py).
    assert Notification.objects.filter(user=owner, object_type="appointment_0").exists()
    book(adviser_client, owner, date="2026-11-20", time="", kind="cv_review", agreed="Shorter CV.")

    page = owner_client.get("/together/").text
    assert "Mock interview</strong> with Ada Adviser" in page
    assert "Wednesday 2 Dec 2026</time> at 14:30" in page
    assert "Sam brings the Acme job description." in page
    assert page.index("Coming up") < page.index("Mock interview") < page.index("Past")
    assert page.index("Past") < page.index("CV review")


def test_an_appointment_needs_a_date_and_keeps_what_was_typed(adviser_client, owner):
    response = book(adviser_client, owner, date="", agreed="Bring a CV")
    assert errors_for(response, "Date") == ["This field is required."]
    assert field_labelled(response, "What was agreed").value == "Bring a CV"
    assert not Appointment.objects.exists()


def test_another_clients_or_advisers_appointment_is_404(adviser_client, adviser, owner):
    book(adviser_client, owner)
    appointment = Appointment.objects.get()
    other = make_user("other@example.com", "Other Adviser", role=User.Role.ADVISER)
    grant_access(owner, other)
    other_client = Client()
    sign_in_verified(other_client, other)
    edit = reverse("debrief:adviser-appointment-edit", args=[owner.pk, appointment.pk])
    delete = reverse("debrief:adviser-appointment-delete", args=[owner.pk, appointment.pk])
    assert other_client.get(edit).status_code == 404
    assert other_client.post(delete).status_code == 404
    stranger = make_user("s@example.com", "Sid")
    assert book(adviser_client, stranger).status_code == 404
    assert Appointment.objects.count() == 1
    assert adviser_client.post(delete).status_code == 302
    assert not Appointment.objects.exists()


def test_the_next_contact_date_shows_on_the_caseload_and_to_the_client(
    adviser_client, owner_client, adviser, owner, clock
):
    later = make_user("later@example.com", "Abe Later")
    never = make_user("never@example.com", "Aaron Never")
    for client in (later, never):
        grant_access(client, adviser)
    url = reverse("debrief:adviser-next-contact", args=[owner.pk])
    assert adviser_client.post(url, {"next_contact_on": "2026-11-25"}).status_code == 302
    adviser_client.post(
        reverse("debrief:adviser-next-contact", args=[later.pk]), {"next_contact_on": "2026-12-09"}
    )
    assert AdviserAccess.objects.get(client=owner).next_contact_on == clock.today

    page = adviser_client.get(CASELOAD)
    rows = {row.client.display_name: row for row in page.context["page_obj"]}
    assert rows["Olivia Owner"].due_for_contact
    assert not rows["Abe Later"].due_for_contact
    assert rows["Aaron Never"].next_contact is None
    assert page.text.count("Due for contact") == 1
    sorted_page = adviser_client.get(CASELOAD, {"sort": "next_contact"})
    assert [row.client.display_name for row in sorted_page.context["page_obj"]] == [
        "Olivia Owner",
        "Abe Later",
        "Aaron Never",
    ]
    assert "Wednesday 25 November 2026" in owner_client.get("/together/").text

    # Abe is due on his day.
    clock.move_to(datetime.date(2026, 12, 9))
    sign_in_verified(adviser_client, adviser)  # the adviser's session has ended meanwhile
    rows = {r.client.display_name: r for r in adviser_client.get(CASELOAD).context["page_obj"]}
    assert rows["Abe Later"].due_for_contact


def test_clearing_the_next_contact_date(adviser_client, adviser, owner):
    url = reverse("debrief:adviser-next-contact", args=[owner.pk])
    adviser_client.post(url, {"next_contact_on": "2026-12-01"})
    adviser_client.post(url, {"next_contact_on": ""})
    assert AdviserAccess.objects.get(client=owner).next_contact_on is None


def test_the_next_contact_date_of_a_client_not_shared_is_404(adviser_client, stranger):
    url = reverse("debrief:adviser-next-contact", args=[stranger.pk])
    assert adviser_client.post(url, {"next_contact_on": "2026-12-01"}).status_code == 404
