"""A service admin who changes their mind withdraws the handover proposals still waiting for an
adviser's clients: after a confirmation (a POST), the clients no longer see them, nothing
changes hands, and a withdrawn proposal can no longer be accepted. Clients who already accepted
keep their new adviser. Another service's admin cannot withdraw anything."""

import pytest
from django.test import Client

from debrief.models import AdviserAccess, Handover
from tests.adviser_helpers import sign_in_verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(service_admin, alex, bea, clients_of_alex):
    admin = Client()
    sign_in_verified(admin, service_admin)
    admin.post(f"/service/staff/{alex.membership.pk}/handover/", {"to": bea.membership.pk})
    return admin


def as_client(person) -> Client:
    browser = Client()
    browser.force_login(person)
    return browser


def test_it_asks_for_confirmation_then_withdraws_the_waiting_proposals(
    admin, alex, bea, clients_of_alex
):
    first = as_client(clients_of_alex[0])
    first.post(
        f"/settings/sharing/handovers/{Handover.objects.get(client=clients_of_alex[0]).pk}/accept/"
    )
    home = admin.get("/service/").text
    url = f"/service/staff/{alex.membership.pk}/handover/withdraw/"
    assert f'href="{url}"' in home
    assert "2 handovers awaiting the client's answer (a proposal expires after 30 days)" in home

    page = admin.get(url)

    assert page.status_code == 200
    assert "<h1>Withdraw the handover of Alex Adviser&#x27;s clients?</h1>" in page.text
    assert "2 clients of Alex Adviser have not answered yet" in page.text
    assert Handover.objects.filter(status="proposed").count() == 2

    response = admin.post(url)

    assert response.status_code == 302
    home = admin.get("/service/").text
    assert "2 handover proposals for Alex Adviser&#x27;s clients withdrawn." in home
    assert "awaiting the client" not in home
    assert f'href="{url}"' not in home
    assert Handover.objects.filter(status="withdrawn").count() == 2
    assert Handover.objects.filter(status="withdrawn", decided_at__isnull=True).count() == 0
    # The client who accepted keeps their new adviser; the others keep Alex.
    assert AdviserAccess.objects.get(client=clients_of_alex[0], status="active").adviser == bea
    for person in clients_of_alex[1:]:
        assert AdviserAccess.objects.get(client=person, status="active").adviser == alex


def test_a_client_no_longer_sees_nor_can_accept_a_withdrawn_proposal(admin, alex, clients_of_alex):
    sam = clients_of_alex[1]
    handover = Handover.objects.get(client=sam)
    browser = as_client(sam)
    assert "proposes that" in browser.get("/settings/sharing/").text

    admin.post(f"/service/staff/{alex.membership.pk}/handover/withdraw/")
    page = browser.get("/settings/sharing/").text
    assert "proposes that" not in page

    response = browser.post(f"/settings/sharing/handovers/{handover.pk}/accept/")

    assert (
        "Nothing changed. Your careers service withdrew this proposal."
        in browser.get(response.url).text
    )
    assert AdviserAccess.objects.get(client=sam).adviser == alex
    handover.refresh_from_db()
    assert handover.status == "withdrawn"


def test_withdrawing_needs_a_post(admin, alex):
    url = f"/service/staff/{alex.membership.pk}/handover/withdraw/"
    assert admin.put(url).status_code == 405
    admin.get(url)
    assert Handover.objects.filter(status="proposed").count() == 3


def test_the_admin_of_another_service_cannot_withdraw(admin, alex, other_admin):
    other = Client()
    sign_in_verified(other, other_admin)
    url = f"/service/staff/{alex.membership.pk}/handover/withdraw/"

    assert other.get(url).status_code == 404
    assert other.post(url).status_code == 404
    assert Handover.objects.filter(status="proposed").count() == 3


def test_an_adviser_cannot_withdraw(admin, alex):
    browser = Client()
    sign_in_verified(browser, alex)

    assert (
        browser.post(f"/service/staff/{alex.membership.pk}/handover/withdraw/").status_code == 404
    )
    assert Handover.objects.filter(status="proposed").count() == 3


def test_with_nothing_waiting_the_page_goes_back_to_the_service(service_admin, bea):
    admin = Client()
    sign_in_verified(admin, service_admin)

    response = admin.get(f"/service/staff/{bea.membership.pk}/handover/withdraw/")

    assert response.status_code == 302
    assert response.url == "/service/"
