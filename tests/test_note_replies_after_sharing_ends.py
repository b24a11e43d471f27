"""A client cannot reply to a note once its adviser can no longer read the reply (the client
stopped sharing, or the careers service deactivated the adviser): the page says why instead of
offering a form, and nothing is stored or sent."""

import pytest
from django.urls import reverse
from django.utils import timezone

from debrief.models import Membership, NoteReply, Notification
from debrief.services import consent
from tests.factories import grant_access, make_note, make_organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def note(owner, adviser):
    grant_access(owner, adviser)
    return make_note(adviser, owner, "Book a mock interview with me.")


def thread(note) -> str:
    return reverse("debrief:note-thread", args=[note.pk])


def test_after_revoking_the_client_reads_the_thread_but_cannot_reply(owner_client, owner, note):
    consent.client_revoke(access=owner.adviser_accesses.get(adviser=note.adviser))
    Notification.objects.all().delete()

    page = owner_client.get(thread(note))
    assert page.status_code == 200
    assert "Book a mock interview with me." in page.text
    assert "You no longer share your record with Ada Adviser" in page.text
    assert "Send reply" not in page.text

    response = owner_client.post(thread(note), {"text": "Hello?"}, follow=True)
    assert "You no longer share your record with Ada Adviser" in response.text
    assert not NoteReply.objects.exists()
    assert not Notification.objects.exists()


def test_a_deactivated_adviser_gets_no_reply(owner_client, note):
    membership = Membership.objects.create(
        organisation=make_organisation(), user=note.adviser, role=Membership.Role.ADVISER
    )
    membership.deactivated_at = timezone.now()
    membership.save()
    owner_client.post(thread(note), {"text": "Hello?"})
    assert not NoteReply.objects.exists()


def test_while_sharing_the_client_replies(owner_client, note):
    assert "Send reply" in owner_client.get(thread(note)).text
    owner_client.post(thread(note), {"text": "Booked for Monday."})
    assert NoteReply.objects.get().text == "Booked for Monday."
