"""The session's authenticator is read in one prepared statement (debrief.two_step.OTPMiddleware)
and still counts only when it is confirmed and belongs to the person signed in; a device of
another kind goes django-otp's own way."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from debrief.two_step import totp_device
from tests.adviser_helpers import sign_in_verified

pytestmark = pytest.mark.django_db

CASELOAD = "/adviser/"


def sent_to_the_two_step(response) -> bool:
    """Sent to enter a code, or to set up an authenticator when they have no confirmed one."""
    return response.status_code == 302 and response.url.split("?")[0] in (
        "/adviser/2fa/verify/",
        "/adviser/2fa/setup/",
    )


def with_device(client, adviser, persistent_id: str) -> None:
    client.force_login(adviser)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = persistent_id
    session.save()


def test_a_verified_session_opens_the_page_reading_the_device_once(client, adviser):
    device = sign_in_verified(client, adviser)
    client.get(CASELOAD)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(CASELOAD)
    assert response.status_code == 200
    device_reads = [q["sql"] for q in queries if TOTPDevice._meta.db_table in q["sql"]]
    assert len(device_reads) == 1
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id


def test_the_device_read_is_the_orms(adviser):
    device = TOTPDevice.objects.create(user=adviser, name="Phone", confirmed=True, drift=-1)
    read = totp_device(device.pk)
    expected = TOTPDevice.objects.get(pk=device.pk)
    fields = [field.attname for field in TOTPDevice._meta.concrete_fields]
    assert [getattr(read, name) for name in fields] == [getattr(expected, name) for name in fields]
    assert totp_device(device.pk + 1000) is None


def test_another_persons_device_does_not_verify_the_session(client, adviser, stranger):
    theirs = TOTPDevice.objects.create(user=stranger, name="Their phone", confirmed=True)
    TOTPDevice.objects.create(user=adviser, name="Phone", confirmed=True)
    with_device(client, adviser, theirs.persistent_id)
    response = client.get(CASELOAD)
    assert response.status_code == 302
    assert response.url.startswith("/adviser/2fa/verify/")
    assert DEVICE_ID_SESSION_KEY not in client.session


def test_an_unconfirmed_or_deleted_device_does_not_verify_the_session(client, adviser):
    device = TOTPDevice.objects.create(user=adviser, name="Phone", confirmed=False)
    with_device(client, adviser, device.persistent_id)
    assert sent_to_the_two_step(client.get(CASELOAD))
    device.confirmed = True
    device.save()
    with_device(client, adviser, device.persistent_id)
    assert client.get(CASELOAD).status_code == 200
    device.delete()
    assert sent_to_the_two_step(client.get(CASELOAD))
    assert DEVICE_ID_SESSION_KEY not in client.session


@pytest.mark.parametrize("persistent_id", ["otp_totp.totpdevice/", "otp_totp.totpdevice/1e3",
                                           "otp_totp.totpdevice/99999999999999999999999",
                                           "otp_totp.nosuchdevice/1", "nonsense"])  # fmt: skip
def test_a_persistent_id_it_cannot_read_verifies_nothing(client, adviser, persistent_id):
    TOTPDevice.objects.create(user=adviser, name="Phone", confirmed=True)
    with_device(client, adviser, persistent_id)
    assert sent_to_the_two_step(client.get(CASELOAD))
    assert DEVICE_ID_SESSION_KEY not in client.session


def test_a_device_of_another_kind_goes_the_librarys_way(client, adviser):
    backup = StaticDevice.objects.create(user=adviser, name="Backup codes", confirmed=True)
    with_device(client, adviser, backup.persistent_id)
    assert client.get(CASELOAD).status_code == 200
