"""Someone holding an adviser's password cannot keep the adviser out by typing wrong two-step
codes: the authenticator's throttle holds them back, while the adviser's own browser (one that
had a code accepted before) is spared it and has a limit of its own; and the adviser is told,
once, that someone with their password is trying codes."""

import datetime

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from debrief.models import User
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db

VERIFY = reverse("debrief:adviser-2fa-verify")


def code(device: TOTPDevice, offset: int = 0) -> str:
    return f"{(totp(device.bin_key, step=device.step, digits=device.digits) + offset) % 10**6:06d}"


def wrong(device: TOTPDevice) -> str:
    return code(device, 500_000)


def signed_in(adviser: User, address: str) -> Client:
    browser = Client(REMOTE_ADDR=address)
    assert (
        browser.post(
            "/accounts/login/", {"username": adviser.email, "password": PASSWORD}
        ).status_code
        == 302
    )
    return browser


@pytest.fixture
def adviser_and_device(clock):
    adviser = make_user("ada@careers.example", "Ada Adviser", role=User.Role.ADVISER)
    device = TOTPDevice.objects.create(user=adviser, name="Phone", confirmed=True)
    return adviser, device


def own_browser(adviser, device, clock) -> Client:
    """The adviser's browser: it signed in and had a code accepted, then signed out."""
    browser = signed_in(adviser, "198.51.100.1")
    assert browser.post(VERIFY, {"token": code(device)}).status_code == 302
    browser.post("/accounts/logout/")
    clock.move_to(clock.now + datetime.timedelta(seconds=60))
    return browser


def test_the_advisers_own_browser_gets_in_while_an_attacker_runs_up_the_throttle(
    adviser_and_device, clock
):
    adviser, device = adviser_and_device
    mine = own_browser(adviser, device, clock)
    attacker = signed_in(adviser, "203.0.113.66")
    for _ in range(6):
        attacker.post(VERIFY, {"token": wrong(device)})
    device.refresh_from_db()
    assert device.throttling_failure_count >= 1
    # Even the right code waits, for the attacker's browser ...
    refused = attacker.post(VERIFY, {"token": code(device)})
    assert "Too many wrong codes" in refused.text
    # ... but not for the adviser's own.
    mine.post("/accounts/login/", {"username": adviser.email, "password": PASSWORD})
    assert mine.post(VERIFY, {"token": code(device)}).status_code == 302
    assert mine.get("/adviser/").status_code == 200


def test_a_wrong_code_from_the_own_browser_leaves_the_throttle_as_it_was(adviser_and_device, clock):
    adviser, device = adviser_and_device
    mine = own_browser(adviser, device, clock)
    attacker = signed_in(adviser, "203.0.113.66")
    for _ in range(3):
        attacker.post(VERIFY, {"token": wrong(device)})
    device.refresh_from_db()
    before = device.throttling_failure_count
    mine.post("/accounts/login/", {"username": adviser.email, "password": PASSWORD})
    response = mine.post(VERIFY, {"token": wrong(device)})
    assert "That code did not match" in response.text
    device.refresh_from_db()
    assert device.throttling_failure_count == before  # the attacker gains no fresh guesses


def test_the_own_browser_has_a_limit_of_its_own(adviser_and_device, clock, settings):
    adviser, device = adviser_and_device
    mine = own_browser(adviser, device, clock)
    mine.post("/accounts/login/", {"username": adviser.email, "password": PASSWORD})
    limit = int(settings.RATE_LIMITS["two-step-browser-failures"].split("/")[0])
    for _ in range(limit):
        mine.post(VERIFY, {"token": wrong(device)})
    # Used up: even the right code waits until its window has passed.
    assert "Too many wrong codes" in mine.post(VERIFY, {"token": code(device)}).text


def test_the_adviser_is_told_once_that_someone_with_their_password_tries_codes(
    adviser_and_device, clock
):
    adviser, device = adviser_and_device
    attacker = signed_in(adviser, "203.0.113.66")
    mail.outbox.clear()
    # At one moment (the clock is frozen), so that all fall in one window of the count.
    for _ in range(8):
        attacker.post(VERIFY, {"token": wrong(device)})
    told = [m for m in mail.outbox if m.subject.startswith("Wrong sign-in codes")]
    assert len(told) == 1
    assert told[0].to == [adviser.email]
    assert "203.0.113.66" in told[0].body
    assert "/accounts/password_change/" in told[0].body
