"""Contacts at employers: added with their role, email, phone and notes, linked to the person's
own applications and interviews only; exported as a vCard one by one or all at once; nobody else
sees them; the feedback request is addressed to the interview's interviewer first."""

import datetime
import io
import json
import zipfile

import pytest
from django.utils import timezone

from debrief.models import Contact
from debrief.services.contacts import feedback_contact
from tests.adviser_helpers import sign_in_verified
from tests.factories import grant_access, make_application, make_interview
from tests.html import errors_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def acme(owner):
    return make_application(owner, employer="Acme Ltd", role_title="Data Analyst")


def add(client, **fields):
    data = {"name": "Priya Shah", "role": "interviewer", "employer": "Acme Ltd"} | fields
    return client.post("/contacts/new/", data)


def test_a_contact_is_added_and_linked_to_an_application_and_interview(owner_client, acme):
    interview = make_interview(acme)
    response = add(
        owner_client,
        email="priya@acme.example",
        phone="+44 20 7946 0000",
        notes="Leads the data team; asked about SQL",
        applications=[acme.pk],
        interviews=[interview.pk],
    )
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert list(contact.applications.all()) == [acme]
    assert list(contact.interviews.all()) == [interview]
    page = owner_client.get("/contacts/").text
    assert "Priya Shah" in page
    assert "Interviewer, Acme Ltd" in page
    assert 'href="mailto:priya@acme.example"' in page
    assert 'href="tel:+442079460000"' in page
    assert f'href="/applications/{acme.pk}/">Data Analyst at Acme Ltd</a>' in page


def test_another_persons_application_cannot_be_linked(owner_client, stranger):
    theirs = make_application(stranger)
    response = add(owner_client, applications=[theirs.pk])
    assert response.status_code == 200
    assert f"Select a valid choice. {theirs.pk} is not one of the available choices." in (
        response.text
    )
    assert not Contact.objects.exists()


def test_a_bad_phone_number_or_email_is_explained_and_nothing_typed_is_lost(owner_client):
    response = add(owner_client, phone="call me maybe", email="not-an-email", notes="Kept")
    assert errors_for(response, "Phone")[0].startswith("Write the number with digits")
    assert errors_for(response, "Email") == ["Enter a valid email address."]
    assert "Kept</textarea>" in response.text
    assert not Contact.objects.exists()


def test_a_contact_is_edited_and_deleted(owner_client, owner):
    contact = Contact.objects.create(owner=owner, name="Sam Lee", role="recruiter")
    owner_client.post(
        f"/contacts/{contact.pk}/edit/", {"name": "Sam Lee", "role": "hiring_manager"}
    )
    contact.refresh_from_db()
    assert contact.role == Contact.Role.HIRING_MANAGER
    assert "Delete this contact?" in owner_client.get(f"/contacts/{contact.pk}/delete/").text
    owner_client.post(f"/contacts/{contact.pk}/delete/")
    assert not Contact.objects.exists()


def test_one_contact_and_all_contacts_export_as_vcards(owner_client, owner):
    contact = Contact.objects.create(
        owner=owner,
        name="Dr Priya Shah",
        role="hiring_manager",
        employer="Acme, Ltd; UK",
        email="priya@acme.example",
        phone="07700 900123",
        notes="Line one\nLine two",
    )
    Contact.objects.create(owner=owner, name="Sam Lee")
    response = owner_client.get(f"/contacts/{contact.pk}/vcard.vcf")
    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    assert 'filename="dr-priya-shah.vcf"' in response["Content-Disposition"]
    assert response.content.decode() == (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dr Priya Shah\r\nN:Shah;Priya;;Dr;\r\n"
        "ORG:Acme\\, Ltd\\; UK\r\nTITLE:Hiring manager\r\n"
        "EMAIL;TYPE=INTERNET:priya@acme.example\r\n"
        "TEL;TYPE=WORK,VOICE:07700 900123\r\nNOTE:Line one\\nLine two\r\nEND:VCARD\r\n"
    )
    everyone = owner_client.get("/contacts/all.vcf").content.decode()
    assert everyone.count("BEGIN:VCARD") == 2
    assert "FN:Sam Lee" in everyone


def test_nobody_else_sees_a_contact(client, owner, stranger, adviser):
    contact = Contact.objects.create(owner=owner, name="Priya Shah")
    grant_access(owner, adviser)
    client.force_login(stranger)
    for url in ["edit/", "delete/", "vcard.vcf"]:
        assert client.get(f"/contacts/{contact.pk}/{url}").status_code == 404
    assert client.post(f"/contacts/{contact.pk}/delete/").status_code == 404
    assert "FN:" not in client.get("/contacts/all.vcf").content.decode()
    assert "Priya" not in client.get("/contacts/").text
    client.logout()
    sign_in_verified(client, adviser)
    assert client.get(f"/contacts/{contact.pk}/edit/").status_code == 404
    assert Contact.objects.filter(pk=contact.pk).exists()


def test_the_feedback_contact_is_the_interviews_interviewer_first(owner, acme):
    interview = make_interview(acme)
    assert feedback_contact(interview) is None
    recruiter = Contact.objects.create(owner=owner, name="Sam Lee", role="recruiter")
    recruiter.applications.add(acme)
    assert feedback_contact(interview) == recruiter
    manager = Contact.objects.create(owner=owner, name="Jo Park", role="hiring_manager")
    manager.applications.add(acme)
    assert feedback_contact(interview) == manager
    interviewer = Contact.objects.create(owner=owner, name="Dr Priya Shah", role="interviewer")
    interviewer.interviews.add(interview)
    assert feedback_contact(interview) == interviewer
    assert interviewer.first_name == "Priya"
    other = make_interview(acme, scheduled_at=timezone.now() - datetime.timedelta(days=9))
    assert feedback_contact(other) == manager


def test_the_feedback_request_is_addressed_to_that_contact(owner_client, owner, acme):
    interview = make_interview(acme)
    contact = Contact.objects.create(
        owner=owner, name="Priya Shah", role="interviewer", email="priya@acme.example"
    )
    contact.interviews.add(interview)
    page = owner_client.get(f"/interviews/{interview.pk}/feedback/new/").text
    assert 'value="Priya Shah"' in page
    assert 'value="priya@acme.example"' in page


def test_the_export_holds_the_contacts_with_their_links(owner_client, owner, acme):
    contact = Contact.objects.create(owner=owner, name="Priya Shah", phone="07700 900123")
    contact.applications.add(acme)
    archive = zipfile.ZipFile(io.BytesIO(owner_client.post("/settings/export/").content))
    [exported] = json.loads(archive.read("data.json"))["contacts"]
    assert exported["name"] == "Priya Shah"
    assert exported["phone"] == "07700 900123"
    assert exported["application_ids"] == [acme.pk]


def test_the_export_has_a_sheet_of_contacts(owner_client, owner):
    Contact.objects.create(owner=owner, name="Sam Lee", role="recruiter", phone="+44 20 7946 0000")
    archive = zipfile.ZipFile(io.BytesIO(owner_client.post("/settings/export/").content))
    sheet = archive.read("contacts.csv").decode("utf-8-sig").splitlines()
    assert sheet == [
        "Name,Role,Employer,Email,Phone,Notes",
        "Sam Lee,Recruiter,,,'+44 20 7946 0000,",
    ]
