"""A service admin resets an adviser's two-step sign-in: their app and recovery codes stop
working at once, a new enrolment link goes to them, and their own security log says who did it.
Only for a member of the admin's own service, and never for the admin themself."""

import pytest
from django.core import mail
from django.test import Client
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from debrief.models import EnrolmentLink, SecurityEvent
from debrief.services import organisations
from tests.adviser_helpers import sign_in_verified

pytestmark = pytest.mark.django_db


def test_the_reset_removes_the_devices_sends_a_link_and_is_logged(
    client, service_admin, alex, django_capture_on_commit_callbacks
):
    alex_client = Client()
    sign_in_verified(alex_client, alex)
    organisations.new_recovery_codes(user=alex)
    assert alex_client.get("/adviser/").status_code == 200
    sign_in_verified(client, service_admin)
    url = f"/service/staff/{alex.membership.pk}/reset-two-step/"

    assert "Reset Alex Adviser&#x27;s two-step sign-in?" in client.get(url).text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=alex).exists()
    assert not StaticDevice.objects.filter(user=alex).exists()
    assert EnrolmentLink.objects.usable().filter(user=alex).count() == 1
    [email] = mail.outbox
    assert email.to == [alex.email]
    assert "/adviser/2fa/enrol/" in email.body
    event = SecurityEvent.objects.get(user=alex, kind="reset")
    assert (event.by, event.by_name) == (service_admin, "Ana Admin")
    # Alex's open session is no longer verified: the next page asks for set-up.
    response = alex_client.get("/adviser/")
    assert response.status_code == 302
    assert response.url.startswith("/adviser/2fa/setup/")


def test_the_adviser_reads_the_reset_in_their_own_log(service_admin, alex):
    organisations.reset_two_step(membership=alex.membership, by=service_admin, site="http://x")
    alex_client = Client()
    sign_in_verified(alex_client, alex)

    page = alex_client.get("/adviser/2fa/")

    assert "Two-step sign-in reset by your service admin" in page.text
    assert "Ana Admin" in page.text


def test_an_admin_cannot_reset_their_own_or_another_services(client, service_admin, other_adviser):
    sign_in_verified(client, service_admin)

    for membership in (service_admin.membership, other_adviser.membership):
        url = f"/service/staff/{membership.pk}/reset-two-step/"
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
    assert not SecurityEvent.objects.exists()
