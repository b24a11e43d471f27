"""The admin: staff need a code as well as a password, never see authenticator keys, and every
page that shows a person's records is written to that person's access log."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from debrief.models import AccessLogEntry, EnrolmentLink, User
from tests.adviser_helpers import follow_enrolment_link, sign_in_verified
from tests.factories import (
    PASSWORD,
    grant_access,
    make_application,
    make_debrief,
    make_feedback_request,
    make_interview,
    make_note,
    make_star_answer,
)

pytestmark = pytest.mark.django_db

ADMIN = "/admin/"


@pytest.fixture
def staff(db):
    return User.objects.create_superuser("staff@example.com", PASSWORD, display_name="Sam Staff")


@pytest.fixture
def staff_client(client, staff):
    sign_in_verified(client, staff)
    return client


def code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


def test_the_admin_signs_in_through_debriefs_own_sign_in_page(client):
    # One sign-in page: its lockout, its per-address limit, then the two-step pages.
    response = client.get(reverse("admin:login") + "?next=/admin/debrief/application/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2Fdebrief%2Fapplication%2F"
    response = client.post(reverse("admin:login"), {"username": "x", "password": "y"})
    assert response["Location"].startswith("/accounts/login/")


def test_a_password_alone_does_not_open_the_admin(client, staff):
    TOTPDevice.objects.create(user=staff, name="Phone", confirmed=True)
    client.post(reverse("login"), {"username": staff.email, "password": PASSWORD})
    response = client.get(ADMIN)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("debrief:adviser-2fa-verify"))


def test_filters_cannot_read_a_secret_one_character_at_a_time(staff_client, adviser):
    device = TOTPDevice.objects.create(user=adviser, name="Phone", confirmed=True)
    for url in (
        f"{ADMIN}otp_totp/totpdevice/?key__startswith={device.key[:2]}",
        f"{ADMIN}debrief/user/?password__startswith={adviser.password[:3]}",
        f"{ADMIN}debrief/enrolmentlink/?token_hash__startswith=a",
    ):
        response = staff_client.get(url)
        assert response.status_code == 400, url


def test_the_autocomplete_endpoint_lists_nothing(staff_client, owner):
    make_star_answer(owner, title="Secret answer")
    response = staff_client.get(
        f"{ADMIN}autocomplete/?app_label=debrief&model_name=debriefquestion"
        "&field_name=star_answer&term="
    )
    assert response.status_code == 404
    assert "Secret answer" not in response.text


@pytest.mark.parametrize("method", ["OPTIONS", "TRACE", "PUT", "FOO"])
def test_admin_pages_answer_only_the_methods_they_use(staff_client, owner, method):
    application = make_application(owner, employer="SecretCorp")
    for url in (
        f"{ADMIN}debrief/application/",
        f"{ADMIN}debrief/application/{application.pk}/change/",
    ):
        response = staff_client.generic(method, url)
        assert response.status_code == 405, url
        assert b"SecretCorp" not in response.content
    assert not AccessLogEntry.objects.filter(client=owner).exists()


def test_reading_the_access_log_and_sharing_in_the_admin_is_logged(staff_client, owner, adviser):
    grant_access(owner, adviser)
    AccessLogEntry.objects.create(
        viewer=adviser, viewer_name="Ada Adviser", client=owner, viewed="Application: X", path="/x/"
    )
    staff_client.get(f"{ADMIN}debrief/accesslogentry/")
    staff_client.get(f"{ADMIN}debrief/adviseraccess/")
    assert AccessLogEntry.objects.filter(client=owner, viewer_role="staff").count() == 2


def test_a_verified_staff_member_reads_the_admin(staff_client):
    assert staff_client.get(ADMIN).status_code == 200


def test_staff_enrol_through_the_same_set_up_pages(client, staff):
    client.force_login(staff)
    assert "Ask for an enrolment link" in client.get(reverse("debrief:adviser-2fa-setup")).text
    follow_enrolment_link(client, staff)
    page = client.get(reverse("debrief:adviser-2fa-setup"))
    assert 'src="data:image/svg+xml;base64,' in page.text


def test_authenticator_keys_are_never_shown(staff_client, adviser):
    device = TOTPDevice.objects.create(user=adviser, name="Phone", confirmed=True)
    change = staff_client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk]))
    assert change.status_code == 200
    assert device.key not in change.text
    assert 'name="key"' not in change.text
    listing = staff_client.get(reverse("admin:otp_totp_totpdevice_changelist"))
    assert "Adviser" in listing.text
    assert "qrcode" not in listing.text.lower()
    assert staff_client.get(reverse("admin:otp_totp_totpdevice_add")).status_code == 403
    config = reverse("admin:otp_totp_totpdevice_change", args=[device.pk]) + "config/"
    assert staff_client.get(config).status_code != 200


def test_staff_reading_an_application_is_in_its_owners_access_log(staff_client, owner):
    application = make_application(owner, employer="Acme", role_title="Analyst")
    url = reverse("admin:debrief_application_change", args=[application.pk])
    assert staff_client.get(url).status_code == 200
    entry = AccessLogEntry.objects.get(client=owner)
    assert entry.viewer_role == AccessLogEntry.Role.STAFF
    assert entry.viewed == "Admin — application: Analyst at Acme"
    assert entry.path == url
    staff_client.force_login(owner)
    log = staff_client.get(reverse("debrief:settings-access-log")).text
    assert "Debrief support staff (Sam Staff)" in log


def test_a_list_page_logs_a_read_for_each_person_it_shows(staff_client, owner, stranger):
    make_star_answer(owner, "Olivia's answer")
    make_star_answer(stranger, "Sid's answer")
    assert staff_client.get(reverse("admin:debrief_staranswer_changelist")).status_code == 200
    logged = AccessLogEntry.objects.filter(viewed="Admin — list of star answers")
    assert sorted(entry.client_id for entry in logged) == sorted([owner.pk, stranger.pk])


@pytest.mark.parametrize(
    "admin_name", ["user", "interview", "advisernote", "debrief", "feedbackrequest"]
)
def test_every_page_of_a_persons_records_is_logged(staff_client, owner, adviser, admin_name):
    interview = make_interview(make_application(owner))
    objects = {
        "user": owner,
        "interview": interview,
        "advisernote": make_note(adviser, owner),
        "debrief": make_debrief(interview),
        "feedbackrequest": make_feedback_request(interview),
    }
    url = reverse(f"admin:debrief_{admin_name}_change", args=[objects[admin_name].pk])
    assert staff_client.get(url).status_code == 200
    assert AccessLogEntry.objects.filter(client=owner, viewer_role="staff").count() == 1


def test_staff_own_records_are_not_logged(staff_client, staff):
    staff_client.get(reverse("admin:debrief_user_change", args=[staff.pk]))
    assert not AccessLogEntry.objects.exists()


def test_staff_send_an_enrolment_link_to_advisers_only(staff_client, adviser, owner):
    response = staff_client.post(
        reverse("admin:debrief_user_changelist"),
        {"action": "send_enrolment_link", "_selected_action": [adviser.pk, owner.pk]},
        follow=True,
    )
    assert "Enrolment links sent: 1." in response.text
    assert "Skipped 1" in response.text
    assert [message.to for message in mail.outbox] == [[adviser.email]]
    # On the configured site (DEBRIEF_SITE_URL), not the request's host.
    site = re.escape(settings.SITE_URL.rstrip("/"))
    link = re.search(rf"{site}(/adviser/2fa/enrol/\S+/)", mail.outbox[0].body)[1]
    assert EnrolmentLink.objects.get(user=adviser).token_hash not in mail.outbox[0].body
    staff_client.force_login(adviser)
    staff_client.get(link)
    page = staff_client.get(reverse("debrief:adviser-2fa-setup"))
    assert 'src="data:image/svg+xml;base64,' in page.text
