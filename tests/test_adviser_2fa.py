"""Two-step sign-in for advisers: no /adviser/ page without a confirmed TOTP device and a code
entered in this session."""

import datetime
import re
from base64 import b32encode

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from debrief.demo import DEMO_ADVISER
from debrief.management.commands.demo_totp import DEMO_TOTP_SECRET
from debrief.views.two_step import SETUP_KEY_SESSION
from tests.adviser_helpers import follow_enrolment_link, sign_in_verified
from tests.factories import grant_access, make_user

pytestmark = pytest.mark.django_db

CASELOAD = reverse("debrief:adviser-caseload")
SETUP = reverse("debrief:adviser-2fa-setup")
VERIFY = reverse("debrief:adviser-2fa-verify")


def code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


def offered(client) -> TOTPDevice:
    """The device the set-up page offers, from the key kept in the session (not saved)."""
    return TOTPDevice(key=client.session[SETUP_KEY_SESSION])


def adviser_pages(client_id: int) -> list[str]:
    return [
        CASELOAD,
        reverse("debrief:adviser-dashboard", args=[client_id]),
        reverse("debrief:adviser-application-list", args=[client_id]),
        reverse("debrief:adviser-note-new", args=[client_id]),
    ]


def test_a_job_seeker_finds_no_adviser_pages(owner_client):
    for url in (CASELOAD, SETUP, VERIFY):
        assert owner_client.get(url).status_code == 404


def test_a_visitor_is_asked_to_sign_in(client):
    response = client.get(CASELOAD)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_an_adviser_without_a_device_is_sent_to_set_one_up(client, adviser, owner):
    grant_access(owner, adviser)
    client.force_login(adviser)
    for url in adviser_pages(owner.pk):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url == f"{SETUP}?next={url.replace('/', '%2F')}"
    assert client.post(CASELOAD, {"email": owner.email}).status_code == 302
    assert not owner.adviser_accesses.exclude(status="active").exists()


def test_an_adviser_with_a_device_must_enter_a_code_in_each_session(client, adviser, owner):
    grant_access(owner, adviser)
    TOTPDevice.objects.create(user=adviser, name="Phone", confirmed=True)
    client.force_login(adviser)
    for url in adviser_pages(owner.pk):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(f"{VERIFY}?next=")


def test_setting_up_shows_a_qr_code_and_the_key_and_keeps_the_same_key_on_reload(client, adviser):
    client.force_login(adviser)
    follow_enrolment_link(client, adviser)
    response = client.get(SETUP)
    assert response.status_code == 200
    assert 'src="data:image/svg+xml;base64,' in response.text
    secret = b32encode(offered(client).bin_key).decode()
    assert secret[:4] in response.text
    assert secret[:4] in client.get(SETUP).text


def test_opening_the_set_up_page_saves_no_device(client, adviser):
    client.force_login(adviser)
    follow_enrolment_link(client, adviser)
    client.get(SETUP)
    client.get(SETUP)
    assert not TOTPDevice.objects.filter(user=adviser).exists()


def test_a_wrong_code_does_not_confirm_the_device(client, adviser):
    client.force_login(adviser)
    follow_enrolment_link(client, adviser)
    client.get(SETUP)
    wrong = f"{(int(code(offered(client))) + 1) % 1_000_000:06d}"
    response = client.post(SETUP, {"token": wrong})
    assert response.status_code == 200
    assert "That code did not match" in response.text
    assert not TOTPDevice.objects.filter(user=adviser, confirmed=True).exists()
    assert client.get(CASELOAD).status_code == 302


def test_letters_are_refused_next_to_the_field(client, adviser):
    client.force_login(adviser)
    follow_enrolment_link(client, adviser)
    client.get(SETUP)
    response = client.post(SETUP, {"token": "12a456"})
    assert "Enter the 6 digits shown in your authenticator app." in response.text


