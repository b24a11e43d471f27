"""An import is undone as a whole within 7 days of finishing: every application it created goes
(with their interviews and stage history), nothing else does, and the kept counts follow."""

import datetime

import pytest

from debrief.models import Application, DashboardCount, ImportBatch, Interview, StatusChange
from tests.factories import make_application
from tests.import_helpers import sample, upload_and_confirm
from tests.reminder_helpers import run_worker

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.frozen_at("2026-11-20 12:00")]


@pytest.fixture
def imported(owner_client, owner, clock) -> ImportBatch:
    make_application(owner, employer="Typed by hand", date_applied=datetime.date(2026, 9, 1))
    batch = upload_and_confirm(owner_client, "plain.csv", sample("plain.csv"))
    run_worker()
    assert Application.objects.for_user(owner).count() == 4
    return batch


def test_undo_deletes_what_the_import_created_and_nothing_else(owner_client, owner, imported):
    page = owner_client.get(f"/applications/import/{imported.pk}/").text
    assert "You can undo until 27 Nov 2026, 12:00." in page
    response = owner_client.post(f"/applications/import/{imported.pk}/undo/", follow=True)
    assert "Import undone: 3 applications deleted." in response.text
    assert list(Application.objects.values_list("employer", flat=True)) == ["Typed by hand"]
    assert not Interview.objects.exists()
    assert StatusChange.objects.count() == 1
    assert DashboardCount.application_statuses(owner) == {"applied": 1}
    again = owner_client.post(f"/applications/import/{imported.pk}/undo/", follow=True)
    assert "This import was undone already." in again.text


def test_undo_is_refused_after_7_days(owner_client, owner, imported, clock):
    clock.move_to("2026-11-27 12:01")
    page = owner_client.get(f"/applications/import/{imported.pk}/").text
    assert "Undo this import" not in page
    response = owner_client.post(f"/applications/import/{imported.pk}/undo/", follow=True)
    assert "An import can be undone for 7 days after it finished" in response.text
    assert Application.objects.for_user(owner).count() == 4


def test_undo_takes_what_was_added_to_imported_applications(owner_client, owner, imported):
    application = Application.objects.get(employer="Acme Ltd")
    application.change_status(Application.Status.REJECTED)
    owner_client.post(f"/applications/import/{imported.pk}/undo/")
    assert not Application.objects.filter(employer="Acme Ltd").exists()
    assert DashboardCount.application_statuses(owner) == {"applied": 1}
