"""Nothing is saved until the person confirms; confirming twice (a double click, another tab, Back)
imports once; a duplicate task imports nothing; rows already in the record are left out."""

import pytest
from crontask import scheduler
from django_tasks_db.models import DBTaskResult

from debrief.models import Application, DashboardCount, ImportBatch
from debrief.services import importing
from tests.adviser_helpers import sign_in_verified
from tests.factories import grant_access, make_application
from tests.import_helpers import latest_import, sample, upload, upload_and_confirm
from tests.reminder_helpers import run_worker

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.frozen_at("2026-11-20 12:00")]


def test_nothing_is_saved_before_the_confirmation(owner_client, clock):
    upload(owner_client, "plain.csv", sample("plain.csv"))
    batch = latest_import()
    owner_client.get(f"/applications/import/{batch.pk}/preview/")
    run_worker()
    assert not Application.objects.exists()
    assert not DBTaskResult.objects.exists()
    assert batch.status == ImportBatch.Status.DRAFT


def test_confirming_twice_imports_once(owner_client, owner, clock):
    batch = upload_and_confirm(owner_client, "plain.csv", sample("plain.csv"))
    again = owner_client.post(f"/applications/import/{batch.pk}/confirm/", follow=True)
    assert "This file was imported already: nothing was imported twice." in again.text
    assert DBTaskResult.objects.count() == 1
    run_worker()
    # A duplicate task for the same import (a retried delivery) finds it taken.
    assert importing.run_import(batch.pk) == 0
    assert Application.objects.for_user(owner).count() == 3
    assert DashboardCount.application_statuses(owner) == {
        "applied": 1,
        "interviewing": 1,
        "rejected": 1,
    }


def test_the_progress_page_refreshes_itself_until_the_import_is_done(owner_client, clock):
    batch = upload_and_confirm(owner_client, "plain.csv", sample("plain.csv"))
    waiting = owner_client.get(f"/applications/import/{batch.pk}/")
    assert '<meta http-equiv="refresh" content="3">' in waiting.text
    assert "Waiting to start: 0 of 3 applications so far." in waiting.text
    run_worker()
    done = owner_client.get(f"/applications/import/{batch.pk}/")
    assert "http-equiv" not in done.text
    assert "3 applications added to your record." in done.text


def test_the_same_file_again_leaves_out_what_is_already_there(owner_client, owner, clock):
    upload_and_confirm(owner_client, "plain.csv", sample("plain.csv"))
    run_worker()
    make_application(owner, employer="Elm", role_title="Analyst")
    upload(owner_client, "plain.csv", sample("plain.csv"))
    page = owner_client.get(f"/applications/import/{latest_import().pk}/preview/").text
    assert page.count("Left out: Already in your record") == 3
    assert "/confirm/" not in page
    response = owner_client.post(f"/applications/import/{latest_import().pk}/confirm/", follow=True)
    assert "No row of this file can be imported" in response.text
    assert Application.objects.for_user(owner).count() == 4


def test_a_row_repeated_in_the_file_is_imported_once(owner_client, owner, clock):
    content = (
        b"Employer,Role title,Date applied\nAcme,Analyst,02/10/2026\nACME,analyst,2026-10-02\n"
    )
    upload(owner_client, "twice.csv", content)
    page = owner_client.get(f"/applications/import/{latest_import().pk}/preview/").text
    assert "Left out: The same application as line 2." in page


def test_rows_with_errors_say_what_is_wrong_and_are_left_out(owner_client, owner, clock):
    content = (
        "Employer,Role title,Date applied,Closing date,Job link\n"
        ",Analyst,02/10/2026,,\n"
        "Acme,Analyst,31/02/2026,,\n"
        "Acme,Analyst,02/10/2026,01/10/2026,\n"
        "Acme,Analyst,02/12/2026,,\n"
        "Acme,Analyst,02/10/2026,,not a link\n"
        "Acme,Analyst,someday,,\n"
        f"{'A' * 201},Analyst,02/10/2026,,\n"
        "Kept,Analyst,02/10/2026,,\n"
    ).encode()
    upload_and_confirm(owner_client, "errors.csv", content)
    page = owner_client.get(f"/applications/import/{latest_import().pk}/")
    run_worker()
    batch = latest_import()
    plan = {row.line: row.error for row in importing.plan(batch).rows}
    assert plan == {
        2: "No employer: this row has it empty.",
        3: "“31/02/2026” is not a date on the calendar.",
        4: "The closing date cannot be before the date you applied.",
        5: "The date applied (2 Dec 2026) is in the future.",
        6: "The job link “not a link” is not a web address (https://…).",
        7: "“someday” is not a date Debrief can read: write it as 03/11/2026 or 2026-11-03.",
        8: "Employer is longer than 200 characters.",
        9: "",
    }
    assert page.status_code == 200
    assert list(Application.objects.values_list("employer", flat=True)) == ["Kept"]


def test_another_person_cannot_see_or_confirm_an_import(owner_client, client, stranger, clock):
    upload(owner_client, "plain.csv", sample("plain.csv"))
    batch = latest_import()
    client.force_login(stranger)
    for url in ["", "preview/"]:
        assert client.get(f"/applications/import/{batch.pk}/{url}").status_code == 404
    for url in ["", "confirm/", "undo/"]:
        assert client.post(f"/applications/import/{batch.pk}/{url}").status_code == 404
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DRAFT


def test_an_adviser_cannot_see_a_clients_import(owner_client, client, owner, adviser, clock):
    grant_access(owner, adviser)
    upload(owner_client, "plain.csv", sample("plain.csv"))
    sign_in_verified(client, adviser)
    assert client.get(f"/applications/import/{latest_import().pk}/").status_code == 404


def test_a_file_never_imported_is_deleted_after_a_week(owner_client, owner, clock):
    upload(owner_client, "plain.csv", sample("plain.csv"))
    confirmed = upload_and_confirm(owner_client, "teal.csv", sample("teal.csv"))
    clock.move_to("2026-11-27 11:59")
    assert importing.delete_stale_drafts() == 0
    clock.move_to("2026-11-27 12:01")
    assert importing.delete_stale_drafts() == 1
    assert list(ImportBatch.objects.values_list("pk", flat=True)) == [confirmed.pk]


def test_the_scheduler_deletes_them_nightly():
    jobs = {job.name: str(job.trigger) for job in scheduler.get_jobs()}
    assert "hour='3', minute='43'" in jobs["delete_stale_import_drafts"]
