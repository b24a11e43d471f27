"""Ten single-use recovery codes: shown once when two-step sign-in is set up, accepted instead of
the app's code (each once), and made again only after a fresh code from the app."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from debrief.models import SecurityEvent, User
from debrief.services import organisations
from tests.adviser_helpers import follow_enrolment_link, sign_in_verified
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

SETUP = reverse("debrief:adviser-2fa-setup")
VERIFY = reverse("debrief:adviser-2fa-verify")
CODES = reverse("debrief:adviser-2fa-recovery-codes")
SECURITY = reverse("debrief:adviser-2fa")


def app_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key):06d}"


def codes_on(page) -> list[str]:
    return re.findall(r"<li>([0-9a-f]{10})</li>", page.text)


def sign_in(client: Client, user) -> None:
    client.post(reverse("login"), {"username": user.email, "password": PASSWORD})


def test_they_are_shown_once_after_enrolment(client, alex):
    client.force_login(alex)
    follow_enrolment_link(client, alex)
    client.get(SETUP)
    key = client.session["adviser_totp_setup_key"]

    response = client.post(SETUP, {"token": app_code(TOTPDevice(key=key))})

    page = client.get(response.url)
    codes = codes_on(page)
    assert len(set(codes)) == 10
    assert "Debrief shows them only this once" in page.text
    assert codes_on(client.get(CODES, follow=True)) == []
    kinds = set(SecurityEvent.objects.filter(user=alex).values_list("kind", flat=True))
    assert kinds == {"enrolled", "recovery_codes"}


def test_a_code_signs_in_once(client, clock, alex):
    TOTPDevice.objects.create(user=alex, name="Phone", confirmed=True)
    code, other = organisations.new_recovery_codes(user=alex)[:2]
    sign_in(client, alex)

    page = client.get(VERIFY)
    assert "Recovery code" in page.text
    response = client.post(VERIFY, {"code": code.upper(), "next": "/adviser/"})

    assert response.status_code == 302
    assert response.url == "/adviser/"
    assert "9 left" in client.get("/adviser/").text
    assert StaticToken.objects.filter(device__user=alex).count() == 9
    assert SecurityEvent.objects.filter(user=alex, kind="recovery_code_used").count() == 1

    # The same code, in a new session, is refused; another one works.
    again = Client()
    sign_in(again, alex)
    refused = again.post(VERIFY, {"code": code, "next": "/adviser/"})
    assert refused.status_code == 200
    assert "That recovery code did not match, or it has been used already." in refused.text
    assert again.get("/adviser/").status_code == 302
    clock.move_to(clock.now + datetime.timedelta(seconds=5))  # past the throttle's pause
    assert again.post(VERIFY, {"code": other, "next": "/adviser/"}).status_code == 302
    assert again.get("/adviser/").status_code == 200


def test_new_codes_need_a_fresh_code_from_the_app(client, clock, alex):
    device = TOTPDevice.objects.create(user=alex, name="Phone", confirmed=True)
    old = organisations.new_recovery_codes(user=alex)
    sign_in(client, alex)
    # Signed in with a recovery code: the session is verified, but that does not make codes.
    client.post(VERIFY, {"code": old[0], "next": "/adviser/"})
    assert "You have 9 unused recovery codes" in client.get(SECURITY).text

    refused = client.post(CODES, {"token": f"{(int(app_code(device)) + 1) % 1_000_000:06d}"})
    assert refused.status_code == 200
    assert "That code did not match" in refused.text
    assert client.post(CODES, {}).status_code == 200
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(old[1:])

    clock.move_to(clock.now + datetime.timedelta(seconds=5))
    response = client.post(CODES, {"token": app_code(device)})

    assert response.status_code == 302
    new = codes_on(client.get(response.url))
    assert len(new) == 10
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(new)
    # The old codes stopped working.
    other = Client()
    sign_in(other, alex)
    assert other.post(VERIFY, {"code": old[1], "next": "/adviser/"}).status_code == 200
    clock.move_to(clock.now + datetime.timedelta(seconds=5))
    assert other.post(VERIFY, {"code": new[0], "next": "/adviser/"}).status_code == 302


def test_the_security_page_lists_what_happened(client, alex):
    device = TOTPDevice.objects.create(user=alex, name="Phone", confirmed=True)
    organisations.new_recovery_codes(user=alex)
    sign_in(client, alex)
    client.post(VERIFY, {"token": app_code(device), "next": "/adviser/"})

    page = client.get(SECURITY)

    assert "Sign-in security" in page.text
    assert "New recovery codes made" in page.text


def test_the_admin_never_shows_the_codes(client, alex):
    codes = organisations.new_recovery_codes(user=alex)
    staff = User.objects.create_superuser("staff@example.com", PASSWORD, display_name="Sam Staff")
    sign_in_verified(client, staff)
    device = StaticDevice.objects.get(user=alex)

    listing = client.get("/admin/otp_static/staticdevice/")
    page = client.get(f"/admin/otp_static/staticdevice/{device.pk}/change/")
    probe = client.get(
        f"/admin/otp_static/staticdevice/?token_set__token__startswith={codes[0][0]}"
    )

    assert listing.status_code == page.status_code == 200
    for code in codes:
        assert code not in page.text
        assert code not in listing.text
    assert probe.status_code in (302, 400)
    assert client.get("/admin/otp_static/staticdevice/add/").status_code == 403
