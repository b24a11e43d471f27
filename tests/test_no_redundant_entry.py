"""Nothing a person gave earlier in a process is asked for again (WCAG 2.2 3.3.7, redundant
entry): the next step starts with it filled in or offered. The audit of every flow is in
docs/accessibility.md; these are the steps that once asked again."""

import datetime
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from config.storage_url import documents_storage
from debrief.models import Appointment, CaseNote, Competency, Document, User
from tests.adviser_helpers import sign_in_verified
from tests.appointment_helpers import book
from tests.document_helpers import PDF, documents_stored
from tests.factories import PASSWORD, grant_access, make_application, make_star_answer, make_user
from tests.html import field_labelled, parse

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
RESET = "/accounts/password_reset/"


def reset_link(response) -> str:
    (link,) = [
        element
        for element in parse(response).iter()
        if element.tag == "a" and element.text.strip() == "Forgotten your password?"
    ]
    return link.attrs["href"]


# --- Signing in, and the password forgotten on the way ----------------------------------------


def test_a_refused_password_leads_to_a_reset_form_with_the_address_typed(client):
    make_user("sam@example.com")
    refused = client.post(LOGIN, {"username": "Sam@Example.com", "password": "not it"})
    assert refused.status_code == 200
    link = reset_link(refused)
    assert link == f"{RESET}?email=sam%40example.com"
    assert field_labelled(client.get(link), "Email").attrs["value"] == "sam@example.com"


def test_an_address_with_no_account_is_carried_alike(client):
    # The link says nothing the person did not type: no sign of whether the account exists.
    refused = client.post(LOGIN, {"username": "nobody@example.com", "password": "not it"})
    assert reset_link(refused) == f"{RESET}?email=nobody%40example.com"


def test_the_first_visit_and_a_broken_address_carry_nothing(client):
    assert reset_link(client.get(LOGIN)) == RESET
    refused = client.post(LOGIN, {"username": "not an address", "password": "x"})
    assert reset_link(refused) == RESET
    for passed in ("not an address", "<script>@example.com", ""):
        field = field_labelled(client.get(RESET, {"email": passed}), "Email")
        assert "value" not in field.attrs, passed


