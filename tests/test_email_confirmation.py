"""A new account's address is confirmed by a link (which signs the new account in) before any
other email goes to it and before an adviser can find it or be given access through it; its
owner may sign in with the password and use the record before that."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from debrief.models import AdviserAccess, Application, User
from debrief.services import consent
from tests.adviser_helpers import sign_in_verified
from tests.factories import PASSWORD
from tests.reminder_helpers import run_worker

pytestmark = pytest.mark.django_db

SIGNUP = "/accounts/signup/"
DASHBOARD = reverse("debrief:dashboard")
SHARING = reverse("debrief:settings-sharing")
CASELOAD = reverse("debrief:adviser-caseload")
RESEND = reverse("confirm-email-resend")
BANNER = "Please confirm your email address"


def sign_up(client, email: str = "new.person@example.com", name: str = "New Person"):
    """Sign up, then sign in with the password before confirming, as a person may."""
    data = {"email": email, "display_name": name, "password1": PASSWORD, "password2": PASSWORD}
    response = client.post(SIGNUP, data)
    assert response.status_code == 302
    response = client.post("/accounts/login/", {"username": email, "password": PASSWORD})
    assert response.status_code == 302
    return User.objects.get(email=email)


def link_path(message) -> str:
    url = re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body).group(0)
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def test_signing_up_sends_one_confirmation_link_and_the_record_works_before_it(client):
    user = sign_up(client)
    assert not user.has_confirmed_email
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new.person@example.com"]
    assert message.subject == "Confirm your email address for Debrief"
    assert "/accounts/confirm-email/" in message.body

    response = client.get(DASHBOARD)
    assert response.status_code == 200
    assert BANNER in response.text
    response = client.post(
        reverse("debrief:application-new"),
        {
            "employer": "Acme",
            "role_title": "Analyst",
            "status": "applied",
            "date_applied": timezone.localdate(),
        },
    )
    assert response.status_code == 302
    assert Application.objects.filter(owner=user, employer="Acme").exists()


def test_opening_the_link_asks_and_pressing_confirm_confirms(client):
    user = sign_up(client)
    path = link_path(mail.outbox[0])

    response = client.get(path)
    assert response.status_code == 200
    assert "Confirm my email address" in response.text
    user.refresh_from_db()
    assert not user.has_confirmed_email  # a mail scanner opening the link confirms nothing

    response = client.post(path, follow=True)
    assert "new.person@example.com is confirmed" in response.text
    user.refresh_from_db()
    assert user.has_confirmed_email
    assert BANNER not in client.get(DASHBOARD).text


def test_the_link_works_without_being_signed_in(client):
    user = sign_up(client)
    path = link_path(mail.outbox[0])
    client.post("/accounts/logout/")
    response = client.post(path)
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.has_confirmed_email


@pytest.mark.parametrize("spoil", ["expired", "tampered", "address changed"])
@pytest.mark.frozen_at("2026-11-02 09:00:00+00:00")
def test_a_spoilt_link_confirms_nothing(client, clock, spoil):
    user = sign_up(client)
    path = link_path(mail.outbox[0])
    if spoil == "expired":
        clock.move_to("2026-11-05 09:01:00+00:00")
    elif spoil == "tampered":
        path = path.replace("/confirm-email/", "/confirm-email/x")
    else:
        User.objects.filter(pk=user.pk).update(email="changed@example.com")
    response = client.post(path)
    assert response.status_code == 400
    assert "This confirmation link is not valid any more" in response.text
    user.refresh_from_db()
    assert not user.has_confirmed_email


def test_resending_sends_a_new_link_and_is_limited(client):
    sign_up(client)
    response = client.post(RESEND, {"next": DASHBOARD}, follow=True)
    assert "We have sent a new confirmation link" in response.text
    assert len(mail.outbox) == 2
    assert link_path(mail.outbox[1]).startswith("/accounts/confirm-email/")
    for _ in range(4):
        client.post(RESEND)
    assert client.post(RESEND).status_code == 429
    assert len(mail.outbox) == 6


def test_resending_to_a_confirmed_address_sends_nothing(owner_client):
    response = owner_client.post(RESEND, follow=True)
    assert "already confirmed" in response.text
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_an_adviser_cannot_find_an_unconfirmed_account(client, adviser):
    user = sign_up(client, "unconfirmed@example.com")
    sign_in_verified(client, adviser)
    response = client.post(CASELOAD, {"email": "Unconfirmed@example.com"}, follow=True)
    run_worker()
    assert "If Unconfirmed@example.com belongs to a Debrief job seeker" in response.text
    assert not AdviserAccess.objects.exists()

    user.confirm_email()
    client.post(CASELOAD, {"email": "Unconfirmed@example.com"})
    run_worker()
    assert AdviserAccess.objects.filter(client=user, adviser=adviser).exists()


def test_an_unconfirmed_job_seeker_is_asked_to_confirm_before_sharing(client, adviser):
    sign_up(client)
    response = client.get(SHARING)
    assert "Confirm your email address first" in response.text
    assert 'name="email"' not in response.text

    response = client.post(SHARING, {"email": adviser.email}, follow=True)
    assert "Confirm your email address first" in response.text
    assert not AdviserAccess.objects.exists()


def test_an_unconfirmed_job_seeker_cannot_accept_a_request(client, adviser):
    user = sign_up(client)
    access = AdviserAccess.objects.create(
        client=user,
        adviser=adviser,
        status=AdviserAccess.Status.PENDING,
        requested_at=datetime.datetime.now(datetime.UTC),
    )
    response = client.post(
        reverse("debrief:settings-sharing-accept", args=[access.pk]), follow=True
    )
    assert "Confirm your email address first" in response.text
    access.refresh_from_db()
    assert access.status == AdviserAccess.Status.PENDING
    with pytest.raises(consent.ConsentError):
        consent.client_grant(client=user, adviser=adviser)


def test_a_password_reset_reaches_an_unconfirmed_address_and_confirms_it(client):
    user = sign_up(client)
    client.post("/accounts/logout/")
    mail.outbox.clear()
    client.post("/accounts/password_reset/", {"email": "new.person@example.com"})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/reset/\S+/", mail.outbox[0].body).group(0)
    response = client.get("/" + link.split("://", 1)[1].split("/", 1)[1], follow=True)
    new_password = "a-brand-new-long-passphrase"
    response = client.post(
        response.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.has_confirmed_email
