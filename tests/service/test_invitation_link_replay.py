"""An invitation's link makes its account once, whoever holds it: a second browser that opened
the link before the invited person chose their password cannot then make another, nor can a
second call of the service, and someone signed in to another account who opens the link neither
uses it up nor changes their account."""

import pytest
from django.core import mail
from django.test import Client

from debrief.models import StaffInvitation, User
from debrief.services import organisations
from tests.adviser_helpers import sign_in_verified
from tests.service.test_invitations import NEW_PASSWORD, invite, link_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

OTHER_PASSWORD = "x-another-passphrase-77"


@pytest.fixture
def link(client, service_admin, django_capture_on_commit_callbacks):
    sign_in_verified(client, service_admin)
    invite(client, django_capture_on_commit_callbacks)
    client.logout()
    return link_in(mail.outbox[0])


def choose(browser: Client, password: str):
    return browser.post(
        "/join/", {"display_name": "Bea Jones", "password1": password, "password2": password}
    )


def test_a_second_browser_opened_before_cannot_choose_another_password(link):
    invited, forwarded = Client(), Client()
    invited.get(link)
    forwarded.get(link)
    assert "Join Northshire Careers Service" in forwarded.get("/join/").text

    choose(invited, NEW_PASSWORD)
    page = choose(forwarded, OTHER_PASSWORD)

    assert "This invitation cannot be used" in page.text
    assert "_auth_user_id" not in forwarded.session
    bea = User.objects.get(email="bea@northshire.example")
    assert bea.check_password(NEW_PASSWORD)


def test_the_service_accepts_an_invitation_once(link):
    invitation = StaffInvitation.objects.get()
    organisations.join(invitation=invitation, display_name="Bea", password=NEW_PASSWORD)

    with pytest.raises(organisations.ServiceError):
        organisations.join(invitation=invitation, display_name="Eve", password=OTHER_PASSWORD)

    bea = User.objects.get(email="bea@northshire.example")
    assert (bea.display_name, bea.check_password(NEW_PASSWORD)) == ("Bea", True)


def test_someone_signed_in_to_another_account_does_not_use_it_up(link, alex):
    other = Client()
    sign_in_verified(other, alex)

    response = other.get(link, follow=True)

    assert "Sign out to use this invitation" in response.text
    assert StaffInvitation.objects.get().accepted_at is None
    assert not User.objects.filter(email="bea@northshire.example").exists()
    invited = Client()
    invited.get(link)
    choose(invited, NEW_PASSWORD)
    assert User.objects.get(email="bea@northshire.example").check_password(NEW_PASSWORD)


def test_the_token_leaves_the_address_bar_at_once_and_never_leaves_the_site(link):
    browser = Client()

    response = browser.get(link)

    assert response.status_code == 302
    assert response["Referrer-Policy"] == "same-origin"
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert token not in response.url
    page = browser.get(response.url)
    assert page["Referrer-Policy"] == "same-origin"
    assert token not in page.text