def test_the_right_code_confirms_the_device_and_opens_the_adviser_pages(client, adviser):
    client.force_login(adviser)
    follow_enrolment_link(client, adviser)
    client.get(SETUP)
    key = offered(client).key
    response = client.post(SETUP, {"token": code(offered(client)), "next": CASELOAD})
    assert response.status_code == 302
    # The recovery codes are shown once, then the page asked for.
    assert response.url == f"{reverse('debrief:adviser-2fa-recovery-codes')}?next=%2Fadviser%2F"
    assert f'href="{CASELOAD}"' in client.get(response.url).text
    device = TOTPDevice.objects.get(user=adviser)
    assert (device.key, device.confirmed) == (key, True)
    assert SETUP_KEY_SESSION not in client.session
    assert client.get(CASELOAD).status_code == 200
    # Once a device is confirmed, the set-up page no longer shows its key.
    assert client.get(SETUP).status_code == 302


def test_an_adviser_verifies_with_a_code_and_reaches_the_page_asked_for(client, adviser, owner):
    grant_access(owner, adviser)
    device = TOTPDevice.objects.create(user=adviser, name="Phone", confirmed=True)
    client.force_login(adviser)
    record = reverse("debrief:adviser-application-list", args=[owner.pk])
    page = client.get(f"{VERIFY}?next={record}")
    assert "Enter your sign-in code" in page.text
    assert f'name="next" value="{record}"' in page.text
    response = client.post(VERIFY, {"token": code(device), "next": record})
    assert response.status_code == 302
    assert response.url == record
    assert client.get(CASELOAD).status_code == 200


def test_a_code_cannot_be_used_twice(client, adviser):
    device = TOTPDevice.objects.create(user=adviser, name="Phone", confirmed=True)
    client.force_login(adviser)
    token = code(device)
    assert client.post(VERIFY, {"token": token}).status_code == 302
    client.post("/accounts/logout/")
    client.force_login(adviser)
    response = client.post(VERIFY, {"token": token})
    assert response.status_code == 200
    assert client.get(CASELOAD).status_code == 302


def test_wrong_codes_slow_down_guessing(client, adviser, clock):
    clock.move_to(datetime.datetime(2026, 5, 4, 10, 0, 5, tzinfo=datetime.UTC))
    device = TOTPDevice.objects.create(user=adviser, name="Phone", confirmed=True)
    client.force_login(adviser)
    wrong = f"{(int(code(device)) + 1) % 1_000_000:06d}"
    client.post(VERIFY, {"token": wrong})
    response = client.post(VERIFY, {"token": code(device)})
    assert "Too many wrong codes" in response.text
    clock.move_to(datetime.datetime(2026, 5, 4, 10, 0, 8, tzinfo=datetime.UTC))
    assert client.post(VERIFY, {"token": code(device)}).status_code == 302


def test_the_next_address_must_be_on_this_site(client, adviser):
    device = TOTPDevice.objects.create(user=adviser, name="Phone", confirmed=True)
    client.force_login(adviser)
    response = client.post(VERIFY, {"token": code(device), "next": "https://evil.example/"})
    assert response.url == CASELOAD


def test_a_verified_adviser_is_not_asked_again(client, adviser):
    sign_in_verified(client, adviser)
    assert client.get(CASELOAD).status_code == 200
    assert client.get(VERIFY).url == CASELOAD


def test_demo_totp_prints_a_code_the_demo_advisers_device_accepts(capsys, settings):
    settings.DEBUG = True  # as on a development machine
    adviser = make_user(DEMO_ADVISER, "Alex Morgan", role="adviser")
    call_command("demo_totp")
    call_command("demo_totp")
    output = capsys.readouterr().out
    assert DEMO_TOTP_SECRET in output
    token = re.search(r"Code for adviser@debrief.example: (\d{6})", output).group(1)
    device = TOTPDevice.objects.get(user=adviser)
    assert device.confirmed
    assert device.verify_token(token)


@pytest.mark.parametrize("pasted", ["{} {}", "{}-{}", " {}{} "])
def test_a_code_pasted_with_a_space_or_a_dash_is_accepted(client, adviser, pasted):
    device = TOTPDevice.objects.create(user=adviser, name="Phone", confirmed=True)
    client.force_login(adviser)
    field = client.get(VERIFY).text
    assert 'autocomplete="one-time-code"' in field
    right = code(device)
    response = client.post(VERIFY, {"token": pasted.format(right[:3], right[3:])})
    assert response.status_code == 302
    assert client.get(CASELOAD).status_code == 200
