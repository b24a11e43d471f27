"""A handover proposal a client leaves unanswered expires after 30 days, as the pages say: the
client no longer sees it and cannot accept it, the service's page no longer counts it as
waiting, and the admin may propose again."""

import datetime

import pytest
from django.test import Client

from debrief.models import AdviserAccess, Handover
from tests.adviser_helpers import sign_in_verified
from tests.factories import grant_access, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def sam(alex):
    person = make_user("sam@example.com", "Sam Seeker")
    grant_access(person, alex)
    return person


@pytest.fixture
def admin(clock, service_admin, alex, bea, sam):
    admin = Client()
    sign_in_verified(admin, service_admin)
    page = admin.get(f"/service/staff/{alex.membership.pk}/handover/")
    assert "has not answered after 30 days" in page.text
    admin.post(f"/service/staff/{alex.membership.pk}/handover/", {"to": bea.membership.pk})
    return admin


def signed_in(user) -> Client:
    browser = Client()
    sign_in_verified(browser, user)
    return browser


def as_client(person) -> Client:
    """Signed in now (after the clock moved: a session does not last 30 days)."""
    browser = Client()
    browser.force_login(person)
    return browser


def test_the_client_is_told_until_when_they_can_answer(admin, sam):
    sams_browser = as_client(sam)
    page = sams_browser.get("/settings/sharing/").text

    assert "proposes that" in page
    assert "You can answer until 25 Dec 2026" in page


def test_on_its_last_day_it_can_still_be_accepted(clock, admin, sam, bea):
    clock.move_to(clock.now + datetime.timedelta(days=30) - datetime.timedelta(minutes=1))
    sams_browser = as_client(sam)
    handover = Handover.objects.get(client=sam)

    sams_browser.post(f"/settings/sharing/handovers/{handover.pk}/accept/")

    assert AdviserAccess.objects.get(client=sam, status="active").adviser == bea


def test_after_30_days_it_is_gone_and_cannot_be_accepted(clock, admin, sam, alex, service_admin):
    admin_user = service_admin
    handover = Handover.objects.get(client=sam)
    clock.move_to(clock.now + datetime.timedelta(days=30, minutes=1))
    sams_browser = as_client(sam)
    assert sams_browser.get("/settings/sharing/").status_code == 200

    assert "proposes that" not in sams_browser.get("/settings/sharing/").text
    assert "awaiting the client" not in signed_in(admin_user).get("/service/").text
    response = sams_browser.post(f"/settings/sharing/handovers/{handover.pk}/accept/")

    assert "Nothing changed. This proposal expired" in sams_browser.get(response.url).text
    assert AdviserAccess.objects.get(client=sam, status="active").adviser == alex
    assert not AdviserAccess.objects.filter(client=sam).exclude(adviser=alex).exists()


def test_after_it_expires_the_admin_can_propose_again(clock, admin, sam, alex, bea, service_admin):
    first = Handover.objects.get(client=sam)
    clock.move_to(clock.now + datetime.timedelta(days=31))
    # Signed in again: an adviser's session lasts hours, not days.
    admin = signed_in(service_admin)

    admin.post(f"/service/staff/{alex.membership.pk}/handover/", {"to": bea.membership.pk})

    first.refresh_from_db()
    assert first.status == "expired"
    assert first.decided_at == first.proposed_at + datetime.timedelta(days=30)
    assert Handover.objects.get(client=sam, status="proposed").proposed_at == clock.now
    assert "1 handover awaiting the client" in admin.get("/service/").text
