"""Each layout Debrief knows is recognised, its columns matched, its statuses and dates read, and
its rows imported as the preview said: Huntr's, Teal's and LinkedIn's exports, and a spreadsheet
with Debrief's column names (CSV and Excel)."""

import datetime

import pytest

from debrief.models import Application, ImportBatch, Interview
from tests.import_helpers import latest_import, sample, upload, upload_and_confirm, workbook
from tests.reminder_helpers import run_worker

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.frozen_at("2026-11-20 12:00")]


def imported(owner) -> dict[str, tuple]:
    return {
        a.employer: (a.role_title, a.date_applied, a.status, a.source)
        for a in Application.objects.for_user(owner)
    }


def test_it_recognises_huntr_and_imports_its_lists_as_statuses(owner_client, owner, clock):
    upload_and_confirm(owner_client, "huntr-export.csv", sample("huntr.csv"))
    batch = latest_import()
    assert batch.layout == ImportBatch.Layout.HUNTR
    run_worker()
    assert imported(owner) == {
        "Acme Ltd": ("Data Analyst", datetime.date(2026, 10, 2), "applied", ""),
        "Brightwater": ("Junior Analyst", datetime.date(2026, 10, 4), "interviewing", ""),
        "Corvid & Co": ("Insight Analyst", datetime.date(2026, 10, 6), "rejected", ""),
    }
    acme = Application.objects.get(employer="Acme Ltd")
    assert (acme.location, acme.job_url, acme.salary, acme.notes) == (
        "Leeds",
        "https://jobs.example.com/acme/1",
        "£32,000",
        "Referred by Sam",
    )
    corvid = Interview.objects.get(application__employer="Corvid & Co")
    assert corvid.outcome == Interview.Outcome.REJECTED
    assert Interview.objects.get(application__employer="Brightwater").outcome == "awaiting"
    batch.refresh_from_db()
    assert (batch.status, batch.done, batch.total) == ("done", 3, 3)


def test_the_preview_shows_every_row_and_the_status_mapping(owner_client, owner, clock):
    upload(owner_client, "teal.csv", sample("teal.csv"))
    batch = latest_import()
    assert batch.layout == ImportBatch.Layout.TEAL
    page = owner_client.get(f"/applications/import/{batch.pk}/preview/").text
    assert "Nothing has been saved yet. 5 of 6 rows will become applications." in page
    for line in range(2, 8):
        assert f'id="line-{line}"' in page
    assert "<td>Not Selected</td><td>Rejected</td>" in page
    assert "<td>I Withdrew</td><td>Withdrawn (I withdrew)</td>" in page
    assert "Left out: “Bookmarked” means not applied yet" in page
    assert "Import 5 applications, leave out 1 row" in page
    assert not Application.objects.exists()


def test_it_imports_teal_with_dates_in_words(owner_client, owner, clock):
    upload_and_confirm(owner_client, "teal.csv", sample("teal.csv"))
    run_worker()
    assert imported(owner)["Fenwick"] == (
        "Data Engineer",
        datetime.date(2026, 10, 10),
        "no_response",
        "",
    )
    assert Application.objects.get(employer="Acme Ltd").salary == "34000"
    assert len(imported(owner)) == 5


def test_it_reads_linkedins_us_dates_and_names_linkedin_as_the_source(owner_client, owner, clock):
    upload_and_confirm(owner_client, "Job Applications.csv", sample("linkedin.csv"))
    assert latest_import().day_first is False
    run_worker()
    assert imported(owner) == {
        "Acme Ltd": ("Data Analyst", datetime.date(2026, 10, 2), "applied", "LinkedIn"),
        "Brightwater": ("Junior Analyst", datetime.date(2026, 10, 13), "applied", "LinkedIn"),
    }


def test_it_reads_a_plain_spreadsheet_with_uk_and_iso_dates(owner_client, owner, clock):
    upload_and_confirm(owner_client, "my applications.csv", sample("plain.csv"))
    assert latest_import().layout == ImportBatch.Layout.PLAIN
    run_worker()
    assert imported(owner) == {
        "Acme Ltd": ("Data Analyst", datetime.date(2026, 10, 2), "applied", "Indeed"),
        "Brightwater": (
            "Junior Analyst",
            datetime.date(2026, 10, 4),
            "interviewing",
            "Company website",
        ),
        "Corvid & Co": ("Insight Analyst", datetime.date(2026, 10, 6), "rejected", "Referral"),
    }
    acme = Application.objects.get(employer="Acme Ltd")
    assert acme.closing_date == datetime.date(2026, 10, 31)
    interview = Interview.objects.get(application__employer="Brightwater")
    assert interview.scheduled_at == datetime.datetime(2026, 10, 20, 13, 0, tzinfo=datetime.UTC)
    assert list(acme.status_changes.values_list("status", "changed_on")) == [
        ("applied", datetime.date(2026, 10, 2))
    ]


def test_it_reads_an_excel_workbook(owner_client, owner, clock):
    content = workbook(
        [
            ["Employer", "Role title", "Date applied", "Status"],
            ["Acme Ltd", "Data Analyst", datetime.datetime(2026, 10, 2), "Applied"],
            ["Brightwater", "Junior Analyst", "04/10/2026", "Offer"],
        ]
    )
    upload_and_confirm(owner_client, "tracker.xlsx", content)
    run_worker()
    assert imported(owner) == {
        "Acme Ltd": ("Data Analyst", datetime.date(2026, 10, 2), "applied", ""),
        "Brightwater": ("Junior Analyst", datetime.date(2026, 10, 4), "offer", ""),
    }


def test_the_person_can_change_the_mapping(owner_client, owner, clock):
    content = b"Firm,Job,When,Where\nAcme Ltd,Data Analyst,02/10/2026,Leeds\n"
    upload(owner_client, "odd.csv", content)
    batch = latest_import()
    page = owner_client.get(f"/applications/import/{batch.pk}/")
    assert "This looks like a <strong>spreadsheet</strong> with 1 row" in page.text
    response = owner_client.post(f"/applications/import/{batch.pk}/", {"date_order": "day"})
    assert response.status_code == 200
    assert "Choose the column that holds the employer" in response.text
    response = owner_client.post(
        f"/applications/import/{batch.pk}/",
        {
            "employer": "0",
            "role_title": "1",
            "date_applied": "2",
            "location": "0",
            "date_order": "day",
        },
    )
    assert "That column is already the employer" in response.text
    owner_client.post(
        f"/applications/import/{batch.pk}/",
        {
            "employer": "0",
            "role_title": "1",
            "date_applied": "2",
            "location": "3",
            "date_order": "day",
        },
    )
    owner_client.post(f"/applications/import/{batch.pk}/confirm/")
    run_worker()
    application = Application.objects.get()
    assert (application.employer, application.location) == ("Acme Ltd", "Leeds")
