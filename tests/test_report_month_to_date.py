"""A month not yet over is labelled "to date" on the page, in the chart (drawn with an outlined
bar, not a full one) and in the CSV, so nobody reads a part month as a collapse."""

import datetime

import pytest
from django.test import Client

from debrief.models import Membership
from tests.adviser_helpers import sign_in_verified
from tests.factories import make_application, make_member, make_organisation
from tests.test_service_report import CSV, REPORT, active_client, csv_rows

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.frozen_at("2026-11-25T12:00:00Z"),
    pytest.mark.usefixtures("clock"),
]
RANGE = {"first_month": "2026-10", "last_month": "2026-11"}


@pytest.fixture
def admin_and_adviser():
    service = make_organisation("Northshire Careers")
    admin = make_member(service, "head@northshire.example", "Hana Head", Membership.Role.ADMIN)
    client = Client()
    sign_in_verified(client, admin)
    return client, make_member(service, "alex@northshire.example", "Alex Adviser")


def test_the_month_to_date_is_labelled_and_drawn_apart(admin_and_adviser):
    admin_client, alex = admin_and_adviser
    for number in range(10):
        person = active_client(number, alex)
        make_application(person, date_applied=datetime.date(2026, 11, 20))
    page = admin_client.get(REPORT, RANGE).text
    assert "November 2026 is not over: its figures are the month to date" in page
    assert 'November 2026 <span class="badge text-bg-light border">to date</span>' in page
    applications_chart = page[page.index('id="measure-applications"') :]
    applications_chart = applications_chart[: applications_chart.index("</svg>")]
    assert applications_chart.count('class="bar-partial"') == 1
    assert applications_chart.count('class="bar-fill"') == 1
    assert ">to date</text>" in applications_chart

    rows = [row for row in csv_rows(admin_client.get(CSV, RANGE)) if row[2] == "Applications"]
    assert [(row[0], row[1]) for row in rows] == [
        ("2026-10", "full month"),
        ("2026-11", "to date"),
        ("2026-10 to 2026-11", "total"),
    ]


def test_a_finished_range_has_no_month_to_date(admin_and_adviser):
    admin_client, _ = admin_and_adviser
    page = admin_client.get(REPORT, {"first_month": "2026-09", "last_month": "2026-10"}).text
    assert "is not over" not in page
    assert "bar-partial" not in page