def test_signing_up_with_a_known_address_leads_back_in_with_it_filled_in(client):
    make_user("sam@example.com")
    client.post(
        "/accounts/signup/",
        {
            "email": "sam@example.com",
            "display_name": "Sam",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    (message,) = mail.outbox
    links = re.findall(r"https?://\S+", message.body)
    sign_in = next(link for link in links if "/accounts/login/" in link)
    reset = next(link for link in links if "/accounts/password_reset/" in link)
    for link, label in ((sign_in, "Email"), (reset, "Email")):
        path = "/" + link.split("://", 1)[1].split("/", 1)[1]
        assert field_labelled(client.get(path), label).attrs["value"] == "sam@example.com"


def test_a_confirmation_link_used_again_leads_to_sign_in_with_the_address(client):
    client.post(
        "/accounts/signup/",
        {
            "email": "new@example.com",
            "display_name": "New",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    path = (
        "/"
        + re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body)
        .group(0)
        .split("://", 1)[1]
        .split("/", 1)[1]
    )
    Client().post(path)  # confirmed, and signed in, in another browser
    again = client.post(path)
    assert again.url == f"{LOGIN}?email=new%40example.com"
    assert field_labelled(client.get(again.url), "Email").attrs["value"] == "new@example.com"


# --- A STAR answer for the competency the page named ------------------------------------------


def ticked(response, name: str) -> list[str]:
    return [
        element.attrs["value"]
        for element in parse(response).iter()
        if element.tag == "input"
        and element.attrs.get("name") == name
        and "checked" in element.attrs
    ]


def test_write_one_for_a_competency_starts_with_it_ticked(owner_client, owner):
    make_application(owner)
    make_star_answer(owner, competencies=[Competency.LEADERSHIP])
    dashboard = owner_client.get(reverse("debrief:dashboard"))
    assert f'href="/star/new/?competency={Competency.TEAMWORK}"' in dashboard.text
    response = owner_client.get("/star/new/", {"competency": Competency.TEAMWORK})
    assert ticked(response, "competencies") == [Competency.TEAMWORK]
    # The bank filtered by a competency adds an answer for it.
    listed = owner_client.get("/star/", {"competency": Competency.TEAMWORK})
    assert f'href="/star/new/?competency={Competency.TEAMWORK}"' in listed.text


def test_an_unknown_competency_ticks_nothing(owner_client):
    assert ticked(owner_client.get("/star/new/", {"competency": "flying"}), "competencies") == []


# --- Appointments ---------------------------------------------------------------------------


@pytest.fixture
def appointment(adviser, owner, clock):
    grant_access(owner, adviser)
    client = Client()
    sign_in_verified(client, adviser)
    book(client, owner)
    return Appointment.objects.get()


def test_answering_again_starts_from_the_last_answer(owner_client, appointment):
    page = f"/together/appointments/{appointment.pk}/answer/"
    assert ticked(owner_client.get(page), "response") == []
    owner_client.post(page, {"response": "rearrange", "note": "Any morning next week"})
    again = owner_client.get(page)
    assert ticked(again, "response") == ["rearrange"]
    field = field_labelled(again, "A time that suits you better")
    assert field.attrs["value"] == "Any morning next week"


def test_the_adviser_rearranging_reads_the_times_the_client_offered(
    owner_client, adviser, appointment
):
    owner_client.post(
        f"/together/appointments/{appointment.pk}/answer/",
        {"response": "rearrange", "note": "Tuesday <b>after</b> 2pm"},
    )
    client = Client()
    sign_in_verified(client, adviser)
    page = client.get(
        reverse("debrief:adviser-appointment-edit", args=[appointment.client_id, appointment.pk])
    )
    assert "Olivia Owner asked to rearrange: “Tuesday &lt;b&gt;after&lt;/b&gt; 2pm”." in page.text


# --- A document whose name was left out --------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_document_without_a_name_is_saved_under_its_files_name(
    owner_client, owner, settings, tmp_path
):
    with documents_stored(settings, documents_storage("", tmp_path)):
        response = owner_client.post(
            "/documents/new/",
            {"kind": "cv", "title": "", "file": SimpleUploadedFile("CV data roles v3.pdf", PDF)},
        )
        assert response.status_code == 302
        assert Document.objects.get(owner=owner).title == "CV data roles v3"


# --- A case note after an appointment --------------------------------------------------------


def case_notes_page(adviser, owner):
    client = Client()
    sign_in_verified(client, adviser)
    return client.get(f"/adviser/clients/{owner.pk}/case-notes/")


def held_appointment(adviser, owner, **fields) -> Appointment:
    return Appointment.objects.create(
        adviser=adviser,
        client=owner,
        date=datetime.date(2026, 11, 24),
        time=datetime.time(14, 30),
        length_minutes=45,
        place=Appointment.Place.IN_PERSON,
        address="Careers Centre, room 2.14",
        agreed="Ask Acme for feedback by Friday.",
        **fields,
    )


def test_a_case_note_after_an_appointment_starts_from_it(adviser, owner, clock):
    grant_access(owner, adviser)
    held_appointment(adviser, owner)
    page = case_notes_page(adviser, owner)
    assert field_labelled(page, "Date of contact").attrs["value"] == "2026-11-24"
    assert ticked(page, "contact_type") == [CaseNote.ContactType.APPOINTMENT]
    assert field_labelled(page, "Length (minutes)").attrs["value"] == "45"
    assert field_labelled(page, "Outcome").value == "Ask Acme for feedback by Friday."
    assert "Filled in from your appointment on 24 November 2026" in page.text


def test_an_appointment_already_noted_or_another_advisers_fills_nothing(adviser, owner, clock):
    grant_access(owner, adviser)
    other = make_user("other.adviser@example.com", "Otto Other", role=User.Role.ADVISER)
    held_appointment(other, owner)
    page = case_notes_page(adviser, owner)
    assert ticked(page, "contact_type") == []  # nothing chosen
    assert "Filled in from your appointment" not in page.text

    held_appointment(adviser, owner)
    CaseNote.objects.create(
        adviser=adviser,
        client=owner,
        contact_on=datetime.date(2026, 11, 24),
        contact_type=CaseNote.ContactType.APPOINTMENT,
        minutes=45,
        outcome="Noted already.",
    )
    page = case_notes_page(adviser, owner)
    assert ticked(page, "contact_type") == []
    assert "value" not in field_labelled(page, "Length (minutes)").attrs


def test_the_lockout_page_leads_to_a_reset_form_with_the_address_typed(client):
    make_user("sam@example.com")
    for _ in range(6):
        response = client.post(LOGIN, {"username": "sam@example.com", "password": "wrong"})
    assert response.status_code == 429
    (link,) = [
        element.attrs["href"]
        for element in parse(response).iter()
        if element.tag == "a" and element.text.strip() == "reset it"
    ]
    assert link == f"{RESET}?email=sam%40example.com"
    assert field_labelled(client.get(link), "Email").attrs["value"] == "sam@example.com"
