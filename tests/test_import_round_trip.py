"""The export's import-ready CSV imports into a new account as the same applications, with the
same interview times: export → import → same records."""

import datetime
import io
import json
import zipfile

import pytest
from django.utils import timezone

from debrief.models import Application, ImportBatch, Interview
from debrief.services.export_csv import APPLICATION_COLUMNS
from tests.factories import make_application, make_interview, make_user
from tests.import_helpers import DATA, upload_and_confirm
from tests.reminder_helpers import run_worker

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.frozen_at("2026-11-20 12:00")]

# Every field the export writes for an application comes back.
FIELDS = [name for name, _ in APPLICATION_COLUMNS]


def record(user) -> list[tuple]:
    applications = Application.objects.for_user(user).order_by("employer")
    return [
        (
            *(getattr(application, name) for name in FIELDS),
            [
                interview.scheduled_at
                for interview in Interview.objects.filter(application=application).order_by(
                    "scheduled_at"
                )
            ],
        )
        for application in applications
    ]


def when(day: int, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(2026, 11, day, hour, 30))


def test_an_exported_record_imports_into_a_new_account_unchanged(client, owner, clock):
    make_application(
        owner,
        employer="Café Noir",
        role_title="Barista, then shift lead",
        location="Leeds",
        job_url="https://jobs.example.com/cafe?ref=1&x=2",
        source="Indeed",
        date_applied=datetime.date(2026, 10, 2),
        closing_date=datetime.date(2026, 10, 31),
        salary="£30,000",
        notes='-Line one\n"Quoted" line two',
    )
    for status in Application.Status.values:
        make_application(
            owner,
            employer=f"Firm {status}",
            status=status,
            date_applied=datetime.date(2026, 9, 14),
        )
    two_rounds = make_application(owner, employer="=Twice", status=Application.Status.REJECTED)
    make_interview(two_rounds, scheduled_at=when(3, 9), outcome="progressed")
    make_interview(two_rounds, scheduled_at=when(10, 14), outcome="rejected")

    client.force_login(owner)
    archive = zipfile.ZipFile(io.BytesIO(client.post("/settings/export/").content))
    exported = archive.read("import-ready.csv")

    newcomer = make_user("new@example.com", "Nia Newcomer")
    client.force_login(newcomer)
    upload_and_confirm(client, "import-ready.csv", exported)
    assert ImportBatch.objects.get().layout == ImportBatch.Layout.PLAIN
    run_worker()
    assert record(newcomer) == record(owner)
    assert len(record(newcomer)) == 2 + len(Application.Status.values)


def test_the_export_names_the_imports_and_what_is_kept_out(client, owner, clock):
    make_application(owner, employer="Private", kept_out_of_work_search=True)
    client.force_login(owner)
    upload_and_confirm(client, "teal.csv", (DATA / "teal.csv").read_bytes())
    run_worker()
    archive = zipfile.ZipFile(io.BytesIO(client.post("/settings/export/").content))
    data = json.loads(archive.read("data.json"))
    [batch] = data["imports"]
    assert (batch["file_name"], batch["layout"], batch["status"], batch["done"]) == (
        "teal.csv",
        "teal",
        "done",
        5,
    )
    kept_out = {a["employer"]: a["kept_out_of_work_search"] for a in data["applications"]}
    assert kept_out["Private"] is True
    assert kept_out["Fenwick"] is False
