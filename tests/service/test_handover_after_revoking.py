"""A handover moves a client's consent from one adviser to another. A client who stopped sharing
with the first adviser after the proposal has nothing to hand over: the proposal is no longer
shown to them, and accepting it anyway (an old form, a second tab) gives the second adviser
nothing."""

import pytest
from django.test import Client

from debrief.models import AdviserAccess, Handover
from debrief.services import organisations
from tests.adviser_helpers import sign_in_verified
from tests.factories import grant_access, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def sam(service_admin, alex, bea):
    person = make_user("sam@example.com", "Sam Seeker")
    grant_access(person, alex)
    organisations.propose_handover(
        from_member=alex.membership, to_member=bea.membership, by=service_admin
    )
    return person


def test_after_revoking_the_proposal_is_gone_and_accepting_gives_nothing(sam, alex, bea):
    browser = Client()
    browser.force_login(sam)
    assert "proposes that" in browser.get("/settings/sharing/").text
    access = AdviserAccess.objects.get(client=sam, adviser=alex)
    browser.post(f"/settings/sharing/{access.pk}/revoke/")

    assert "proposes that" not in browser.get("/settings/sharing/").text
    handover = Handover.objects.get(client=sam)
    response = browser.post(f"/settings/sharing/handovers/{handover.pk}/accept/")

    assert (
        "Nothing changed. You no longer share your record with the adviser"
        in browser.get(response.url).text
    )
    assert not AdviserAccess.objects.filter(client=sam, adviser=bea).exists()
    handover.refresh_from_db()
    assert handover.status == "proposed"


def test_the_service_no_longer_counts_it_as_waiting(sam, service_admin):
    admin = Client()
    sign_in_verified(admin, service_admin)
    assert "1 handover awaiting" in admin.get("/service/").text
    browser = Client()
    browser.force_login(sam)

    browser.post(f"/settings/sharing/{AdviserAccess.objects.get(client=sam).pk}/revoke/")

    assert "awaiting the client" not in admin.get("/service/").text


def test_declining_it_still_works(sam):
    browser = Client()
    browser.force_login(sam)
    browser.post(f"/settings/sharing/{AdviserAccess.objects.get(client=sam).pk}/revoke/")
    handover = Handover.objects.get(client=sam)

    browser.post(f"/settings/sharing/handovers/{handover.pk}/decline/")

    handover.refresh_from_db()
    assert handover.status == "declined"
