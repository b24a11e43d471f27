"""The report's CSV keeps numbers numeric: one row per month and measure, a number or nothing in
"Value" (never text such as "<5"), and a "Why empty" column saying why a value is not given; the
same figures as the page."""

import pytest
from django.test import Client

from debrief.models import Membership
from tests.adviser_helpers import sign_in_verified
from tests.factories import make_member, make_organisation
from tests.test_service_report import CSV, OCTOBER, REPORT, active_client, cells, csv_rows

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.frozen_at("2026-11-25T12:00:00Z"),
    pytest.mark.usefixtures("clock"),
]


def test_every_value_is_a_number_or_empty_with_a_reason(client):
    service = make_organisation("Northshire Careers")
    admin = make_member(service, "head@northshire.example", "Hana Head", Membership.Role.ADMIN)
    alex = make_member(service, "alex@northshire.example", "Alex Adviser")
    for number in range(6):  # too few for a median
        active_client(number, alex)
    sign_in_verified(client, admin)

    response = client.get(CSV, OCTOBER)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    header, *rows = csv_rows(response)
    assert header == ["Month", "Period", "Measure", "Value", "Why empty"]
    for month, _period, measure, value, why in rows:
        if value == "":
            assert why, f"{month} {measure} is empty without a reason"
        else:
            float(value)  # a number, as a spreadsheet reads it
            assert why == ""
    by_measure = {(row[0], row[2]): row[3:] for row in rows}
    assert by_measure["2026-10", "Applications"] == ["5", ""]
    assert by_measure["2026-10", "Median days from rejection to debrief"] == [
        "",
        "7 people or fewer",
    ]
    page = cells(client.get(REPORT, OCTOBER).text)
    for (month, measure), (value, _) in by_measure.items():
        if month == "2026-10":
            assert page[measure] == (value or "not shown")
    assert not any("Person" in value or "@" in value for row in rows for value in row)


def test_someone_outside_the_service_gets_no_csv(client):
    service = make_organisation("Northshire Careers")
    alex = make_member(service, "alex@northshire.example", "Alex Adviser")
    sign_in_verified(client, alex)
    assert client.get(CSV, OCTOBER).status_code == 404
    assert Client().get(CSV, OCTOBER).status_code == 302
