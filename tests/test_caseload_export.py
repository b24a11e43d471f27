"""The caseload as CSV: the adviser's consenting clients only, numbers numeric, the reasons and
tags in words; each client's access log records the export."""

import csv
import io

import pytest
from django.test import Client

from debrief.models import AccessLogEntry, AdviserAccess
from tests.adviser_helpers import sign_in_verified
from tests.factories import grant_access, make_application, make_user

pytestmark = pytest.mark.django_db


def test_it_exports_consenting_clients_and_logs_each_read(client, adviser):
    sharing = [make_user(f"c{n}@example.com", f"Client {n}") for n in range(3)]
    for person in sharing:
        grant_access(person, adviser)
        make_application(person)
    stopped = make_user("stopped@example.com", "Stopped Sharing")
    grant_access(stopped, adviser)
    AdviserAccess.objects.filter(client=stopped).update(status="revoked")
    sign_in_verified(client, adviser)

    response = client.get("/adviser/caseload.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    header, *rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert header[:5] == ["Name", "Email", "Sharing since", "Next contact", "Applications"]
    assert [row[0] for row in rows] == ["Client 0", "Client 1", "Client 2"]
    assert all(row[4] == "1" for row in rows)
    assert "Stopped Sharing" not in response.content.decode()
    logged = AccessLogEntry.objects.filter(viewed__startswith="Caseload export")
    assert sorted(logged.values_list("client__display_name", flat=True)) == [
        "Client 0",
        "Client 1",
        "Client 2",
    ]
    assert not AccessLogEntry.objects.filter(client=stopped).exists()


def test_nobody_else_exports_a_caseload(client, owner):
    assert client.get("/adviser/caseload.csv").status_code == 302
    client.force_login(owner)
    assert client.get("/adviser/caseload.csv").status_code == 404
    assert Client().post("/adviser/caseload.csv").status_code in (302, 405)
