"""The sign-in throttle reads an address the way sign-in does, so spelling variants of one account
share one count of failures; and one network address cannot try account after account."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core import mail
from django.test import Client

from debrief.models import User
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def sign_in(client, username: str, password: str = "wrong"):
    return client.post(LOGIN, {"username": username, "password": password})


def test_it_locks_the_account_after_five_failures_spelt_five_ways(client):
    make_user("sam@example.com")
    variants = [
        "Sam@example.com",
        " sAm@example.com ",
        "SAM@EXAMPLE.COM",
        "ｓａｍ@example.com",  # full-width letters
        "ｓａｍ＠ｅｘａｍｐｌｅ．ｃｏｍ",  # full-width throughout
    ]
    for variant in variants[:-1]:
        assert sign_in(client, variant).status_code == 200
    response = sign_in(client, variants[-1])
    assert response.status_code == 429
    assert "Too many sign-in attempts" in response.text

    response = sign_in(client, "sam@example.com", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert set(AccessAttempt.objects.values_list("username", flat=True)) == {"sam@example.com"}


def test_it_signs_in_with_the_address_spelt_in_full_width_or_capitals(client):
    user = make_user("sam@example.com")
    response = sign_in(client, " ＳＡＭ＠ｅｘａｍｐｌｅ．ｃｏｍ ", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_a_sign_up_in_another_spelling_is_the_same_account(client):
    make_user("sam@example.com")
    response = client.post(
        "/accounts/signup/",
        {
            "email": "ＳＡＭ@example.com",
            "display_name": "Impostor",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302
    assert User.objects.count() == 1
    assert mail.outbox[-1].to == ["sam@example.com"]
    assert mail.outbox[-1].subject == "You already have a Debrief account"


def test_one_address_trying_many_accounts_is_stopped(client):
    make_user("real@example.com")
    limit = int(settings.RATE_LIMITS["sign-in-failures"].split("/")[0])
    for number in range(limit):
        assert sign_in(client, f"person{number}@example.com").status_code == 200

    # Even the right password for an account never tried is refused from this address now.
    response = sign_in(client, "real@example.com", PASSWORD)
    assert response.status_code == 429
    assert "Too many requests" in response.text
    assert "_auth_user_id" not in client.session

    other_address = Client(REMOTE_ADDR="198.51.100.20")
    assert sign_in(other_address, "real@example.com", PASSWORD).status_code == 302


def test_successful_sign_ins_do_not_count_against_the_address(client):
    make_user("real@example.com")
    limit = int(settings.RATE_LIMITS["sign-in-failures"].split("/")[0])
    for _ in range(limit + 5):
        assert sign_in(client, "real@example.com", PASSWORD).status_code == 302
        client.logout()
