"""Device cookies (OWASP): a browser that signed in to an account carries a signed device cookie,
and the per-address and per-account limits count only attempts without one for that account. A
class behind one school address, or a person whose account is under attack, still signs in from
their own browser; the attacker, without the cookie, is still stopped."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client

from debrief.identity import DEVICE_COOKIE
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
SCHOOL = "192.0.2.10"


def sign_in(client, email, password=PASSWORD):
    return client.post(LOGIN, {"username": email, "password": password})


def known_browser(email: str, address: str = SCHOOL) -> Client:
    """A browser that signed in once (and out again): it carries the device cookie."""
    client = Client(REMOTE_ADDR=address)
    assert sign_in(client, email).status_code == 302
    assert client.cookies[DEVICE_COOKIE].value
    client.post("/accounts/logout/")
    return client


def address_limit() -> int:
    return int(settings.RATE_LIMITS["sign-in-failures"].split("/")[0])


def test_a_locked_account_still_opens_from_its_owners_browser(owner):
    own_browser = known_browser("owner@example.com", "198.51.100.1")
    attacker = Client(REMOTE_ADDR="203.0.113.66")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(attacker, "owner@example.com", "guess")
    # Locked for everyone without the cookie, whatever their address ...
    assert sign_in(attacker, "owner@example.com").status_code == 429
    assert sign_in(Client(REMOTE_ADDR="198.51.100.2"), "owner@example.com").status_code == 429
    # ... but not for the owner's own browser.
    assert sign_in(own_browser, "owner@example.com").status_code == 302
    assert "_auth_user_id" in own_browser.session


def test_a_class_behind_one_address_still_signs_in_after_the_address_is_used_up(owner):
    pupils = [make_user(f"pupil{n}@school.example") for n in range(3)]
    browsers = [known_browser(pupil.email) for pupil in pupils]
    noisy = Client(REMOTE_ADDR=SCHOOL)
    for number in range(address_limit()):
        sign_in(noisy, f"nobody{number}@school.example", "wrong")
    assert sign_in(noisy, "owner@example.com").status_code == 429  # no cookie: refused
    for pupil, own in zip(pupils, browsers, strict=True):
        assert sign_in(own, pupil.email).status_code == 302, pupil.email


def test_the_cookie_counts_only_for_the_account_it_signed_in_to(owner, stranger):
    own_browser = known_browser("owner@example.com")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(Client(REMOTE_ADDR="203.0.113.66"), "stranger@example.com", "guess")
    # The owner's browser has no standing with the stranger's account.
    assert sign_in(own_browser, "stranger@example.com").status_code == 429


def test_a_known_browser_has_a_limit_of_its_own(owner):
    own_browser = known_browser("owner@example.com")
    limit = int(settings.RATE_LIMITS["sign-in-device-failures"].split("/")[0])
    for _ in range(limit):
        assert sign_in(own_browser, "owner@example.com", "wrong").status_code == 200
    assert sign_in(own_browser, "owner@example.com").status_code == 429
    # Its failures were not the account's: nobody else is locked out by them.
    assert not AccessAttempt.objects.exists()
    assert sign_in(Client(REMOTE_ADDR="198.51.100.9"), "owner@example.com").status_code == 302


def test_a_forged_or_copied_cookie_is_no_device(owner):
    known_browser("owner@example.com")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(Client(REMOTE_ADDR="203.0.113.66"), "owner@example.com", "guess")
    forger = Client(REMOTE_ADDR="203.0.113.66")
    forger.cookies[DEVICE_COOKIE] = "made-up-identifier"
    assert sign_in(forger, "owner@example.com").status_code == 429
