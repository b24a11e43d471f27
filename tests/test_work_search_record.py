"""The work-search record: every application, interview, request for feedback and follow-up in
the dates chosen, worded for a work coach, as a page, a PDF (read back with pdftotext) and a CSV;
nothing kept out of it, nothing of anyone else's; a bad range explained next to its field."""

import csv
import datetime
import io
import subprocess

import pytest
from django.utils import timezone

from debrief.models import FeedbackRequest
from tests.factories import make_application, make_feedback_request, make_interview
from tests.html import errors_for

pytestmark = [pytest.mark.django_db, pytest.mark.frozen_at("2026-12-02 12:00")]

D = datetime.date
NOVEMBER = "?start=2026-11-01&end=2026-11-30"


def at(day: int, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(2026, 11, day, hour))


@pytest.fixture
def november(owner, stranger, clock):
    acme = make_application(
        owner,
        employer="Acme Ltd",
        role_title="Data Analyst",
        source="Indeed",
        date_applied=D(2026, 11, 3),
        status="rejected",
    )
    interview = make_interview(
        acme, scheduled_at=at(10), outcome="rejected", outcome_date=D(2026, 11, 12)
    )
    make_feedback_request(
        interview,
        status=FeedbackRequest.Status.FOLLOWED_UP,
        requested_on=D(2026, 11, 13),
        follow_up_due=D(2026, 11, 27),
    )
    make_application(
        owner,
        employer="Brightwater",
        role_title="Junior Analyst",
        source="LinkedIn",
        date_applied=D(2026, 11, 25),
    )
    make_application(owner, employer="October Co", date_applied=D(2026, 10, 31))
    make_application(
        owner, employer="Private Firm", date_applied=D(2026, 11, 5), kept_out_of_work_search=True
    )
    hidden = make_application(owner, employer="Half Private", date_applied=D(2026, 10, 5))
    make_interview(hidden, scheduled_at=at(6), kept_out_of_work_search=True)
    make_application(stranger, employer="Someone Else's", date_applied=D(2026, 11, 4))


def test_the_page_lists_the_range_in_words(owner_client, november):
    page = owner_client.get(f"/records/work-search/{NOVEMBER}").text
    assert "Work search record for Olivia Owner, 1–30 November 2026" in page
    assert "2 applications, 1 interview, 1 request for feedback, 1 follow-up." in page
    rows = [
        "<td>3 Nov 2026</td><td>Applied</td><td>Acme Ltd</td><td>Data Analyst</td>"
        "<td>Indeed</td><td>Not successful</td>",
        "<td>10 Nov 2026</td><td>Interview: first interview (video)</td><td>Acme Ltd</td>",
        "<td>13 Nov 2026</td><td>Asked for feedback (email)</td><td>Acme Ltd</td>",
        "<td>20 Nov 2026</td><td>Followed up the request for feedback</td><td>Acme Ltd</td>",
        "<td>25 Nov 2026</td><td>Applied</td><td>Brightwater</td><td>Junior Analyst</td>"
        "<td>LinkedIn</td><td>Waiting to hear</td>",
    ]
    positions = [page.index(row) for row in rows]
    assert positions == sorted(positions)
    for absent in ["October Co", "Private Firm", "Half Private", "Someone Else"]:
        assert absent not in page


def test_the_pdf_reads_as_the_page(owner_client, november, tmp_path):
    response = owner_client.get(f"/records/work-search/pdf/{NOVEMBER}")
    assert response["Content-Type"] == "application/pdf"
    assert (
        'filename="work-search-record-2026-11-01-to-2026-11-30.pdf"'
        in response["Content-Disposition"]
    )
    pdf = tmp_path / "record.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    text = " ".join(text.split())  # a cell's text wraps onto lines of its own
    assert "Work search record for Olivia Owner, 1–30 November 2026" in text
    assert "Followed up the request for feedback" in text
    assert "Brightwater Junior Analyst" in text
    assert "Private Firm" not in text


def test_the_csv_has_one_row_an_activity(owner_client, november):
    response = owner_client.get(f"/records/work-search/csv/{NOVEMBER}")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Work search record for Olivia Owner, 1–30 November 2026"]
    assert rows[1] == ["Date", "What I did", "Employer", "Role", "How I found it", "Outcome"]
    assert rows[2] == [
        "2026-11-03",
        "Applied",
        "Acme Ltd",
        "Data Analyst",
        "Indeed",
        "Not successful",
    ]
    assert len(rows) == 2 + 5


def test_the_last_fortnight_is_shown_without_a_choice(owner_client, november):
    page = owner_client.get("/records/work-search/").text
    assert "Work search record for Olivia Owner, 19 November – 2 December 2026" in page
    assert "<td>Brightwater</td>" in page
    assert "<td>Followed up the request for feedback</td><td>Acme Ltd</td>" in page


def test_a_bad_range_is_explained_next_to_the_field(owner_client, november):
    response = owner_client.get("/records/work-search/?start=2026-11-30&end=2026-11-01")
    assert errors_for(response, "To") == ["The end of the range cannot be before its start."]
    assert "Work search record for" not in response.text
    assert owner_client.get("/records/work-search/pdf/?start=x&end=2026-11-01").status_code == 200


def test_the_record_costs_a_fixed_number_of_queries(
    owner_client, owner, november, django_assert_max_num_queries
):
    for day in range(1, 29):
        application = make_application(owner, employer=f"Firm {day}", date_applied=D(2026, 11, day))
        make_feedback_request(
            make_interview(application, scheduled_at=at(day)), requested_on=D(2026, 11, day)
        )
    with django_assert_max_num_queries(8):
        owner_client.get(f"/records/work-search/{NOVEMBER}")


def test_it_needs_signing_in(client):
    response = client.get("/records/work-search/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
