"""Guessing recovery codes on the verify page is slowed down like guessing the app's codes: each
wrong code doubles the wait before the next is checked (even the right one is refused
meanwhile), and every refused code is logged with the account and the address, as wrong app
codes are."""

import datetime
import logging

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from debrief.services import organisations
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

VERIFY = reverse("debrief:adviser-2fa-verify")


@pytest.fixture
def codes(alex):
    TOTPDevice.objects.create(user=alex, name="Phone", confirmed=True)
    return organisations.new_recovery_codes(user=alex)


@pytest.fixture
def signed_in(client, alex, codes):
    client.post(reverse("login"), {"username": alex.email, "password": PASSWORD})
    return client


def test_after_wrong_codes_even_the_right_one_waits(signed_in, clock, codes, alex):
    for _ in range(3):
        clock.move_to(clock.now + datetime.timedelta(seconds=10))
        signed_in.post(VERIFY, {"code": "0000000000"})

    refused = signed_in.post(VERIFY, {"code": codes[0]})

    assert refused.status_code == 200
    assert "Too many wrong codes. Wait a minute, then try again." in refused.text
    assert signed_in.get("/adviser/").status_code == 302
    assert StaticDevice.objects.get(user=alex).token_set.count() == 10

    clock.move_to(clock.now + datetime.timedelta(minutes=1))
    assert signed_in.post(VERIFY, {"code": codes[0]}).status_code == 302
    assert signed_in.get("/adviser/").status_code == 200


def test_the_wait_doubles_with_each_wrong_code(signed_in, clock, alex):
    for _ in range(4):
        clock.move_to(clock.now + datetime.timedelta(seconds=10))
        signed_in.post(VERIFY, {"code": "0000000000"})

    device = StaticDevice.objects.get(user=alex)
    assert device.throttling_failure_count == 4
    allowed, _ = device.verify_is_allowed()
    assert not allowed


def test_a_refused_recovery_code_is_logged(signed_in, alex, caplog):
    with caplog.at_level(logging.WARNING, logger="debrief.views.two_step"):
        signed_in.post(VERIFY, {"code": "0000000000"}, REMOTE_ADDR="203.0.113.9")

    (record,) = caplog.records
    message = record.getMessage()
    assert "recovery code refused" in message
    assert f"user={alex.pk}" in message
    assert "ip=203.0.113.9" in message
    assert "failures=1" in message
