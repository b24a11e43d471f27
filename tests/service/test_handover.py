"""A service admin proposes that one adviser's clients move to another adviser without seeing
who they are; each client sees the proposal, with the service's name, and nothing changes hands
without their yes: declining leaves everything as it was, accepting moves the consent."""

import pytest
from django.test import Client

from debrief.models import AdviserAccess, AdviserAccessChange, Handover, Membership, Notification
from tests.adviser_helpers import sign_in_verified
from tests.factories import grant_access, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposed(service_admin, alex, bea, clients_of_alex):
    admin = Client()
    sign_in_verified(admin, service_admin)
    url = f"/service/staff/{alex.membership.pk}/handover/"
    page = admin.get(url)
    assert "3 clients share their record with Alex Adviser" in page.text
    response = admin.post(url, {"to": bea.membership.pk})
    assert response.status_code == 302
    page = admin.get("/service/")
    assert "Handover to Bea Adviser proposed to 3 clients of Alex Adviser." in page.text
    assert "3 handovers awaiting the client" in page.text
    assert "Client Number" not in page.text
    return page


def test_nothing_changes_hands_until_the_client_answers(proposed, alex, bea, clients_of_alex):
    assert Handover.objects.filter(status="proposed").count() == 3
    assert AdviserAccess.objects.filter(adviser=alex, status="active").count() == 3
    assert not AdviserAccess.objects.filter(adviser=bea).exists()
    bea_client = Client()
    sign_in_verified(bea_client, bea)
    assert bea_client.get(f"/adviser/clients/{clients_of_alex[0].pk}/").status_code == 404
    # Each client is told, through their adviser-relationship emails.
    assert Notification.objects.filter(object_type="handover_proposed").count() == 3


def test_the_client_sees_the_proposal_with_the_service_name(proposed, clients_of_alex):
    client = Client()
    client.force_login(clients_of_alex[0])

    page = client.get("/settings/sharing/")

    assert "Northshire Careers Service proposes that" in page.text
    assert "<strong>Bea Adviser</strong>" in page.text
    active = page.text.split("Advisers who can read your record")[1].split("Give an adviser")[0]
    assert "<strong>Alex Adviser</strong>" in active
    assert '<span class="adviser-service"> · Northshire Careers Service</span>' in active


def test_declining_leaves_everything_as_it_was(proposed, alex, bea, clients_of_alex):
    sam = clients_of_alex[0]
    client = Client()
    client.force_login(sam)
    changes = AdviserAccessChange.objects.count()
    handover = Handover.objects.get(client=sam)

    client.post(f"/settings/sharing/handovers/{handover.pk}/decline/")

    handover.refresh_from_db()
    assert handover.status == "declined"
    assert handover.decided_at is not None
    assert AdviserAccess.objects.get(client=sam).adviser == alex
    assert AdviserAccess.objects.get(client=sam).status == "active"
    assert AdviserAccessChange.objects.count() == changes
    page = client.get("/settings/sharing/").text
    assert "You declined the handover to Bea Adviser: nothing changed." in page
    assert "proposes that" not in page
    active = page.split("Advisers who can read your record")[1].split("Give an adviser")[0]
    assert "Alex Adviser" in active
    assert "Bea Adviser" not in active


def test_accepting_moves_the_consent_at_once(proposed, alex, bea, clients_of_alex):
    sam = clients_of_alex[0]
    client = Client()
    client.force_login(sam)
    handover = Handover.objects.get(client=sam)

    client.post(f"/settings/sharing/handovers/{handover.pk}/accept/")

    handover.refresh_from_db()
    assert handover.status == "accepted"
    old = AdviserAccess.objects.get(client=sam, adviser=alex)
    new = AdviserAccess.objects.get(client=sam, adviser=bea)
    assert (old.status, new.status) == ("revoked", "active")
    assert list(old.changes.values_list("status", "changed_by")) == [("revoked", sam.pk)]
    assert list(new.changes.values_list("status", "changed_by")) == [("active", sam.pk)]
    bea_client, alex_client = Client(), Client()
    sign_in_verified(bea_client, bea)
    sign_in_verified(alex_client, alex)
    assert bea_client.get(f"/adviser/clients/{sam.pk}/").status_code == 200
    assert alex_client.get(f"/adviser/clients/{sam.pk}/").status_code == 404
    # The other clients are untouched.
    assert AdviserAccess.objects.filter(adviser=alex, status="active").count() == 2
    # A second click changes nothing.
    client.post(f"/settings/sharing/handovers/{handover.pk}/accept/")
    assert AdviserAccess.objects.filter(client=sam).count() == 2


def test_no_one_else_can_answer_a_clients_proposal(proposed, clients_of_alex, stranger_client):
    handover = Handover.objects.get(client=clients_of_alex[0])

    assert (
        stranger_client.post(f"/settings/sharing/handovers/{handover.pk}/accept/").status_code
        == 404
    )
    assert (
        stranger_client.post(f"/settings/sharing/handovers/{handover.pk}/decline/").status_code
        == 404
    )
    handover.refresh_from_db()
    assert handover.status == "proposed"


def test_accepting_after_the_new_adviser_left_changes_nothing(proposed, alex, bea, clients_of_alex):
    sam = clients_of_alex[0]
    Membership.objects.filter(user=bea).update(deactivated_at="2026-11-01T12:00Z")
    client = Client()
    client.force_login(sam)

    response = client.post(
        f"/settings/sharing/handovers/{Handover.objects.get(client=sam).pk}/accept/"
    )

    assert "no longer on the service" in client.get(response.url).text
    assert AdviserAccess.objects.get(client=sam).adviser == alex
    assert Handover.objects.get(client=sam).status == "proposed"


def test_a_client_already_asked_is_not_asked_twice(proposed, service_admin, alex, bea):
    admin = Client()
    sign_in_verified(admin, service_admin)
    admin.post(f"/service/staff/{alex.membership.pk}/handover/", {"to": bea.membership.pk})

    assert Handover.objects.count() == 3


def test_a_client_who_already_shares_with_the_new_adviser_is_not_asked(service_admin, alex, bea):
    both = make_user("both@example.com", "Bo Both")
    grant_access(both, alex)
    grant_access(both, bea)
    admin = Client()
    sign_in_verified(admin, service_admin)

    admin.post(f"/service/staff/{alex.membership.pk}/handover/", {"to": bea.membership.pk})

    assert not Handover.objects.exists()
    assert "Handover to Bea Adviser proposed to 0 clients" in admin.get("/service/").text
