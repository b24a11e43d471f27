"""Debrief's own staff read careers services' invitations, handovers and advisers' security logs
in the Django admin, and change none of them: no adding, editing or deleting, no link token
shown, and no filter that could read a secret one character at a time. Reading a handover is
reading who a client's adviser is: it goes in the client's access log."""

import pytest
from django.test import Client

from debrief.models import AccessLogEntry, Handover, SecurityEvent, User
from debrief.services import organisations
from tests.adviser_helpers import sign_in_verified
from tests.factories import PASSWORD, grant_access, make_invitation, make_user

pytestmark = pytest.mark.django_db

ADMIN = "/admin/debrief/"


@pytest.fixture
def staff_client(db):
    staff = User.objects.create_superuser("staff@example.com", PASSWORD, display_name="Sam Staff")
    browser = Client()
    sign_in_verified(browser, staff)
    return browser


@pytest.fixture
def records(service, service_admin, alex, bea):
    invitation = make_invitation(service, "new@northshire.example", "Nia New")
    sam = make_user("sam@example.com", "Sam Seeker")
    grant_access(sam, alex)
    organisations.propose_handover(
        from_member=alex.membership, to_member=bea.membership, by=service_admin
    )
    organisations.new_recovery_codes(user=alex)
    return {
        "staffinvitation": invitation,
        "handover": Handover.objects.get(),
        "securityevent": SecurityEvent.objects.get(),
    }


@pytest.mark.parametrize("model", ["staffinvitation", "handover", "securityevent"])
def test_staff_read_each_record_and_change_nothing(staff_client, records, model):
    record = records[model]

    listing = staff_client.get(f"{ADMIN}{model}/")
    detail = staff_client.get(f"{ADMIN}{model}/{record.pk}/change/")

    assert listing.status_code == 200
    assert detail.status_code == 200
    assert 'name="_save"' not in detail.text
    assert "token" not in detail.text.lower().replace("csrfmiddlewaretoken", "")
    assert staff_client.get(f"{ADMIN}{model}/add/").status_code == 403
    assert (
        staff_client.post(f"{ADMIN}{model}/{record.pk}/delete/", {"post": "yes"}).status_code == 403
    )
    assert type(record).objects.filter(pk=record.pk).exists()


def test_the_pages_say_what_they_hold(staff_client, records):
    assert "new@northshire.example" in staff_client.get(f"{ADMIN}staffinvitation/").text
    handovers = staff_client.get(f"{ADMIN}handover/").text
    assert "Sam Seeker" in handovers
    assert "Bea Adviser" in handovers
    events = staff_client.get(f"{ADMIN}securityevent/").text
    assert "New recovery codes made" in events


@pytest.mark.parametrize(
    "query",
    [
        "staffinvitation/?user__password__startswith=m",
        "staffinvitation/?user__enrolment_links__token_hash__startswith=a",
        "handover/?client__password__startswith=m",
        "securityevent/?user__password__startswith=m",
        "securityevent/?user__totpdevice__key__startswith=a",
    ],
)
def test_no_filter_reads_a_secret(staff_client, records, query):
    assert staff_client.get(f"{ADMIN}{query}").status_code == 400


def test_reading_a_handover_is_in_the_clients_access_log(staff_client, records):
    handover = records["handover"]

    staff_client.get(f"{ADMIN}handover/{handover.pk}/change/")

    entry = AccessLogEntry.objects.filter(client=handover.client).latest("viewed_at")
    assert entry.viewed.startswith("Admin — handover")
