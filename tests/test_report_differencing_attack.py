"""The security review's attack, performed: a service admin downloads the report, deactivates
the adviser of a single client, downloads it again and reactivates. Both downloads are identical
(a month counts who shared with the service in it, whoever is deactivated since), a handover
moves nothing either, and each step is in the service's audit log."""

import pytest
from django.test import Client

from debrief.models import Membership, ServiceAuditEntry
from tests.adviser_helpers import sign_in_verified
from tests.factories import make_member, make_organisation
from tests.test_service_report import CSV, OCTOBER, active_client


@pytest.fixture
def staff():
    service = make_organisation("Northshire Careers")
    return (
        service,
        make_member(service, "head@northshire.example", "Hana Head", Membership.Role.ADMIN),
        make_member(service, "alex@northshire.example", "Alex Adviser"),
    )


pytestmark = [
    pytest.mark.django_db,
    pytest.mark.frozen_at("2026-11-25T12:00:00Z"),
    pytest.mark.usefixtures("clock"),
]


def test_deactivating_the_adviser_of_one_client_changes_no_download(staff):
    service, admin, alex = staff
    bea = make_member(service, "bea@northshire.example", "Bea Adviser")
    active_client(0, alex, prefix="alone")  # Alex's only client
    for number in range(9):
        active_client(number, bea)
    admin_client = Client()
    sign_in_verified(admin_client, admin)

    first = admin_client.get(CSV, OCTOBER).content
    response = admin_client.post(f"/service/staff/{alex.membership.pk}/deactivate/")
    assert response.status_code == 302
    alex.membership.refresh_from_db()
    assert not alex.membership.is_current
    second = admin_client.get(CSV, OCTOBER).content
    admin_client.post(f"/service/staff/{alex.membership.pk}/reactivate/")
    third = admin_client.get(CSV, OCTOBER).content

    assert first == second == third
    assert b"Clients sharing their record,10," in first
    actions = list(ServiceAuditEntry.objects.order_by("at", "pk").values_list("action", "actor_id"))
    assert actions == [
        ("report_downloaded", admin.pk),
        ("member_deactivated", admin.pk),
        ("report_downloaded", admin.pk),
        ("member_reactivated", admin.pk),
        ("report_downloaded", admin.pk),
    ]
    assert "Alex Adviser" in ServiceAuditEntry.objects.get(action="member_deactivated").subject


def test_a_handover_between_advisers_moves_no_figure(staff):
    service, admin, alex = staff
    bea = make_member(service, "bea@northshire.example", "Bea Adviser")
    people = [active_client(number, alex) for number in range(8)]
    admin_client = Client()
    sign_in_verified(admin_client, admin)
    before = admin_client.get(CSV, OCTOBER).content
    admin_client.post(f"/service/staff/{alex.membership.pk}/handover/", {"to": bea.membership.pk})
    for person in people:
        owner = Client()
        owner.force_login(person)
        handover = person.handovers.get()
        assert owner.post(f"/settings/sharing/handovers/{handover.pk}/accept/").status_code == 302
    assert admin_client.get(CSV, OCTOBER).content == before
