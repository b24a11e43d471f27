"""A list an adviser previewed and never sent is deleted after a week, by a nightly task the
scheduler enqueues and a worker runs; a sent list and a recent draft stay."""

import datetime

import pytest
from crontask import scheduler

from debrief.models import ClientInvitation, InvitationBatch
from debrief.services import invitations
from debrief.tasks import delete_stale_invitation_drafts
from tests.adviser_helpers import sign_in_verified
from tests.invitation_helpers import check_list
from tests.reminder_helpers import run_worker

NOW = datetime.datetime(2026, 11, 25, 12, 0, tzinfo=datetime.UTC)


def test_the_scheduler_enqueues_the_clean_up_nightly():
    jobs = {job.name: str(job.trigger) for job in scheduler.get_jobs()}
    assert "hour='3', minute='41'" in jobs["delete_stale_invitation_drafts"]


@pytest.mark.django_db(transaction=True)
def test_a_draft_never_sent_goes_after_seven_days_and_nothing_else(client, adviser, clock):
    sign_in_verified(client, adviser)
    clock.move_to(NOW)
    check_list(client, "old.draft@example.org, Old Draft")
    old_draft = InvitationBatch.objects.get()
    check_list(client, "sent@example.org, Sent List")
    sent = InvitationBatch.objects.latest("pk")
    client.post(f"/adviser/invitations/{sent.pk}/send/")
    clock.move_to(NOW + datetime.timedelta(days=2))
    sign_in_verified(client, adviser)
    check_list(client, "new.draft@example.org, New Draft")
    new_draft = InvitationBatch.objects.latest("pk")

    clock.move_to(NOW + datetime.timedelta(days=7, minutes=1))
    delete_stale_invitation_drafts.enqueue()  # what the scheduler does at night
    run_worker()

    assert set(InvitationBatch.objects.values_list("pk", flat=True)) == {sent.pk, new_draft.pk}
    assert not ClientInvitation.objects.filter(email="old.draft@example.org").exists()
    sign_in_verified(client, adviser)
    assert client.get(f"/adviser/invitations/{old_draft.pk}/").status_code == 404


@pytest.mark.django_db
def test_a_draft_six_days_old_is_kept(adviser, clock):
    clock.move_to(NOW)
    batch = invitations.create_batch(
        adviser=adviser,
        rows=[invitations.Row(line=1, typed="a@example.org", email="a@example.org")],
    )
    assert invitations.delete_stale_drafts(now=NOW + datetime.timedelta(days=6, hours=23)) == 0
    assert invitations.delete_stale_drafts(now=NOW + datetime.timedelta(days=7, seconds=1)) == 1
    assert not InvitationBatch.objects.filter(pk=batch.pk).exists()
