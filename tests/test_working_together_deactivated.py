"""A deactivated member of a careers service gets 404 on every working-together page at once,
whatever the method: their invitation lists, a client's appointments, suggestions, next contact
and note threads. Nothing they post is stored or sent."""

import datetime

import pytest
from django.utils import timezone

from debrief.models import (
    ActionSuggestion,
    Appointment,
    InvitationBatch,
    Membership,
    NoteReply,
)
from debrief.services import invitations
from tests.adviser_helpers import sign_in_verified
from tests.factories import grant_access, make_member, make_note, make_organisation, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def member():
    return make_member(make_organisation(), "alex@careers.example.ac.uk", "Alex Adviser")


def test_every_working_together_page_is_404_once_deactivated(client, member):
    sam = make_user("sam@example.com", "Sam Seeker")
    grant_access(sam, member)
    note = make_note(member, sam)
    appointment = Appointment.objects.create(
        adviser=member, client=sam, date=datetime.date(2026, 12, 2)
    )
    draft = invitations.create_batch(
        adviser=member,
        rows=[invitations.Row(line=1, typed="kim@example.org", email="kim@example.org")],
    )
    record = f"/adviser/clients/{sam.pk}"
    pages = {
        "/adviser/invitations/": {"people": "lee@example.org"},
        f"/adviser/invitations/{draft.pk}/": None,
        f"/adviser/invitations/{draft.pk}/send/": {},
        f"{record}/together/": None,
        f"{record}/next-contact/": {"next_contact_on": "2026-12-09"},
        f"{record}/suggestions/new/": {"text": "Rewrite your CV", "area": "skills"},
        f"{record}/appointments/new/": {"date": "2026-12-03", "kind": "cv_review"},
        f"{record}/appointments/{appointment.pk}/edit/": {
            "date": "2026-12-04",
            "kind": "cv_review",
        },
        f"{record}/appointments/{appointment.pk}/delete/": {},
        f"{record}/notes/{note.pk}/": {"text": "Hello"},
    }
    sign_in_verified(client, member)
    for url, data in pages.items():
        if data is None or not url.endswith("/send/"):
            assert client.get(url).status_code == 200, url

    Membership.objects.filter(user=member).update(deactivated_at=timezone.now())

    for url, data in pages.items():
        assert client.get(url).status_code in (404, 405), url
        if data is not None:
            assert client.post(url, data).status_code == 404, url
    assert InvitationBatch.objects.get().confirmed_at is None
    assert InvitationBatch.objects.count() == 1
    assert not ActionSuggestion.objects.exists()
    assert not NoteReply.objects.exists()
    assert list(Appointment.objects.values_list("pk", "date")) == [
        (appointment.pk, datetime.date(2026, 12, 2))
    ]
    assert sam.adviser_accesses.get().next_contact_on is None
