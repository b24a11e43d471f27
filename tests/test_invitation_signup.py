"""Signing up through an adviser's invitation: the link leads to sign-up for the invited address,
and the new account finds the adviser's request waiting on its sharing page. The link works
once, for its own address."""

import datetime
import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from debrief.models import AdviserAccess, ClientInvitation, Membership, User
from tests.adviser_helpers import sign_in_verified
from tests.factories import PASSWORD, make_organisation, make_user
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


def test_the_link_expires_after_14_days_with_a_page_that_says_so(clock, link):
    clock.move_to(clock.now + datetime.timedelta(days=14) - datetime.timedelta(minutes=1))
    assert Client().get(link).status_code == 302

    clock.move_to(clock.now + datetime.timedelta(minutes=1))
    page = Client().get(link)

    assert page.status_code == 410
    assert "This invitation has expired" in page.text
    assert "Ask Ada Adviser to invite you again" in page.text
    assert not User.objects.filter(email="kim@example.org").exists()


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


def test_the_token_never_stays_in_an_address_a_page_could_leak(link):
    """The link's page only remembers the invitation in the session and redirects: no page is
    ever shown at an address holding the token, and no page sends a Referer off the site."""
    visitor = Client()
    opened = visitor.get(link)
    assert opened.status_code == 302
    assert opened["Location"] == "/invitation/"
    assert opened["Referrer-Policy"] == "same-origin"
    token = link.strip("/").rsplit("/", 1)[1]
    page = visitor.get("/invitation/")
    assert page["Referrer-Policy"] == "same-origin"
    assert token not in page.text
    assert 'href="http' not in page.text
    # A used link's page (the one page at the token's address) links nowhere outside either.
    sign_up(visitor, link)
    used = Client().get(link)
    assert used.status_code == 404
    assert 'href="http' not in used.text


def test_an_adviser_deactivated_meanwhile_leaves_no_request_and_says_so(link, adviser):
    Membership.objects.create(
        organisation=make_organisation(),
        user=adviser,
        role=Membership.Role.ADVISER,
        deactivated_at=timezone.now(),
    )
    visitor = Client()
    response = sign_up(visitor, link)
    assert response["Location"] == "/settings/sharing/"
    sharing = visitor.get("/settings/sharing/").text
    assert (
        "Ada Adviser can no longer ask for access to records, so no request is waiting." in sharing
    )
    assert "request is waiting for you below" not in sharing
    assert not AdviserAccess.objects.exists()


def test_signing_up_without_the_link_attaches_the_waiting_invitation_on_confirming(link, adviser):
    """The invitation never stands in the way: the address's owner signs up as anyone would,
    and once the address is confirmed the adviser's request waits on their sharing page."""
    visitor = Client()
    visitor.post(
        "/accounts/signup/",
        {
            "email": "kim@example.org",
            "display_name": "Kim Lee",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    kim = User.objects.get(email="kim@example.org")
    assert not AdviserAccess.objects.filter(client=kim).exists()
    confirmation = next(
        m for m in mail.outbox if m.to == ["kim@example.org"] and "confirm" in m.subject.lower()
    )
    path = (
        "/"
        + re.search(r"https?://\S+/accounts/confirm-email/\S+/", confirmation.body)
        .group(0)
        .split("://", 1)[1]
        .split("/", 1)[1]
    )

    page = visitor.post(path, follow=True)

    assert "A careers adviser invited this address" in page.text
    access = AdviserAccess.objects.get(client=kim)
    assert (access.adviser, access.status) == (adviser, AdviserAccess.Status.PENDING)
    assert ClientInvitation.objects.get(email="kim@example.org").used_at is not None
    # The link, now used, cannot make a second request.
    assert Client().get(link).status_code == 404
