"""First enrolment of an authenticator needs a one-time enrolment link, and guessing codes is
slowed down, locked against parallel guesses and logged."""

import datetime
import logging
import threading
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from debrief.models import EnrolmentLink, User
from debrief.views.two_step import SETUP_KEY_SESSION
from tests.adviser_helpers import follow_enrolment_link
from tests.factories import PASSWORD, make_user

SETUP = reverse("debrief:adviser-2fa-setup")
VERIFY = reverse("debrief:adviser-2fa-verify")
CASELOAD = reverse("debrief:adviser-caseload")


def code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


def wrong(device: TOTPDevice) -> str:
    return f"{(int(code(device)) + 1) % 1_000_000:06d}"


def offered(client) -> TOTPDevice:
    return TOTPDevice(key=client.session[SETUP_KEY_SESSION])


def enrol(client) -> object:
    client.get(SETUP)
    return client.post(SETUP, {"token": code(offered(client))})


@pytest.mark.django_db
def test_without_a_link_an_adviser_is_told_to_ask_for_one_and_cannot_enrol(client, adviser):
    client.force_login(adviser)
    page = client.get(SETUP)
    assert "Ask for an enrolment link" in page.text
    assert "data:image/svg+xml" not in page.text
    assert SETUP_KEY_SESSION not in client.session
    client.post(SETUP, {"token": "123456"})
    assert not TOTPDevice.objects.filter(user=adviser).exists()
    assert client.get(CASELOAD).status_code == 302


@pytest.mark.django_db
def test_an_enrolment_link_enrols_once(client, adviser):
    client.force_login(adviser)
    link_url = follow_enrolment_link(client, adviser)
    response = enrol(client)
    assert response.status_code == 302
    assert client.get(CASELOAD).status_code == 200
    assert EnrolmentLink.objects.get(user=adviser).used_at is not None
    # The authenticator is lost and removed by staff: the old link does not enrol a new one.
    TOTPDevice.objects.filter(user=adviser).delete()
    client.force_login(adviser)
    response = client.get(link_url, follow=True)
    assert "has expired, has been used already" in response.text
    assert "Ask for an enrolment link" in response.text


@pytest.mark.django_db
@pytest.mark.frozen_at(datetime.datetime(2026, 6, 1, 9, 0, tzinfo=datetime.UTC))
def test_an_enrolment_link_expires(client, adviser, clock):
    token = EnrolmentLink.issue(user=adviser)
    clock.move_to(datetime.datetime(2026, 6, 4, 9, 1, tzinfo=datetime.UTC))
    client.force_login(adviser)
    client.get(reverse("debrief:adviser-2fa-enrol", args=[token]))
    assert "Ask for an enrolment link" in client.get(SETUP).text


@pytest.mark.django_db
@pytest.mark.frozen_at(datetime.datetime(2026, 6, 1, 9, 0, tzinfo=datetime.UTC))
def test_a_followed_link_ends_with_the_session(client, adviser, clock):
    # An adviser session ends after 2 hours without activity; the link it held goes with it.
    client.force_login(adviser)
    follow_enrolment_link(client, adviser)
    clock.move_to(datetime.datetime(2026, 6, 1, 11, 1, tzinfo=datetime.UTC))
    assert client.get(SETUP)["Location"].startswith(reverse("login"))
    client.force_login(adviser)
    assert "Ask for an enrolment link" in client.get(SETUP).text


@pytest.mark.django_db
def test_a_link_is_for_its_own_account_only(client, adviser):
    other = make_user("other@example.com", "Otto Other", role=User.Role.ADVISER)
    client.force_login(other)
    follow_enrolment_link_of_someone_else = reverse(
        "debrief:adviser-2fa-enrol", args=[EnrolmentLink.issue(user=adviser)]
    )
    client.get(follow_enrolment_link_of_someone_else)
    assert "Ask for an enrolment link" in client.get(SETUP).text


