"""A member of staff their careers service deactivated loses every client's record at once, and
with it every email that would name a client: a client's revocation (or their yes to a
handover away from them) writes them nothing, no client can find them to share with them, and
a handover proposed to them is withdrawn, so no client is left with a proposal that cannot be
accepted."""

import pytest
from django.test import Client

from debrief.models import AdviserAccess, Handover, Notification
from tests.adviser_helpers import sign_in_verified
from tests.factories import grant_access, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def sam(alex):
    person = make_user("sam@example.com", "Sam Seeker")
    grant_access(person, alex)
    return person


def signed_in(user, *, verified=True) -> Client:
    browser = Client()
    if verified:
        sign_in_verified(browser, user)
    else:
        browser.force_login(user)
    return browser


def deactivate(admin: Client, member) -> None:
    response = admin.post(f"/service/staff/{member.membership.pk}/deactivate/")
    assert response.status_code == 302


def emails_to(user) -> list[str]:
    return list(Notification.objects.filter(user=user).values_list("object_type", flat=True))


def test_a_client_accepting_a_handover_away_from_them_writes_them_nothing(
    service_admin, alex, bea, sam
):
    admin = signed_in(service_admin)
    admin.post(f"/service/staff/{alex.membership.pk}/handover/", {"to": bea.membership.pk})
    deactivate(admin, alex)
    handover = Handover.objects.get(client=sam)

    signed_in(sam, verified=False).post(f"/settings/sharing/handovers/{handover.pk}/accept/")

    assert AdviserAccess.objects.get(client=sam, adviser=alex).status == "revoked"
    assert emails_to(alex) == []
    # The adviser taking over hears of it as usual.
    assert emails_to(bea) == ["access_granted"]


def test_a_client_revoking_writes_them_nothing(service_admin, alex, sam):
    deactivate(signed_in(service_admin), alex)
    access = AdviserAccess.objects.get(client=sam, adviser=alex)

    signed_in(sam, verified=False).post(f"/settings/sharing/{access.pk}/revoke/")

    access.refresh_from_db()
    assert access.status == "revoked"
    assert emails_to(alex) == []


def test_no_client_can_find_them_to_share_with_them(service_admin, alex, bea):
    deactivate(signed_in(service_admin), alex)
    carla = make_user("carla@example.com", "Carla Client")
    browser = signed_in(carla, verified=False)

    response = browser.post("/settings/sharing/", {"email": alex.email}, follow=True)

    # The same words as for any address, and nothing shared, nothing sent.
    assert f"If {alex.email} belongs to a Debrief careers adviser" in response.text
    assert not AdviserAccess.objects.filter(client=carla).exists()
    assert emails_to(alex) == []
    browser.post("/settings/sharing/", {"email": bea.email})
    assert AdviserAccess.objects.get(client=carla).adviser == bea


def test_a_handover_proposed_to_them_is_withdrawn(service_admin, alex, bea, sam):
    admin = signed_in(service_admin)
    admin.post(f"/service/staff/{alex.membership.pk}/handover/", {"to": bea.membership.pk})
    sams_page = signed_in(sam, verified=False)
    assert "proposes that" in sams_page.get("/settings/sharing/").text
    confirmation = admin.get(f"/service/staff/{bea.membership.pk}/deactivate/").text
    assert "Handovers proposed to them and not yet answered are withdrawn." in confirmation

    deactivate(admin, bea)

    assert Handover.objects.get(client=sam).status == "withdrawn"
    assert "proposes that" not in sams_page.get("/settings/sharing/").text
    assert "awaiting the client" not in admin.get("/service/").text
