"""The record-version triggers cover every table the cached figures read, and see a row's old
owner as well as its new one."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from debrief.models import ActionItem, Application, FeedbackRequest, RecordVersion, StarAnswer
from debrief.services.dashboard import figures_and_attention
from debrief.services.preparation import preparation_figures
from tests.factories import (
    make_action_item,
    make_application,
    make_feedback_request,
    make_interview,
    make_star_answer,
)
from tests.test_cache_plain_data import fill_record

pytestmark = pytest.mark.django_db

# What follows FROM or JOIN: a table, or a name the query gave (a CTE), told apart below.
SOURCE = re.compile(r'\b(?:FROM|JOIN)\s+"?([a-z_]+)"?', re.IGNORECASE)


def tables_read(compute) -> set[str]:
    """Every table the SQL that `compute` runs reads from."""
    with CaptureQueriesContext(connection) as captured:
        compute()
    named = {name for query in captured.captured_queries for name in SOURCE.findall(query["sql"])}
    return named & set(connection.introspection.table_names())


# The statement-level AFTER triggers whose function writes a table, as installed.
TRIGGERS_WRITING = """
SELECT tr.event_object_table, tr.event_manipulation FROM information_schema.triggers AS tr
JOIN pg_trigger AS t ON t.tgname = tr.trigger_name
JOIN pg_proc AS p ON p.oid = t.tgfoid
WHERE tr.action_orientation = 'STATEMENT' AND tr.action_timing = 'AFTER'
  AND p.prosrc LIKE '%%INSERT INTO ' || %s || ' %%'
"""


def triggers_writing(store: str) -> dict[str, set[str]]:
    """For each table: the events whose trigger writes `store`."""
    with connection.cursor() as cursor:
        cursor.execute(TRIGGERS_WRITING, [store])
        found = {}
        for table, event in cursor.fetchall():
            found.setdefault(table, set()).add(event)
        return found


def triggered_events(table: str) -> set[str]:
    return triggers_writing("debrief_recordversion").get(table, set())


def test_every_table_the_cached_figures_read_bumps_the_record_version(owner, adviser):
    upcoming = fill_record(owner, adviser)
    today = timezone.localdate()
    tables = tables_read(lambda: figures_and_attention(owner, today, timezone.now())) | tables_read(
        lambda: preparation_figures(upcoming, today)
    )

    # What the dashboard and the preparation sheet summarise, found in their own SQL.
    assert {
        "debrief_application",
        "debrief_interview",
        "debrief_debrief",
        "debrief_debriefquestion",
        "debrief_feedbackrequest",
        "debrief_staranswer",
        "debrief_actionitem",
    } <= tables
    untriggered = {
        table: triggered_events(table)
        for table in tables - KEPT_BY_TRIGGERS
        if triggered_events(table) != {"INSERT", "UPDATE", "DELETE"}
    }
    assert untriggered == {}


# Written only by the triggers of other tables: a change to them is a change to those tables,
# which bump the version themselves (checked below).
KEPT_BY_TRIGGERS = {"debrief_dashboardcount"}


def test_every_table_that_moves_the_kept_counts_bumps_the_record_version():
    writers = set(triggers_writing("debrief_dashboardcount"))

    assert {"debrief_application", "debrief_debriefquestion", "debrief_actionitem"} <= writers
    assert {table: triggered_events(table) for table in writers} == {
        table: {"INSERT", "UPDATE", "DELETE"} for table in writers
    }


def version(user) -> int:
    return RecordVersion.objects.filter(user=user).values_list("version", flat=True).first() or 0


def test_moving_an_application_to_another_owner_bumps_both(owner, stranger):
    application = make_application(owner)
    before = version(owner), version(stranger)

    Application.objects.filter(pk=application.pk).update(owner=stranger)

    assert version(owner) > before[0]
    assert version(stranger) > before[1]


@pytest.mark.parametrize("model", [StarAnswer, ActionItem])
def test_moving_an_owned_row_to_another_owner_bumps_both(owner, stranger, model):
    row = make_star_answer(owner) if model is StarAnswer else make_action_item(owner)
    before = version(owner), version(stranger)

    model.objects.filter(pk=row.pk).update(owner=stranger)

    assert (version(owner) > before[0], version(stranger) > before[1]) == (True, True)


def test_moving_a_feedback_request_to_another_owners_interview_bumps_both(owner, stranger):
    request = make_feedback_request(make_interview(make_application(owner)))
    theirs = make_interview(make_application(stranger))
    before = version(owner), version(stranger)

    FeedbackRequest.objects.filter(pk=request.pk).update(interview=theirs)

    assert version(owner) > before[0]
    assert version(stranger) > before[1]


def test_the_old_owners_dashboard_drops_a_moved_application_on_the_next_visit(
    owner_client, owner, stranger
):
    make_application(owner, employer="Acme")
    moved = make_application(owner, employer="Initech")
    assert "2 applications" in owner_client.get(reverse("debrief:dashboard")).text

    Application.objects.filter(pk=moved.pk).update(owner=stranger)

    assert "1 application," in owner_client.get(reverse("debrief:dashboard")).text
