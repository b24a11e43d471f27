"""Signing up through an adviser's invitation: the link leads to sign-up for the invited address,
and the new account finds the adviser's request waiting on its sharing page. The link works
once, for its own address."""

import pytest
from django.test import Client

from debrief.models import AdviserAccess, ClientInvitation, User
from tests.adviser_helpers import sign_in_verified
from tests.factories import PASSWORD, make_user
from tests.invitation_helpers import check_list, invitation_links, latest_batch
from tests.reminder_helpers import run_worker

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def link(client, adviser) -> str:
    """The link emailed to kim@example.org by the adviser's invitation."""
    sign_in_verified(client, adviser)
    check_list(client, "kim@example.org, Kim Lee")
    client.post(f"/adviser/invitations/{latest_batch().pk}/send/")
    run_worker()
    client.logout()
    return invitation_links()["kim@example.org"]


def sign_up(visitor: Client, link: str, name: str = "Kim Lee"):
    opened = visitor.get(link)
    assert opened.status_code == 302
    assert opened["Location"] == "/invitation/"
    return visitor.post(
        "/invitation/", {"display_name": name, "password1": PASSWORD, "password2": PASSWORD}
    )


def test_signing_up_through_the_invitation_leaves_the_request_waiting(link, adviser):
    visitor = Client()
    page = visitor.get(visitor.get(link)["Location"])
    assert "Ada Adviser invites you to Debrief" in page.text
    assert "Your email: <strong>kim@example.org</strong>" in page.text

    response = sign_up(visitor, link)
    assert response.status_code == 302
    assert response["Location"] == "/settings/sharing/"
    kim = User.objects.get(email="kim@example.org")
    assert kim.display_name == "Kim Lee"
    # Following the link sent to the address proved it is theirs.
    assert kim.has_confirmed_email
    access = AdviserAccess.objects.get(client=kim)
    assert (access.adviser, access.status) == (adviser, AdviserAccess.Status.PENDING)
    sharing = visitor.get("/settings/sharing/").text
    assert "Ada Adviser&#x27;s request is waiting for you below." in sharing
    assert "asked to read your record on" in sharing
    assert ClientInvitation.objects.get(email="kim@example.org").used_at is not None


def test_the_link_works_once(link):
    sign_up(Client(), link)
    again = Client().get(link)
    assert again.status_code == 404
    assert "This invitation cannot be used" in again.text
    assert User.objects.filter(email="kim@example.org").count() == 1


def test_the_link_expires_after_30_days(clock, link):
    clock.move_to(clock.now + ClientInvitation.LIFETIME)
    assert Client().get(link).status_code == 404


def test_a_made_up_link_is_404(db):
    response = Client().get("/invitation/made-up-token/")
    assert response.status_code == 404
    assert Client().get("/invitation/").status_code == 404


def test_an_account_made_meanwhile_sees_the_request_after_signing_in(link, adviser):
    kim = make_user("kim@example.org", "Kim Lee")
    kim.email_confirmed_at = None
    kim.save()
    visitor = Client()
    visitor.get(link)
    response = visitor.post(
        "/invitation/", {"display_name": "Kim", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert "An account with this email already exists." in response.text
    visitor.force_login(kim)
    assert "See Ada Adviser's request" in visitor.get("/invitation/").text
    assert visitor.post("/invitation/")["Location"] == "/settings/sharing/"
    kim.refresh_from_db()
    assert kim.has_confirmed_email
    assert AdviserAccess.objects.get(client=kim).status == AdviserAccess.Status.PENDING


def test_someone_signed_in_with_another_address_cannot_use_it(link, owner):
    visitor = Client()
    visitor.force_login(owner)
    visitor.get(link)
    page = visitor.get("/invitation/")
    assert "This invitation is for another address" in page.text
    visitor.post("/invitation/")
    assert not AdviserAccess.objects.exists()
    assert ClientInvitation.objects.get(email="kim@example.org").used_at is None
