"""The service's staff list, with each adviser's caseload size, costs the same few queries
however many advisers, clients and invitations the service has."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from debrief.models import Handover
from tests.adviser_helpers import sign_in_verified
from tests.factories import grant_access, make_invitation, make_member, make_user
from tests.service.conftest import staff_list

pytestmark = pytest.mark.django_db

BUDGET = 12


def grow(service, n: int) -> None:
    for a in range(n):
        adviser = make_member(service, f"adviser{n}-{a}@northshire.example", f"Adviser {a}")
        for c in range(n):
            person = make_user(f"client{n}-{a}-{c}@example.com", f"Client {c}")
            grant_access(person, adviser)
            if c == 0 and a > 0:
                Handover.objects.create(
                    organisation=service,
                    client=person,
                    from_adviser=adviser,
                    to_adviser=adviser.__class__.objects.get(
                        email=f"adviser{n}-0@northshire.example"
                    ),
                )
        make_invitation(service, f"invited{n}-{a}@northshire.example")


def queries_for_the_page(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        page = client.get("/service/")
    assert page.status_code == 200
    return len(captured), page.text


def test_it_costs_the_same_at_two_sizes(
    client, service, service_admin, django_assert_max_num_queries
):
    sign_in_verified(client, service_admin)
    grow(service, 2)
    with django_assert_max_num_queries(BUDGET):
        small, text = queries_for_the_page(client)
    assert "Adviser 1" in text

    grow(service, 6)
    with django_assert_max_num_queries(BUDGET):
        large, text = queries_for_the_page(client)
    assert "6 clients share their record" in staff_list(text)["Adviser 5"]

    assert "Adviser 5" in text
    assert "invited6-5@northshire.example" in text
    assert small == large
    assert large <= BUDGET
