"""A client answers an adviser's note, and the adviser answers back: a short thread per note,
read on the client's pages and in the adviser's view of the record."""

import pytest
from django.test import Client
from django.urls import reverse

from debrief.models import AccessLogEntry, NoteReply, Notification, User
from debrief.services import consent
from tests.adviser_helpers import sign_in_verified
from tests.factories import grant_access, make_note, make_user
from tests.html import errors_for, field_labelled

pytestmark = pytest.mark.django_db


@pytest.fixture
def note(owner, adviser):
    grant_access(owner, adviser)
    return make_note(adviser, owner, "Book a mock interview with me.")


@pytest.fixture
def adviser_client(adviser):
    client = Client()
    sign_in_verified(client, adviser)
    return client


def client_thread(note) -> str:
    return reverse("debrief:note-thread", args=[note.pk])


def adviser_thread(note) -> str:
    return reverse("debrief:adviser-note-thread", args=[note.client_id, note.pk])


def test_a_client_replies_and_the_adviser_answers(owner_client, adviser_client, note, owner):
    dashboard = owner_client.get("/dashboard/").text
    assert f'href="{client_thread(note)}">Reply' in dashboard

    response = owner_client.post(client_thread(note), {"text": "Thursday at 2pm suits me."})
    assert response["Location"] == client_thread(note)
    reply = NoteReply.objects.get()
    assert (reply.note, reply.author, reply.text) == (note, owner, "Thursday at 2pm suits me.")
    # The adviser hears of it, if they want adviser emails.
    assert Notification.objects.filter(user=note.adviser, object_type="note_replied").exists()

    record = adviser_client.get(f"/adviser/clients/{owner.pk}/").text
    assert "1 reply: read and reply" in record
    thread = adviser_client.get(adviser_thread(note)).text
    assert "Thursday at 2pm suits me." in thread
    assert "Olivia Owner" in thread
    adviser_client.post(adviser_thread(note), {"text": "Booked. See you then."})
    page = owner_client.get(client_thread(note)).text
    assert page.index("Thursday at 2pm suits me.") < page.index("Booked. See you then.")
    assert "2 replies: read and reply" in owner_client.get("/together/").text
    assert AccessLogEntry.objects.filter(client=owner, viewed="A note and its replies").count() == 2


def test_an_empty_or_long_reply_is_refused_and_kept(owner_client, note):
    response = owner_client.post(client_thread(note), {"text": "y" * 2001})
    assert response.status_code == 200
    assert errors_for(response, "Your reply") == [
        "Ensure this value has at most 2000 characters (it has 2001)."
    ]
    assert field_labelled(response, "Your reply").value == "y" * 2001
    assert errors_for(owner_client.post(client_thread(note), {"text": ""}), "Your reply") == [
        "This field is required."
    ]
    assert not NoteReply.objects.exists()


def test_a_thread_holds_at_most_50_replies(owner_client, note, owner):
    NoteReply.objects.bulk_create(
        NoteReply(note=note, author=owner, text=f"Reply {n}") for n in range(50)
    )
    response = owner_client.post(client_thread(note), {"text": "One more"})
    assert errors_for(response, "Your reply") == [
        "This thread has reached 50 replies: start a new note instead."
    ]
    assert NoteReply.objects.count() == 50
    assert "This thread has reached 50 replies." in owner_client.get(client_thread(note)).text


def test_another_clients_note_is_404(stranger_client, note):
    assert stranger_client.get(client_thread(note)).status_code == 404
    assert stranger_client.post(client_thread(note), {"text": "Hi"}).status_code == 404
    assert not NoteReply.objects.exists()


def test_another_advisers_note_or_a_revoked_client_is_404(note, owner):
    other = make_user("other@example.com", "Other Adviser", role=User.Role.ADVISER)
    grant_access(owner, other)
    other_client = Client()
    sign_in_verified(other_client, other)
    assert other_client.get(adviser_thread(note)).status_code == 404
    assert other_client.post(adviser_thread(note), {"text": "Hi"}).status_code == 404

    adviser_client = Client()
    sign_in_verified(adviser_client, note.adviser)
    consent.client_revoke(access=owner.adviser_accesses.get(adviser=note.adviser))
    assert adviser_client.post(adviser_thread(note), {"text": "Hi"}).status_code == 404
    assert not NoteReply.objects.exists()
