"""Sessions end after a time without activity and some time after signing in: 2 hours idle and
12 hours in all for advisers; 14 days idle and 30 in all for job seekers who keep signed in, or a
browser-bound, 2-hour session when they untick "Keep me signed in"."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.adviser_helpers import sign_in_verified
from tests.factories import PASSWORD, make_user

LOGIN = "/accounts/login/"
DASHBOARD = reverse("debrief:dashboard")
CASELOAD = reverse("debrief:adviser-caseload")
VERIFY = reverse("debrief:adviser-2fa-verify")
START = datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC)

pytestmark = [pytest.mark.django_db, pytest.mark.frozen_at(START)]


def after(**delta) -> datetime.datetime:
    """The moment `delta` after START, the sign-in time of every test here."""
    return START + datetime.timedelta(**delta)


def sign_in(client, email: str, *, keep: bool = True):
    data = {"username": email, "password": PASSWORD}
    if keep:
        data["keep_signed_in"] = "on"
    response = client.post(LOGIN, data)
    assert response.status_code == 302
    return response


def signed_in(client) -> bool:
    return client.get(DASHBOARD).status_code == 200


def test_the_sign_in_form_offers_keep_me_signed_in_ticked(client):
    response = client.get(LOGIN)
    assert '<label for="id_keep_signed_in"' in response.text
    assert 'name="keep_signed_in"' in response.text
    assert "checked" in response.text.split('name="keep_signed_in"')[1].split(">")[0]


def test_a_job_seeker_who_keeps_signed_in_stays_for_14_idle_days(client, clock):
    make_user("sam@example.com")
    response = sign_in(client, "sam@example.com")
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert int(cookie["max-age"]) == 14 * 24 * 60 * 60

    clock.move_to(after(days=13, hours=23))
    assert signed_in(client)
    clock.move_to(after(days=27, hours=22))  # 13 days 23 hours after the last visit
    assert signed_in(client)
    clock.move_to(after(days=41, hours=23))  # 14 days and an hour without a visit
    assert not signed_in(client)


def test_a_job_seeker_who_unticks_keep_signed_in_gets_a_browser_session_of_2_idle_hours(
    client, clock
):
    make_user("sam@example.com")
    response = sign_in(client, "sam@example.com", keep=False)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == ""  # ends with the browser
    assert cookie["expires"] == ""

    clock.move_to(after(hours=1, minutes=59))
    assert signed_in(client)
    clock.move_to(after(hours=4, minutes=1))  # 2 hours 2 minutes after the last visit
    response = client.get(DASHBOARD, follow=True)
    assert response.redirect_chain[-1][0].startswith(LOGIN)
    assert "You were signed out after a time without activity" in response.text


def test_a_job_seeker_is_signed_out_30_days_after_signing_in_however_active(client, clock):
    make_user("sam@example.com")
    sign_in(client, "sam@example.com")
    for day in range(1, 30):
        clock.move_to(after(days=day))
        assert signed_in(client), day
    clock.move_to(after(days=30, minutes=1))
    assert not signed_in(client)


def verified_adviser(client):
    adviser = make_user("adviser@example.com", "Ada Adviser", role="adviser")
    device = TOTPDevice.objects.create(user=adviser, name="Phone", confirmed=True)
    sign_in(client, "adviser@example.com")
    token = f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"
    assert client.post(VERIFY, {"token": token}).status_code == 302
    assert client.get(CASELOAD).status_code == 200
    return adviser


def test_an_advisers_two_step_verification_ends_with_2_idle_hours(client, clock):
    verified_adviser(client)
    assert DEVICE_ID_SESSION_KEY in client.session
    clock.move_to(after(hours=1, minutes=59))
    assert client.get(CASELOAD).status_code == 200
    clock.move_to(after(hours=4))  # 2 hours 1 minute idle
    response = client.get(CASELOAD)
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)
    assert DEVICE_ID_SESSION_KEY not in client.session

    # The password alone does not bring the verification back: a code is asked for again.
    sign_in(client, "adviser@example.com")
    response = client.get(CASELOAD)
    assert response.status_code == 302
    assert response.url.startswith(VERIFY)


def test_an_adviser_never_keeps_a_session_past_the_browser_or_12_hours(client, clock):
    adviser = make_user("adviser@example.com", "Ada Adviser", role="adviser")
    response = sign_in(client, adviser.email)  # "keep me signed in" ticked: not for advisers
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == ""
    TOTPDevice.objects.create(user=adviser, name="Phone", confirmed=True)
    for hour in range(1, 12):
        clock.move_to(after(hours=hour))
        assert client.get(VERIFY).status_code == 200, hour  # still signed in
    clock.move_to(after(hours=12, minutes=1))
    response = client.get(VERIFY)
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)


def test_signing_in_again_starts_the_clocks_again(client, clock):
    make_user("sam@example.com")
    sign_in(client, "sam@example.com")
    for day in (13, 26, 29):
        clock.move_to(after(days=day))
        assert signed_in(client)
    client.post("/accounts/logout/")
    sign_in(client, "sam@example.com")
    clock.move_to(after(days=31))  # 31 days after the first sign-in, 2 after this one
    assert signed_in(client)


def test_staff_get_the_advisers_short_session(client, clock):
    staff = make_user("staff@example.com", "Stella Staff")
    staff.is_staff = True
    staff.save()
    response = sign_in(client, "staff@example.com")
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == ""
    sign_in_verified(client, staff)
    clock.move_to(after(hours=1, minutes=59))
    assert signed_in(client)
    clock.move_to(after(hours=4))
    # Signed out (to the sign-in page), not merely asked for a code again.
    assert client.get(DASHBOARD)["Location"].startswith(LOGIN)
