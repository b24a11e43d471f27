"""Migration 0026 keeps old answers readable: "clear enough" is folded into the outcome, ended
requests get the outcome their status allows, and a follow-up gets its day."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("debrief", "0025_devices_sessions_shared_addresses")]
AFTER = [("debrief", "0026_silence_evidence_answers")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    if targets is None:
        targets = executor.loader.graph.leaf_nodes("debrief")
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def newest():
    """The newest migrations, for the tests that follow (the database is kept between tests)."""
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def test_old_answers_are_read_as_one_answer():
    apps = migrate(BEFORE)
    try:
        User = apps.get_model("debrief", "User")
        Application = apps.get_model("debrief", "Application")
        Interview = apps.get_model("debrief", "Interview")
        FeedbackRequest = apps.get_model("debrief", "FeedbackRequest")
        user = User.objects.create(email="old@example.com", display_name="Old")
        application = Application.objects.create(owner=user, employer="E", role_title="R")
        day = datetime.date(2026, 3, 1)

        def request(**fields):
            interview = Interview.objects.create(
                application=application,
                owner=user,
                scheduled_at=datetime.datetime(2026, 2, 20, 10, tzinfo=datetime.UTC),
            )
            return FeedbackRequest.objects.create(
                interview=interview, requested_on=day, **fields
            ).pk

        vague = request(status="received", received_on=day, clear_enough=False)
        clear = request(status="received", received_on=day, clear_enough=True)
        unsaid = request(status="received", received_on=day, clear_enough=None)
        declined = request(status="declined")
        silent = request(status="no_response")
        followed = request(status="followed_up", follow_up_due=day + datetime.timedelta(days=10))
    finally:
        apps = migrate(AFTER)
    try:
        FeedbackRequest = apps.get_model("debrief", "FeedbackRequest")
        outcomes = dict(FeedbackRequest.objects.values_list("pk", "outcome"))
        assert outcomes[vague] == "vague"
        assert outcomes[clear] == "specific"
        assert outcomes[unsaid] == "specific"
        assert outcomes[declined] == "declined"
        assert outcomes[silent] == "no_answer"
        assert FeedbackRequest.objects.get(pk=followed).followed_up_on == datetime.date(2026, 3, 4)
    finally:
        migrate(newest())
