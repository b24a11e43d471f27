"""An import and its undo leave the dashboard's kept figures (DashboardCount) equal to the figures
recounted from the records: the bulk inserts and the undo's cascade fire the statement-level
triggers like any other write."""

import pytest

from tests.import_helpers import sample, upload_and_confirm
from tests.reminder_helpers import run_worker
from tests.test_dashboard_counts import assert_in_step

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.frozen_at("2026-11-20 12:00")]


def test_kept_figures_equal_the_recount_after_import_and_undo(owner_client, owner, clock):
    for name in ["huntr.csv", "plain.csv"]:
        upload_and_confirm(owner_client, name, sample(name))
    run_worker()
    assert_in_step(owner)
    batch = upload_and_confirm(owner_client, "teal.csv", sample("teal.csv"))
    run_worker()
    assert_in_step(owner)
    owner_client.post(f"/applications/import/{batch.pk}/undo/")
    assert_in_step(owner)
