"""The derived stores' triggers are declared for every table a store reads, and what is installed
in the database is what the code renders (a store's SQL edited without a migration shows up
here as OUTDATED, a trigger dropped by hand as UNINSTALLED)."""

import pgtrigger
import pytest

from debrief.summaries.stores import STORES
from debrief.summaries.triggers import EVENTS, KeepSummaries

pytestmark = pytest.mark.django_db


def test_every_table_a_store_reads_has_its_triggers_declared():
    declared = {
        (model._meta.db_table, trigger.event)
        for model, trigger in pgtrigger.registered()
        if isinstance(trigger, KeepSummaries)
    }
    wanted = {
        (table, event) for store in STORES.values() for table in store.TABLES for event in EVENTS
    }
    assert wanted - declared == set()
    assert declared - wanted == set()


def test_the_installed_triggers_are_the_declared_ones():
    status = {
        trigger.get_uri(model): trigger.get_installation_status(model)[0]
        for model, trigger in pgtrigger.registered()
    }
    assert status
    assert {uri: state for uri, state in status.items() if state != "INSTALLED"} == {}
