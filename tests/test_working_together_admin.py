"""Support staff can look at invitation lists, suggested actions, replies and appointments in the
admin, never change them; a sign-up link's hash is never shown or searchable; and reading a
client's suggestions, replies or appointments is written to that client's access log."""

import datetime

import pytest
from django.urls import reverse

from debrief.models import (
    AccessLogEntry,
    ActionSuggestion,
    AdviserNote,
    Appointment,
    ClientInvitation,
    EnrolmentLink,
    InvitationBatch,
    NoteReply,
    User,
)
from tests.adviser_helpers import sign_in_verified
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    staff = User.objects.create_superuser("staff@example.com", PASSWORD, display_name="Sam Staff")
    sign_in_verified(client, staff)
    return client


@pytest.fixture
def sent_invitation(adviser):
    batch = InvitationBatch.objects.create(
        adviser=adviser, confirmed_at=datetime.datetime.now(datetime.UTC)
    )
    return ClientInvitation.objects.create(
        batch=batch,
        line=1,
        typed="new@example.org, New Person",
        email="new@example.org",
        name="New Person",
        status=ClientInvitation.Status.SENT,
        token_hash=EnrolmentLink.hash("the-secret-token"),
    )


def test_it_shows_invitations_without_their_link_hash(staff_client, sent_invitation):
    secret = sent_invitation.token_hash
    for url in (
        reverse("admin:debrief_invitationbatch_changelist"),
        reverse("admin:debrief_invitationbatch_change", args=[sent_invitation.batch_id]),
        reverse("admin:debrief_clientinvitation_changelist"),
        reverse("admin:debrief_clientinvitation_change", args=[sent_invitation.pk]),
    ):
        response = staff_client.get(url)
        assert response.status_code == 200, url
        assert secret not in response.text
        assert "token" not in response.text.lower().replace("csrfmiddlewaretoken", "")
    assert "new@example.org" in response.text


def test_the_link_hash_cannot_be_filtered_or_searched(staff_client, sent_invitation):
    secret = sent_invitation.token_hash
    changelist = reverse("admin:debrief_clientinvitation_changelist")
    assert staff_client.get(f"{changelist}?token_hash__startswith={secret[:2]}").status_code == 400
    batches = reverse("admin:debrief_invitationbatch_changelist")
    assert (
        staff_client.get(f"{batches}?rows__token_hash__startswith={secret[:2]}").status_code == 400
    )
    response = staff_client.get(f"{changelist}?q={secret}")
    assert "new@example.org" not in response.text


@pytest.mark.parametrize("model", ["invitationbatch", "clientinvitation"])
def test_invitations_cannot_be_added_changed_or_deleted(staff_client, sent_invitation, model):
    pk = sent_invitation.batch_id if model == "invitationbatch" else sent_invitation.pk
    assert staff_client.get(reverse(f"admin:debrief_{model}_add")).status_code == 403
    assert (
        staff_client.post(reverse(f"admin:debrief_{model}_change", args=[pk]), {}).status_code
        == 403
    )
    delete = reverse(f"admin:debrief_{model}_delete", args=[pk])
    assert staff_client.post(delete, {"post": "yes"}).status_code == 403
    assert ClientInvitation.objects.filter(pk=sent_invitation.pk).exists()


@pytest.fixture
def together_records(owner, adviser):
    note = AdviserNote.objects.create(adviser=adviser, client=owner, text="Book a mock.")
    return {
        "actionsuggestion": ActionSuggestion.objects.create(
            adviser=adviser, client=owner, text="Rewrite your CV summary"
        ),
        "notereply": NoteReply.objects.create(note=note, author=owner, text="Booked for Monday."),
        "appointment": Appointment.objects.create(
            adviser=adviser, client=owner, date=datetime.date(2026, 11, 30), agreed="CV by Friday"
        ),
    }


@pytest.mark.parametrize("model", ["actionsuggestion", "notereply", "appointment"])
def test_reading_a_clients_working_together_records_is_logged(
    staff_client, owner, together_records, model
):
    record = together_records[model]
    assert staff_client.get(reverse(f"admin:debrief_{model}_changelist")).status_code == 200
    assert (
        staff_client.get(reverse(f"admin:debrief_{model}_change", args=[record.pk])).status_code
        == 200
    )

    logged = AccessLogEntry.objects.filter(client=owner, viewer_name="Sam Staff")
    assert logged.count() == 2
    assert all(entry.viewed.startswith("Admin — ") for entry in logged)


@pytest.mark.parametrize("model", ["actionsuggestion", "notereply", "appointment"])
def test_working_together_records_are_read_only(staff_client, together_records, model):
    record = together_records[model]
    assert staff_client.get(reverse(f"admin:debrief_{model}_add")).status_code == 403
    change = reverse(f"admin:debrief_{model}_change", args=[record.pk])
    assert staff_client.post(change, {}).status_code == 403
    delete = reverse(f"admin:debrief_{model}_delete", args=[record.pk])
    assert staff_client.post(delete, {"post": "yes"}).status_code == 403
    assert type(record).objects.filter(pk=record.pk).exists()
