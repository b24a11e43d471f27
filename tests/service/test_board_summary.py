"""The one-page board summary: the year against the previous year, applications → interviews →
offers, feedback asked and answered, the median days from a "no" to a debrief, clients supported,
under the report's disclosure rules; printable, and a PDF of exactly one page whose text
pdftotext reads back; each view and download in the audit log; for the service's admins only."""

import subprocess
import tempfile
from pathlib import Path

import pytest
from django.test import Client

from debrief.models import ServiceAuditEntry
from tests.adviser_helpers import sign_in_verified
from tests.test_service_report import active_client

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.frozen_at("2026-11-25T12:00:00Z"),
    pytest.mark.usefixtures("clock"),
]


@pytest.fixture
def admin_client(service_admin):
    client = Client()
    sign_in_verified(client, service_admin)
    return client


def pdf_text(content: bytes) -> tuple[str, str]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "board.pdf"
        path.write_bytes(content)
        info = subprocess.run(["pdfinfo", path], capture_output=True, text=True, check=True)
        text = subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True, check=True)
    return info.stdout, text.stdout


def test_the_pdf_is_one_page_with_the_figures(admin_client, service, alex):
    for number in range(30):
        active_client(number, alex)
    page = admin_client.get("/service/board/")
    assert page.status_code == 200
    assert "Northshire" in page.text
    assert "Download as PDF (one A4 page)" in page.text

    response = admin_client.get("/service/board.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="board-summary-2026-11-25.pdf"'
    info, text = pdf_text(response.content)
    fields = {
        key.strip(): value.strip()
        for key, _, value in (line.partition(":") for line in info.splitlines())
    }
    assert fields["Pages"] == "1"
    assert fields["Page size"] == "595.276 x 841.89 pts (A4)"
    flat = " ".join(text.split())
    assert "the year in figures" in flat
    assert "December 2025 to November 2026" in flat
    assert "Clients supported (shared their record) 30 0" in flat
    assert "Applications 30 0" in flat
    assert "Applications that reached interview" in flat
    assert "Offers 0 0 100% not shown (fewer than 23 people)" in flat  # pdftotext's reading order
    assert "Interviews that led to an offer 0% not shown (fewer than 23 people)" in flat
    assert "Median days from a “no” to a debrief 3" in flat
    assert "Every count is rounded to the nearest 5" in flat
    actions = list(ServiceAuditEntry.objects.order_by("at", "pk").values_list("action", flat=True))
    assert actions == ["board_viewed", "board_downloaded"]


def test_small_numbers_are_rounded_and_rates_hidden(admin_client, alex):
    for number in range(6):
        active_client(number, alex)
    _, text = pdf_text(admin_client.get("/service/board.pdf").content)
    flat = " ".join(text.split())
    assert "Applications 5 0" in flat
    assert "Feedback requests answered not shown (fewer than 23 people)" in flat
    assert "Median days from a “no” to a debrief not shown (7 people or fewer)" in flat


def test_only_the_services_admins(service, alex, owner):
    adviser = Client()
    sign_in_verified(adviser, alex)
    assert adviser.get("/service/board/").status_code == 404
    assert adviser.get("/service/board.pdf").status_code == 404
    assert Client().get("/service/board.pdf").status_code == 302
    assert not ServiceAuditEntry.objects.exists()
