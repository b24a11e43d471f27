"""An adviser's (or staff member's) password alone opens nothing: every page but the two-step
pages themselves, signing out and the health check needs a session verified with a code. And an
adviser's export carries no former client's name."""

import io
import json
import zipfile
from urllib.parse import quote

import pytest
from django.urls import resolve, reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from debrief.models import User
from debrief.services import consent
from tests.adviser_helpers import sign_in_verified
from tests.factories import PASSWORD, grant_access, make_note, make_user
from tests.url_walk import make_record, routes, url_of

pytestmark = pytest.mark.django_db

VERIFY = reverse("debrief:adviser-2fa-verify")
SETUP = reverse("debrief:adviser-2fa-setup")
EXPORT = reverse("debrief:settings-export")
OPEN_BEFORE_VERIFYING = {
    "debrief:adviser-2fa-setup",
    "debrief:adviser-2fa-verify",
    "debrief:adviser-2fa-enrol",
    "debrief:language",
    "debrief:healthz",
    "debrief:readyz",
    "logout",
}


@pytest.fixture
def record(owner, adviser):
    return make_record(owner, adviser)


def test_every_page_sends_a_password_only_adviser_to_enter_a_code(client, adviser, record):
    TOTPDevice.objects.create(user=adviser, name="Phone", confirmed=True)
    client.force_login(adviser)
    checked = 0
    for route in routes():
        url = url_of(route, record)
        if resolve(url).view_name in OPEN_BEFORE_VERIFYING:
            continue
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code == 302, f"{method} {url}"
            assert response.url == f"{VERIFY}?next={quote(url, safe='')}", f"{method} {url}"
            checked += 1
    assert checked > 100
    assert client.get(VERIFY).status_code == 200


def test_the_export_and_password_change_need_a_code(client, adviser, owner):
    grant_access(owner, adviser)
    make_note(adviser, owner, "Olivia is doing well")
    client.force_login(adviser)
    response = client.post(EXPORT)
    assert response.status_code == 302
    assert response.url.startswith(f"{SETUP}?next=")
    assert response.get("Content-Disposition") is None
    response = client.post(
        "/accounts/password_change/",
        {"old_password": PASSWORD, "new_password1": "a-new-pass-2026", "new_password2": "x"},
    )
    assert response.url.startswith(f"{SETUP}?next=")


def test_a_verified_adviser_reaches_the_same_pages(client, adviser):
    sign_in_verified(client, adviser)
    for url in (EXPORT, "/accounts/password_change/", reverse("debrief:adviser-caseload")):
        assert client.get(url).status_code == 200, url
    assert client.post(EXPORT)["Content-Type"] == "application/zip"


def test_staff_need_a_code_for_the_admin_and_every_other_page(client):
    staff = User.objects.create_superuser("staff@example.com", PASSWORD, display_name="Sam")
    TOTPDevice.objects.create(user=staff, name="Phone", confirmed=True)
    client.force_login(staff)
    for url in ("/admin/", "/admin/debrief/application/", reverse("debrief:dashboard")):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(f"{VERIFY}?next="), url


def test_a_job_seeker_is_not_asked_for_a_code(owner_client):
    assert owner_client.get(reverse("debrief:dashboard")).status_code == 200
    assert owner_client.get(VERIFY).status_code == 404


def exported(client) -> dict:
    archive = zipfile.ZipFile(io.BytesIO(client.post(EXPORT).content))
    return json.loads(archive.read("data.json"))


def test_an_advisers_export_names_no_client_who_ended_their_access(client, adviser, owner):
    current = make_user("current@example.com", "Cara Current")
    grant_access(current, adviser)
    make_note(adviser, current, "Cara's CV is much clearer now")
    consent.client_revoke(access=grant_access(owner, adviser))
    make_note(adviser, owner, "Olivia Owner should rehearse")
    sign_in_verified(client, adviser)
    response = client.post(EXPORT)
    assert b"Olivia" not in zipfile.ZipFile(io.BytesIO(response.content)).read("data.json")
    data = exported(client)
    assert [note["about_client"] for note in data["adviser_notes_you_wrote"]] == ["Cara Current"]
    assert data["adviser_notes_left_out"]["count"] == 1


def test_the_former_client_still_reads_those_notes_in_their_own_export(client, adviser, owner):
    consent.client_revoke(access=grant_access(owner, adviser))
    make_note(adviser, owner, "Rehearse the opening")
    client.force_login(owner)
    notes = exported(client)["adviser_notes_about_you"]
    assert [note["text"] for note in notes] == ["Rehearse the opening"]
