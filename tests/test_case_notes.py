"""An adviser's private case notes: contact type, length and outcome; never on the client's
pages, always in the client's data export (the adviser's page says so); another adviser's case
note or client is 404; every read of the page is in the client's access log."""

import io
import json
import zipfile

import pytest
from django.test import Client

from debrief.models import AccessLogEntry, CaseNote, User
from tests.adviser_helpers import sign_in_verified
from tests.factories import grant_access, make_user
from tests.html import errors_for, field_labelled

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


@pytest.fixture
def adviser_client(adviser, owner):
    grant_access(owner, adviser)
    client = Client()
    sign_in_verified(client, adviser)
    return client


def url(owner) -> str:
    return f"/adviser/clients/{owner.pk}/case-notes/"


FIELDS = {
    "contact_on": "2026-11-24",
    "contact_type": "phone",
    "minutes": "20",
    "outcome": "Agreed to ask Acme for feedback by Friday.",
    "text": "Sounded discouraged after the final round.",
}


def test_it_records_a_private_case_note(adviser_client, owner, adviser, owner_client):
    page = adviser_client.get(url(owner))
    assert "does not see case notes on" in page.text
    assert "data export" in page.text
    response = adviser_client.post(url(owner), FIELDS)
    assert response.status_code == 302
    note = CaseNote.objects.get()
    assert (note.adviser, note.client, note.contact_type, note.minutes) == (
        adviser,
        owner,
        CaseNote.ContactType.PHONE,
        20,
    )
    assert "Sounded discouraged" in adviser_client.get(url(owner)).text
    assert AccessLogEntry.objects.filter(client=owner, viewed="Your case notes").exists()

    for path in ("/dashboard/", "/together/", "/settings/access-log/"):
        assert "Sounded discouraged" not in owner_client.get(path).text, path
    archive = zipfile.ZipFile(io.BytesIO(owner_client.post("/settings/export/").content))
    exported = json.loads(archive.read("data.json"))["case_notes_about_you"]
    assert exported == [
        {
            "adviser": "Ada Adviser",
            "contact_on": "2026-11-24",
            "contact_type": "phone",
            "minutes": 20,
            "outcome": "Agreed to ask Acme for feedback by Friday.",
            "text": "Sounded discouraged after the final round.",
            "created_at": exported[0]["created_at"],
        }
    ]


@pytest.mark.parametrize(
    ("field", "typed", "label", "error"),
    [
        ("minutes", "0", "Length (minutes)", "Give the length in minutes, from 1 to 480."),
        (
            "contact_on",
            "2026-12-25",
            "Date of contact",
            "A case note records a contact that happened.",
        ),
        ("outcome", "", "Outcome", "This field is required."),
    ],
)
def test_it_explains_a_mistake_next_to_the_field_and_keeps_the_rest(
    adviser_client, owner, field, typed, label, error
):
    response = adviser_client.post(url(owner), {**FIELDS, field: typed})
    assert response.status_code == 200
    assert error in errors_for(response, label)[0]
    assert field_labelled(response, "Notes").value == FIELDS["text"]
    assert not CaseNote.objects.exists()


def test_another_advisers_case_note_or_client_is_404(adviser_client, adviser, owner):
    adviser_client.post(url(owner), FIELDS)
    note = CaseNote.objects.get()
    other = make_user("other@careers.example", "Other Adviser", role=User.Role.ADVISER)
    grant_access(owner, other)
    other_client = Client()
    sign_in_verified(other_client, other)
    assert "Sounded discouraged" not in other_client.get(url(owner)).text
    edit = f"{url(owner)}{note.pk}/edit/"
    assert other_client.get(edit).status_code == 404
    assert other_client.post(f"{url(owner)}{note.pk}/delete/").status_code == 404
    stranger = make_user("stranger@example.com", "Stranger")
    assert adviser_client.get(url(stranger)).status_code == 404
    assert CaseNote.objects.count() == 1


def test_the_contact_type_is_one_of_its_radios_with_no_blank_one(adviser_client, owner):
    page = adviser_client.get(url(owner)).text
    assert 'name="contact_type" value="phone"' in page
    assert 'name="contact_type" value=""' not in page
    assert "---------" not in page
    # Choosing none is still refused, next to the field, and what was typed is kept.
    refused = adviser_client.post(url(owner), {**FIELDS, "contact_type": ""})
    assert refused.status_code == 200
    assert 'id="id_contact_type_error"' in refused.text
    assert "Agreed to ask Acme for feedback by Friday." in refused.text
