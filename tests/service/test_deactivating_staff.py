"""A service admin deactivates a member of staff after a confirmation page: from their next
request the member gets 404 on every page (client records, their own settings, the service's
pages), while their clients' consent stays the clients'. The last admin cannot leave."""

import pytest
from django.test import Client

from debrief.models import Membership
from tests.adviser_helpers import sign_in_verified
from tests.factories import grant_access, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(service_admin):
    client = Client()
    sign_in_verified(client, service_admin)
    return client


def test_a_deactivated_adviser_gets_404_everywhere_at_once(admin_client, alex):
    sam = make_user("sam@example.com", "Sam Seeker")
    grant_access(sam, alex)
    alex_client = Client()
    sign_in_verified(alex_client, alex)
    assert alex_client.get(f"/adviser/clients/{sam.pk}/").status_code == 200
    url = f"/service/staff/{alex.membership.pk}/deactivate/"

    page = admin_client.get(url)
    assert "Deactivate Alex Adviser?" in page.text
    assert Membership.objects.get(user=alex).deactivated_at is None
    response = admin_client.post(url)

    assert response.status_code == 302
    assert "Alex Adviser is deactivated" in admin_client.get("/service/").text
    for path in (
        "/adviser/",
        f"/adviser/clients/{sam.pk}/",
        f"/adviser/clients/{sam.pk}/applications/",
        "/adviser/2fa/",
        "/dashboard/",
        "/settings/account/",
        "/settings/notifications/",
        "/service/",
    ):
        assert alex_client.get(path).status_code == 404, path
    assert alex_client.post("/adviser/", {"email": "x@example.com"}).status_code == 404
    # Signing out still works; the consent is untouched, the client's to move or revoke.
    assert alex_client.post("/accounts/logout/").status_code == 200
    assert "_auth_user_id" not in alex_client.session
    assert sam.adviser_accesses.get().status == "active"


def test_reactivating_gives_the_access_back(admin_client, alex):
    Membership.objects.filter(user=alex).update(deactivated_at="2026-11-01T12:00Z")
    alex_client = Client()
    sign_in_verified(alex_client, alex)
    assert alex_client.get("/adviser/").status_code == 404

    admin_client.post(f"/service/staff/{alex.membership.pk}/reactivate/")

    assert alex_client.get("/adviser/").status_code == 200


def test_the_only_admin_cannot_deactivate_themselves(admin_client, service_admin):
    url = f"/service/staff/{service_admin.membership.pk}/deactivate/"

    page = admin_client.get(url)
    assert "You are the service&#x27;s only admin" in page.text
    admin_client.post(url)

    assert Membership.objects.get(user=service_admin).deactivated_at is None
    assert admin_client.get("/service/").status_code == 200


def test_an_admin_can_leave_when_another_admin_remains(admin_client, service_admin, bea):
    Membership.objects.filter(user=bea).update(role=Membership.Role.ADMIN)

    admin_client.post(f"/service/staff/{service_admin.membership.pk}/deactivate/")

    assert Membership.objects.get(user=service_admin).deactivated_at is not None
    assert admin_client.get("/service/").status_code == 404


def test_an_admin_invited_but_not_joined_does_not_count(
    admin_client, service, service_admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            "/service/invite/",
            {"display_name": "Ines Invited", "email": "ines@northshire.example", "role": "admin"},
        )

    admin_client.post(f"/service/staff/{service_admin.membership.pk}/deactivate/")

    assert Membership.objects.get(user=service_admin).deactivated_at is None
