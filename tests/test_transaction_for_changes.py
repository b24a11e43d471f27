"""Issue 22: the pages visited most read outside a transaction (BEGIN and COMMIT are two round
trips), and still change things inside one (debrief.views.shared.transaction_for_changes)."""

import pytest
from django.db import connection
from django.urls import reverse

from debrief.models import Application
from tests.adviser_helpers import sign_in_verified
from tests.factories import make_application, make_interview, make_user

pytestmark = pytest.mark.django_db(transaction=True)  # no test transaction around the request


def in_a_transaction(client, method: str, page: str, **data) -> list[bool]:
    """For each statement the request ran: whether it ran inside a transaction."""
    seen = []

    def record(execute, sql, params, many, context):
        seen.append(connection.in_atomic_block)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        response = getattr(client, method)(page, data)
    assert response.status_code in (200, 302)
    return seen


def test_the_job_seekers_most_visited_pages_read_outside_a_transaction(client):
    seeker = make_user("reader@example.com")
    interview = make_interview(make_application(seeker, employer="Acme"))
    client.force_login(seeker)
    for page in (
        reverse("debrief:dashboard"),
        reverse("debrief:application-list"),
        reverse("debrief:interview-prepare", args=[interview.pk]),
    ):
        seen = in_a_transaction(client, "get", page)
        assert seen, page
        assert not any(seen), page


def test_the_caseload_reads_outside_a_transaction_and_asks_inside_one(client, adviser):
    sign_in_verified(client, adviser)
    caseload = reverse("debrief:adviser-caseload")
    assert not any(in_a_transaction(client, "get", caseload))
    asked = in_a_transaction(client, "post", caseload, email="new.client@example.com")
    assert any(asked)


def test_every_other_page_keeps_the_request_transaction(client):
    seeker = make_user("detail@example.com")
    application = make_application(seeker, employer="Acme")
    client.force_login(seeker)
    page = reverse("debrief:application-detail", args=[application.pk])
    assert any(in_a_transaction(client, "get", page))


def test_a_change_that_fails_half_way_is_not_kept(client, adviser, monkeypatch):
    """The caseload's request to a new client writes, then fails: nothing of it stays."""
    from debrief.services import invitations

    sign_in_verified(client, adviser)
    before = Application.objects.count()

    def ask_then_fail(**kwargs):
        make_application(adviser, employer="Written before the failure")
        raise RuntimeError("the request failed after a write")

    monkeypatch.setattr(invitations, "ask_one", ask_then_fail)
    client.raise_request_exception = False
    response = client.post(reverse("debrief:adviser-caseload"), {"email": "x@example.com"})
    assert response.status_code == 500
    assert Application.objects.count() == before


def test_the_outcome_report_reads_outside_a_transaction_and_still_writes_its_audit_entry(client):
    """Its one write, the audit entry, is a statement of its own: the page and the download are
    each still logged."""
    from debrief.models import Membership, ServiceAuditEntry
    from tests.factories import make_member, make_organisation

    service = make_organisation("Northshire Careers")
    admin = make_member(service, "head@northshire.example", "Hana Head", Membership.Role.ADMIN)
    sign_in_verified(client, admin)
    for page, action in (
        ("/service/report/", ServiceAuditEntry.Action.REPORT_VIEWED),
        ("/service/report/csv/", ServiceAuditEntry.Action.REPORT_DOWNLOADED),
    ):
        seen = in_a_transaction(client, "get", page)
        assert seen, page
        assert not any(seen), page
        assert ServiceAuditEntry.objects.filter(organisation=service, action=action).count() == 1
