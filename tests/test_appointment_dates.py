"""Dates an adviser types for an appointment or the next contact are checked next to the field,
with what was typed kept: a date years away is a typo, a next contact cannot be in the past, and
only the listed kinds of appointment exist."""

import pytest
from django.test import Client
from django.urls import reverse

from debrief.models import AdviserAccess, Appointment
from tests.adviser_helpers import sign_in_verified
from tests.factories import grant_access
from tests.html import errors_for, field_labelled

# The clock stands at 25 November 2026.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


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
        "length_minutes": "45",
        "kind": "cv_review",
        "place": "phone",
        "phone": "01632 960000",
        "agreed": "",
        **fields,
    }
    return client.post(reverse("debrief:adviser-appointment-new", args=[owner.pk]), fields)


@pytest.mark.parametrize("typed", ["0226-12-02", "2062-12-02", "2024-11-01"])
def test_an_appointment_years_away_is_refused_and_kept(adviser_client, owner, typed):
    response = book(adviser_client, owner, date=typed, agreed="Bring a CV")
    assert errors_for(response, "Date") == ["Choose a date within two years of today."]
    assert field_labelled(response, "What was agreed").value == "Bring a CV"
    assert not Appointment.objects.exists()


@pytest.mark.parametrize("typed", ["2025-02-01", "2028-06-30"])
def test_an_appointment_within_two_years_is_recorded(adviser_client, owner, typed):
    assert book(adviser_client, owner, date=typed).status_code == 302
    assert str(Appointment.objects.get().date) == typed


def test_an_unknown_kind_of_appointment_is_refused(adviser_client, owner):
    response = book(adviser_client, owner, kind="dinner")
    assert errors_for(response, "Kind") == [
        "Select a valid choice. dinner is not one of the available choices."
    ]
    assert not Appointment.objects.exists()


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("2026-11-24", "Choose today or a later day."),
        ("2030-01-01", "Choose a date within two years of today."),
    ],
)
def test_a_next_contact_in_the_past_or_years_away_is_refused(adviser_client, owner, typed, error):
    url = reverse("debrief:adviser-next-contact", args=[owner.pk])
    response = adviser_client.post(url, {"next_contact_on": typed})
    assert errors_for(response, "Next contact date") == [error]
    assert field_labelled(response, "Next contact date").value == typed
    assert AdviserAccess.objects.get(client=owner).next_contact_on is None
