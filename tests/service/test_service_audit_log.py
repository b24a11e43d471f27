"""A careers service's audit log at /service/audit/: every view and download of the outcome
report and every deactivation, reactivation and role change, with who and when; every admin of
the service reads it, nobody else (404); GET never writes anything but the read it records."""

import pytest
from django.test import Client

from debrief.models import Membership, ServiceAuditEntry
from tests.adviser_helpers import sign_in_verified
from tests.factories import make_member

pytestmark = pytest.mark.django_db

AUDIT = "/service/audit/"


def signed_in(user) -> Client:
    client = Client()
    sign_in_verified(client, user)
    return client


def test_every_read_and_staff_change_is_recorded_for_every_admin(service, service_admin, alex):
    second_admin = make_member(
        service, "ola@northshire.example", "Ola Admin", role=Membership.Role.ADMIN
    )
    ana = signed_in(service_admin)
    ana.get("/service/report/", {"first_month": "2026-01", "last_month": "2026-03"})
    ana.get("/service/report/csv/", {"first_month": "2026-01", "last_month": "2026-03"})
    ana.post(f"/service/staff/{alex.membership.pk}/deactivate/")
    ana.post(f"/service/staff/{alex.membership.pk}/reactivate/")
    ana.post(f"/service/staff/{alex.membership.pk}/role/", {"role": "admin"})
    alex.membership.refresh_from_db()
    assert alex.membership.role == Membership.Role.ADMIN

    entries = list(ServiceAuditEntry.objects.order_by("at", "pk"))
    assert [entry.action for entry in entries] == [
        "report_viewed",
        "report_downloaded",
        "member_deactivated",
        "member_reactivated",
        "role_changed",
    ]
    assert entries[0].subject == "Months 2026-01 to 2026-03"
    assert entries[-1].subject == (
        "Alex Adviser (alex@northshire.example): Careers adviser → Service admin"
    )

    page = signed_in(second_admin).get(AUDIT)
    assert page.status_code == 200
    for text in (
        "Ana Admin (ana@northshire.example)",
        "Viewed the outcome report",
        "Downloaded the outcome report (CSV)",
        "Deactivated a member of staff",
        "Reactivated a member of staff",
        "Changed a member of staff&#x27;s role",
    ):
        assert text in page.text, text
    # Reading the log is not itself a change.
    assert ServiceAuditEntry.objects.count() == 5


def test_nobody_else_reads_it(service_admin, alex, other_service, owner):
    ServiceAuditEntry.objects.create(
        organisation=service_admin.membership.organisation,
        actor=service_admin,
        actor_name="Ana Admin",
        action="report_viewed",
    )
    other_admin = make_member(
        other_service, "sol@southdown.example", "Sol Admin", role=Membership.Role.ADMIN
    )
    assert "Ana Admin" not in signed_in(other_admin).get(AUDIT).text
    assert signed_in(alex).get(AUDIT).status_code == 404
    seeker = Client()
    seeker.force_login(owner)
    assert seeker.get(AUDIT).status_code == 404
    assert Client().get(AUDIT).status_code == 302


def test_the_last_admin_cannot_make_themself_an_adviser(service_admin):
    ana = signed_in(service_admin)
    response = ana.post(
        f"/service/staff/{service_admin.membership.pk}/role/", {"role": "adviser"}, follow=True
    )
    assert "only admin" in response.text
    service_admin.membership.refresh_from_db()
    assert service_admin.membership.role == Membership.Role.ADMIN
    assert not ServiceAuditEntry.objects.filter(action="role_changed").exists()


def test_a_role_change_is_a_post(service_admin, alex):
    ana = signed_in(service_admin)
    assert (
        ana.get(f"/service/staff/{alex.membership.pk}/role/", {"role": "admin"}).status_code == 405
    )
    alex.membership.refresh_from_db()
    assert alex.membership.role == Membership.Role.ADVISER