@pytest.mark.django_db
def test_a_new_link_replaces_the_one_sent_before(client, adviser):
    first = EnrolmentLink.issue(user=adviser)
    EnrolmentLink.issue(user=adviser)
    client.force_login(adviser)
    client.get(reverse("debrief:adviser-2fa-enrol", args=[first]))
    assert "Ask for an enrolment link" in client.get(SETUP).text


@pytest.mark.django_db
def test_only_a_hash_of_the_token_is_kept(adviser):
    token = EnrolmentLink.issue(user=adviser)
    link = EnrolmentLink.objects.get()
    assert token not in link.token_hash
    assert link.token_hash == EnrolmentLink.hash(token)


@pytest.mark.django_db
def test_create_adviser_prints_a_link_that_enrols(client):
    out = StringIO()
    call_command("create_adviser", "new@example.org", "--name", "Nia New", stdout=out)
    path = out.getvalue().split("http://127.0.0.1:8000", 1)[1].split()[0]
    client.force_login(User.objects.get(email="new@example.org"))
    client.get(path)
    assert enrol(client).status_code == 302
    assert client.get(CASELOAD).status_code == 200


@pytest.mark.django_db
def test_staff_get_a_link_from_the_enrolment_link_command(client):
    User.objects.create_superuser("root@example.org", "x", display_name="Rae Root")
    out = StringIO()
    call_command("enrolment_link", "ROOT@example.org", "--site", "https://d.example", stdout=out)
    assert "https://d.example/adviser/2fa/enrol/" in out.getvalue()


@pytest.mark.django_db
def test_a_wrong_code_is_logged_with_the_user_and_address(client, adviser, caplog):
    device = TOTPDevice.objects.create(user=adviser, name="Phone", confirmed=True)
    client.force_login(adviser)
    with caplog.at_level(logging.WARNING, logger="debrief.views.two_step"):
        client.post(VERIFY, {"token": wrong(device)}, REMOTE_ADDR="203.0.113.9")
    (record,) = caplog.records
    assert record.levelno == logging.WARNING
    message = record.getMessage()
    assert f"user={adviser.pk}" in message
    assert "ip=203.0.113.9" in message
    assert "failures=1" in message


@pytest.mark.django_db
def test_checking_a_code_locks_the_device_row(client, adviser):
    device = TOTPDevice.objects.create(user=adviser, name="Phone", confirmed=True)
    client.force_login(adviser)
    with CaptureQueriesContext(connection) as queries:
        client.post(VERIFY, {"token": wrong(device)})
    locks = [q["sql"] for q in queries if "FOR UPDATE" in q["sql"]]
    assert any("otp_totp_totpdevice" in sql for sql in locks)


@pytest.mark.django_db(transaction=True)
def test_two_guesses_at_once_cannot_both_slip_past_the_throttle(adviser):
    device = TOTPDevice.objects.create(user=adviser, name="Phone", confirmed=True)
    clients = [Client(), Client()]
    for each in clients:
        each.force_login(adviser)
    guess = wrong(device)
    start = threading.Barrier(2)
    answers = []

    def try_a_code(each):
        try:
            start.wait()
            answers.append(each.post(VERIFY, {"token": guess}).text)
        finally:
            connection.close()

    threads = [threading.Thread(target=try_a_code, args=[each]) for each in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum("That code did not match" in answer for answer in answers) == 1
    assert sum("Too many wrong codes" in answer for answer in answers) == 1
    device.refresh_from_db()
    assert device.throttling_failure_count == 1


@pytest.mark.django_db
def test_a_link_opened_signed_out_leads_through_sign_in_to_the_set_up(client, adviser):
    link = reverse("debrief:adviser-2fa-enrol", args=[EnrolmentLink.issue(user=adviser)])
    response = client.get(link)
    assert response.url.startswith("/accounts/login/?next=")
    response = client.post(
        "/accounts/login/", {"username": adviser.email, "password": PASSWORD, "next": link}
    )
    assert response.url == link
    assert client.get(link).url == SETUP
    assert 'src="data:image/svg+xml;base64,' in client.get(SETUP).text
