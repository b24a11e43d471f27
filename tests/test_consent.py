"""Consent: a client shares their record with an adviser, accepts or declines an adviser's request,
and revokes access; every change is kept with its time and who made it."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from debrief.models import AdviserAccess, AdviserAccessChange, ClientInvitation, User
from debrief.services import consent
from tests.adviser_helpers import sign_in_verified
from tests.factories import grant_access, make_user

pytestmark = pytest.mark.django_db

Status = AdviserAccess.Status
SHARING = reverse("debrief:settings-sharing")
CASELOAD = reverse("debrief:adviser-caseload")


def history(access: AdviserAccess) -> list[tuple[str, int]]:
    return [(change.status, change.changed_by_id) for change in access.changes.all()]


# --- The state machine --------------------------------------------------------------------------


def test_it_records_an_advisers_request_as_pending(owner, adviser, clock):
    clock.move_to(datetime.datetime(2026, 3, 2, 9, 30, tzinfo=datetime.UTC))
    access = consent.adviser_request(adviser=adviser, client=owner)
    assert access.status == Status.PENDING
    assert access.requested_at == timezone.now()
    assert access.granted_at is None
    assert history(access) == [(Status.PENDING, adviser.pk)]
    assert access.changes.get().changed_at == timezone.now()


def test_it_keeps_one_open_request_when_the_adviser_asks_twice(owner, adviser):
    first = consent.adviser_request(adviser=adviser, client=owner)
    again = consent.adviser_request(adviser=adviser, client=owner)
    assert again.pk == first.pk
    assert AdviserAccess.objects.count() == 1
    assert AdviserAccessChange.objects.count() == 1


def test_an_advisers_request_leaves_an_active_access_active(owner, adviser):
    access = consent.client_grant(client=owner, adviser=adviser)
    assert consent.adviser_request(adviser=adviser, client=owner).pk == access.pk
    access.refresh_from_db()
    assert access.status == Status.ACTIVE
    assert history(access) == [(Status.ACTIVE, owner.pk)]


def test_a_client_grants_access_directly(owner, adviser):
    access = consent.client_grant(client=owner, adviser=adviser)
    assert access.status == Status.ACTIVE
    assert access.granted_at is not None
    assert history(access) == [(Status.ACTIVE, owner.pk)]


def test_granting_accepts_the_advisers_pending_request(owner, adviser):
    requested = consent.adviser_request(adviser=adviser, client=owner)
    granted = consent.client_grant(client=owner, adviser=adviser)
    assert granted.pk == requested.pk
    assert granted.status == Status.ACTIVE
    assert history(granted) == [(Status.PENDING, adviser.pk), (Status.ACTIVE, owner.pk)]


def test_granting_twice_changes_nothing(owner, adviser):
    first = consent.client_grant(client=owner, adviser=adviser)
    assert consent.client_grant(client=owner, adviser=adviser).pk == first.pk
    assert AdviserAccessChange.objects.count() == 1


def test_a_client_accepts_a_request(owner, adviser):
    access = consent.client_accept(access=consent.adviser_request(adviser=adviser, client=owner))
    assert access.status == Status.ACTIVE
    assert access.granted_at is not None
    assert access.ended_at is None


def test_a_client_declines_a_request(owner, adviser):
    access = consent.client_decline(access=consent.adviser_request(adviser=adviser, client=owner))
    assert access.status == Status.DECLINED
    assert access.ended_at is not None
    assert history(access) == [(Status.PENDING, adviser.pk), (Status.DECLINED, owner.pk)]


def test_a_client_revokes_an_active_access(owner, adviser, clock):
    clock.move_to(datetime.datetime(2026, 3, 1, 12, 0, tzinfo=datetime.UTC))
    access = consent.client_grant(client=owner, adviser=adviser)
    clock.move_to(datetime.datetime(2026, 4, 1, 12, 0, tzinfo=datetime.UTC))
    access = consent.client_revoke(access=access)
    assert access.status == Status.REVOKED
    assert access.ended_at == timezone.now()
    assert history(access) == [(Status.ACTIVE, owner.pk), (Status.REVOKED, owner.pk)]


@pytest.mark.parametrize(
    ("start", "change"),
    [
        ("pending", consent.client_revoke),
        ("active", consent.client_accept),
        ("active", consent.client_decline),
        ("declined", consent.client_accept),
        ("declined", consent.client_revoke),
        ("revoked", consent.client_accept),
        ("revoked", consent.client_revoke),
    ],
)
def test_it_refuses_a_change_the_state_does_not_allow(owner, adviser, start, change):
    access = AdviserAccess.objects.create(
        client=owner, adviser=adviser, status=start, granted_at=timezone.now()
    )
    with pytest.raises(consent.ConsentError):
        change(access=access)
    access.refresh_from_db()
    assert access.status == start
    assert not AdviserAccessChange.objects.exists()


def test_asking_again_after_a_revocation_opens_a_new_access_and_keeps_the_old(owner, adviser):
    old = consent.client_revoke(access=consent.client_grant(client=owner, adviser=adviser))
    new = consent.adviser_request(adviser=adviser, client=owner)
    assert new.pk != old.pk
    assert new.status == Status.PENDING
    old.refresh_from_db()
    assert old.status == Status.REVOKED


def test_nobody_shares_a_record_with_themselves(adviser):
    with pytest.raises(consent.ConsentError):
        consent.client_grant(client=adviser, adviser=adviser)
    with pytest.raises(consent.ConsentError):
        consent.adviser_request(adviser=adviser, client=adviser)


def test_the_database_allows_one_open_access_per_client_and_adviser(owner, adviser):
    grant_access(owner, adviser)
    with pytest.raises(IntegrityError), transaction.atomic():
        AdviserAccess.objects.create(client=owner, adviser=adviser, status=Status.PENDING)
    AdviserAccess.objects.create(client=owner, adviser=adviser, status=Status.REVOKED)


def test_the_database_refuses_an_active_access_without_its_grant_time(owner, adviser):
    with pytest.raises(IntegrityError), transaction.atomic():
        AdviserAccess.objects.create(client=owner, adviser=adviser, status=Status.ACTIVE)


# --- The client's sharing page ------------------------------------------------------------------


def test_a_client_gives_an_adviser_access_by_email(owner_client, owner, adviser):
    response = owner_client.post(SHARING, {"email": "ADVISER@example.com"}, follow=True)
    assert "If ADVISER@example.com belongs to a Debrief careers adviser" in response.text
    access = AdviserAccess.objects.get(client=owner, adviser=adviser)
    assert access.status == Status.ACTIVE
    # Listed by the address typed, never by the adviser it reached (tests/test_no_enumeration.py).
    assert "Ada Adviser" not in response.text
    assert "adviser@example.com" in response.text
    assert "Stop sharing" in response.text
    shared = owner.shared_addresses.get()
    response = owner_client.post(f"/settings/sharing/addresses/{shared.pk}/stop/", follow=True)
    assert "You stopped sharing your record with adviser@example.com." in response.text
    access.refresh_from_db()
    assert access.status == Status.REVOKED


@pytest.mark.parametrize("email", ["nobody@example.com", "stranger@example.com"])
def test_an_unknown_or_non_adviser_email_gets_the_same_neutral_message(
    owner_client, owner, stranger, email
):
    response = owner_client.post(SHARING, {"email": email}, follow=True)
    assert f"If {email} belongs to a Debrief careers adviser, they can now read" in response.text
    assert not AdviserAccess.objects.exists()


def test_an_adviser_cannot_share_with_themselves_and_is_told_nothing_different(client, adviser):
    sign_in_verified(client, adviser)
    response = client.post(SHARING, {"email": adviser.email}, follow=True)
    assert "belongs to a Debrief careers adviser" in response.text
    assert not AdviserAccess.objects.exists()


def test_a_bad_email_is_explained_next_to_the_field(owner_client):
    response = owner_client.post(SHARING, {"email": "not an email"})
    assert response.status_code == 200
    assert "Enter a valid email address." in response.text
    assert 'value="not an email"' in response.text
    assert not AdviserAccess.objects.exists()


def test_a_client_sees_an_advisers_request_and_accepts_it(owner_client, owner, adviser):
    access = consent.adviser_request(adviser=adviser, client=owner)
    page = owner_client.get(SHARING)
    assert "Ada Adviser" in page.text
    assert "asked to read your record" in page.text
    response = owner_client.post(
        reverse("debrief:settings-sharing-accept", args=[access.pk]), follow=True
    )
    assert "Ada Adviser can now read your record." in response.text
    access.refresh_from_db()
    assert access.status == Status.ACTIVE


def test_a_client_declines_an_advisers_request(owner_client, owner, adviser):
    access = consent.adviser_request(adviser=adviser, client=owner)
    owner_client.post(reverse("debrief:settings-sharing-decline", args=[access.pk]))
    access.refresh_from_db()
    assert access.status == Status.DECLINED


def test_a_client_revokes_access_and_the_history_shows_every_change(owner_client, owner, adviser):
    access = consent.adviser_request(adviser=adviser, client=owner)
    consent.client_accept(access=access)
    response = owner_client.post(
        reverse("debrief:settings-sharing-revoke", args=[access.pk]), follow=True
    )
    assert "Ada Adviser can no longer see your record." in response.text
    access.refresh_from_db()
    assert access.status == Status.REVOKED
    assert "No adviser can read your record." in response.text
    for label in ("Asked for access", "Access given", "Access revoked"):
        assert label in response.text


@pytest.mark.parametrize("action", ["accept", "decline", "revoke"])
def test_consent_changes_need_a_post(owner_client, owner, adviser, action):
    access = consent.adviser_request(adviser=adviser, client=owner)
    url = reverse(f"debrief:settings-sharing-{action}", args=[access.pk])
    assert owner_client.get(url).status_code == 405


@pytest.mark.parametrize("action", ["accept", "decline", "revoke"])
def test_nobody_changes_another_clients_consent(client, owner, stranger, adviser, action):
    pending = consent.adviser_request(adviser=adviser, client=owner)
    other_adviser = make_user("other.adviser@example.com", role=User.Role.ADVISER)
    active = consent.client_grant(client=owner, adviser=other_adviser)
    client.force_login(stranger)
    for access in (pending, active):
        url = reverse(f"debrief:settings-sharing-{action}", args=[access.pk])
        assert client.post(url).status_code == 404
    pending.refresh_from_db()
    active.refresh_from_db()
    assert (pending.status, active.status) == (Status.PENDING, Status.ACTIVE)


def test_revoking_twice_explains_that_nothing_changed(owner_client, owner, adviser):
    access = consent.client_grant(client=owner, adviser=adviser)
    url = reverse("debrief:settings-sharing-revoke", args=[access.pk])
    owner_client.post(url)
    response = owner_client.post(url, follow=True)
    assert response.status_code == 200
    assert "Nothing changed. This access is now revoked." in response.text
    assert access.changes.filter(status=Status.REVOKED).count() == 1


@pytest.mark.parametrize("action", ["accept", "decline"])
def test_answering_a_request_twice_explains_that_nothing_changed(
    owner_client, owner, adviser, action
):
    access = consent.adviser_request(adviser=adviser, client=owner)
    url = reverse(f"debrief:settings-sharing-{action}", args=[access.pk])
    owner_client.post(url)
    response = owner_client.post(url, follow=True)
    assert response.status_code == 200
    assert "Nothing changed. This access is now" in response.text
    assert access.changes.count() == 2


def test_an_access_in_the_wrong_state_is_explained_and_left_as_it_is(owner_client, owner, adviser):
    access = consent.client_grant(client=owner, adviser=adviser)
    url = reverse("debrief:settings-sharing-accept", args=[access.pk])
    response = owner_client.post(url, follow=True)
    assert "Nothing changed. This access is now active." in response.text
    access.refresh_from_db()
    assert access.status == Status.ACTIVE


def test_the_sharing_page_needs_a_signed_in_user(client):
    response = client.get(SHARING)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


# --- The adviser's request ----------------------------------------------------------------------


def test_an_adviser_asks_a_client_for_access_from_the_caseload(client, adviser, owner):
    sign_in_verified(client, adviser)
    response = client.post(CASELOAD, {"email": "owner@example.com"}, follow=True)
    assert "If owner@example.com belongs to a Debrief job seeker" in response.text
    # The worker asks (tests/test_asking_reveals_nothing.py): here, a batch of one is queued.
    [row] = ClientInvitation.objects.filter(batch__adviser=adviser)
    assert (row.email, row.status) == ("owner@example.com", ClientInvitation.Status.QUEUED)
    assert "Requests waiting for an answer" in response.text
    assert "owner@example.com</span>: asked on" in response.text


@pytest.mark.parametrize("email", ["nobody@example.com", "other.adviser@example.com"])
def test_an_adviser_asking_an_unknown_email_gets_the_same_message(client, adviser, email):
    make_user("other.adviser@example.com", role=User.Role.ADVISER)
    sign_in_verified(client, adviser)
    response = client.post(CASELOAD, {"email": email}, follow=True)
    assert f"If {email} belongs to a Debrief job seeker, they have been asked" in response.text
    assert not AdviserAccess.objects.exists()


# --- Staff ---------------------------------------------------------------------------------------


def test_staff_can_look_at_consent_in_the_admin_but_never_give_or_change_it(client, owner, adviser):
    access = consent.adviser_request(adviser=adviser, client=owner)
    staff = User.objects.create_superuser("staff@example.com", "x", display_name="Sam Staff")
    sign_in_verified(client, staff)
    change_url = reverse("admin:debrief_adviseraccess_change", args=[access.pk])
    assert client.get(reverse("admin:debrief_adviseraccess_changelist")).status_code == 200
    assert client.get(reverse("admin:debrief_adviseraccess_add")).status_code == 403
    response = client.post(
        change_url,
        {
            "client": owner.pk,
            "adviser": adviser.pk,
            "status": "active",
            "granted_at_0": "2026-01-01",
        },
    )
    assert response.status_code == 403
    delete_url = reverse("admin:debrief_adviseraccess_delete", args=[access.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    access.refresh_from_db()
    assert access.status == Status.PENDING
