"""Every change on the service's pages and every answer to a handover needs the page's CSRF
token: a form on another site posting in a signed-in admin's or client's browser changes
nothing."""

import pytest
from django.test import Client

from debrief.models import AdviserAccess, Handover, Membership, StaffInvitation
from debrief.services import organisations
from tests.adviser_helpers import sign_in_verified
from tests.factories import grant_access, make_invitation, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def state(service, service_admin, alex, bea):
    sam = make_user("sam@example.com", "Sam Seeker")
    grant_access(sam, alex)
    organisations.propose_handover(
        from_member=alex.membership, to_member=bea.membership, by=service_admin
    )
    return {"sam": sam, "invitation": make_invitation(service, "new@northshire.example")}


def snapshot():
    return (
        list(Membership.objects.values_list("pk", "deactivated_at").order_by("pk")),
        list(StaffInvitation.objects.values_list("pk", "cancelled_at", "sent_at")),
        list(Handover.objects.values_list("pk", "status")),
        list(AdviserAccess.objects.values_list("pk", "status")),
    )


def strict(user, *, verified=True) -> Client:
    browser = Client(enforce_csrf_checks=True)
    if verified:
        sign_in_verified(browser, user)
    else:
        browser.force_login(user)
    return browser


def test_the_admins_changes_need_the_token(state, service_admin, alex, bea):
    admin = strict(service_admin)
    invitation = state["invitation"].pk
    member = alex.membership.pk
    before = snapshot()

    for url, data in [
        ("/service/invite/", {"display_name": "X Y", "email": "x@y.example", "role": "adviser"}),
        (f"/service/invitations/{invitation}/resend/", {}),
        (f"/service/invitations/{invitation}/cancel/", {}),
        (f"/service/staff/{member}/deactivate/", {}),
        (f"/service/staff/{member}/reactivate/", {}),
        (f"/service/staff/{member}/handover/", {"to": bea.membership.pk}),
        (f"/service/staff/{member}/handover/withdraw/", {}),
        (f"/service/staff/{member}/reset-two-step/", {}),
    ]:
        assert admin.post(url, data).status_code == 403, url

    assert snapshot() == before


def test_the_clients_answer_needs_the_token(state):
    browser = strict(state["sam"], verified=False)
    handover = Handover.objects.get().pk
    before = snapshot()

    assert browser.post(f"/settings/sharing/handovers/{handover}/accept/").status_code == 403
    assert browser.post(f"/settings/sharing/handovers/{handover}/decline/").status_code == 403

    assert snapshot() == before
