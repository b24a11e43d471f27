"""A stolen session is not enough to take the account: changing the email or the password, or
deleting the account, asks for the current password, and guesses at it are limited exactly as
sign-in's are (the same per-account lockout, the same per-address limit)."""

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client

from debrief.models import User
from tests.factories import PASSWORD
from tests.html import errors_for

pytestmark = pytest.mark.django_db

NEW = "a-brand-new-passphrase-42"


def change_email(client, password):
    return client.post(
        "/settings/account/",
        {
            "display_name": "Olivia Owner",
            "email": "thief@example.net",
            "current_password": password,
        },
    )


def change_password(client, password):
    return client.post(
        "/accounts/password_change/",
        {"old_password": password, "new_password1": NEW, "new_password2": NEW},
    )


def delete_account(client, password):
    return client.post("/settings/delete-account/", {"password": password})


GUARDED = [change_email, change_password, delete_account]


def test_changing_the_email_needs_the_current_password(owner_client, owner):
    response = owner_client.post(
        "/settings/account/", {"display_name": "Olivia Owner", "email": "thief@example.net"}
    )
    assert response.status_code == 200
    assert errors_for(response, "Your current password") == [
        "Give your current password to change your email address."
    ]
    assert 'value="thief@example.net"' in response.text  # what was typed is kept
    assert mail.outbox == []
    response = change_email(owner_client, "a-guess")
    assert errors_for(response, "Your current password") == [
        "That is not your password. Nothing changed."
    ]
    assert mail.outbox == []
    assert change_email(owner_client, PASSWORD).status_code == 302
    assert mail.outbox[-1].to == ["thief@example.net"]


def test_a_name_alone_changes_without_a_password(owner_client, owner):
    response = owner_client.post(
        "/settings/account/", {"display_name": "Liv", "email": owner.email}
    )
    assert response.status_code == 302
    assert User.objects.get(pk=owner.pk).display_name == "Liv"


@pytest.mark.parametrize("guard", GUARDED, ids=lambda guard: guard.__name__)
def test_guesses_lock_the_account_as_sign_in_does(owner_client, owner, guard):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert guard(owner_client, "a-guess").status_code == 200
    # The last guess locks the account, as the fifth failed sign-in does ...
    assert guard(owner_client, "a-guess").status_code == 429
    # ... and now even the right password is refused, here and at sign-in from anywhere.
    response = guard(owner_client, PASSWORD)
    assert response.status_code == 429
    assert "Too many sign-in attempts" in response.text
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)
    assert owner.email == "owner@example.com"
    elsewhere = Client(REMOTE_ADDR="198.51.100.40")
    assert (
        elsewhere.post(
            "/accounts/login/", {"username": "owner@example.com", "password": PASSWORD}
        ).status_code
        == 429
    )


def test_guesses_count_against_the_address_as_sign_in_failures_do(owner_client, owner):
    limit = int(settings.RATE_LIMITS["sign-in-failures"].split("/")[0])
    attacker = Client()
    for number in range(limit):
        attacker.post("/accounts/login/", {"username": f"x{number}@example.com", "password": "x"})
    response = delete_account(owner_client, PASSWORD)
    assert response.status_code == 200
    assert "Too many wrong passwords" in response.text
    assert User.objects.filter(pk=owner.pk).exists()
