"""Each job seeker's caseload figures (CaseloadFigures), kept by statement-level triggers.

Every INSERT, UPDATE or DELETE on applications, interviews, debriefs, feedback requests, STAR
answers and actions finds the job seekers its rows belong to, as they were and as they are, and
recomputes, from the source rows, the parts of their rows that table changes (TABLES: a new
application recounts the applications and re-ranks the outcomes, it does not re-read every
debrief). An edit, a deletion, a row moved to another owner, a bulk statement or a change in a
related table (an application's status changes which outcome its interview ranks) leave the
figures exact, whatever the code path. Each part reads one job seeker's rows along an index: a
count, a latest `updated_at`, the outcome a caseload row names (two index scans, LIMIT 1).
A debrief or feedback request finds its owner through its interview; when the interview went in
the same statement (a cascade), the interview's own trigger recomputes that owner.
`debrief_rebuild_caseload_figures()` recomputes everyone (the backfill here; the benchmark after
seeding with the triggers off).
"""

import django.contrib.postgres.fields
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# Each part of a job seeker's row: its columns, and the SQL of each for the job seeker `u.id`.
PARTS = {
    "applications": {
        "applications": "(SELECT count(*) FROM debrief_application WHERE owner_id = u.id)",
        "last_application_at": (
            "(SELECT max(updated_at) FROM debrief_application WHERE owner_id = u.id)"
        ),
    },
    "interviews": {
        "last_interview_at": (
            "(SELECT max(updated_at) FROM debrief_interview WHERE owner_id = u.id)"
        ),
    },
    # The outcome a caseload row names: an offer whose application is still at offer or
    # accepted outranks every other outcome; then the latest decision (outcome date, latest
    # first, undated last; then the interview's time; then the latest row).
    "outcome": {
        "latest_outcome_id": """coalesce(
            (SELECT i.id FROM debrief_interview AS i
             JOIN debrief_application AS a ON a.id = i.application_id
             WHERE i.owner_id = u.id AND i.outcome = 'offer' AND a.status IN ('offer', 'accepted')
             ORDER BY i.outcome_date DESC NULLS LAST, i.scheduled_at DESC, i.id DESC LIMIT 1),
            (SELECT i.id FROM debrief_interview AS i
             WHERE i.owner_id = u.id AND i.outcome <> 'awaiting'
             ORDER BY i.outcome_date DESC NULLS LAST, i.scheduled_at DESC, i.id DESC LIMIT 1))""",
    },
    "debriefs": {
        "last_debrief_at": """(SELECT max(d.updated_at) FROM debrief_interview AS i
            JOIN debrief_debrief AS d ON d.interview_id = i.id WHERE i.owner_id = u.id)""",
    },
    "feedback": {
        "last_feedback_at": """(SELECT max(f.updated_at) FROM debrief_interview AS i
            JOIN debrief_feedbackrequest AS f ON f.interview_id = i.id WHERE i.owner_id = u.id)""",
        # follow_up_overdue_condition without the day: the requests still awaiting a reply.
        "follow_ups_due": """ARRAY(SELECT f.follow_up_due FROM debrief_interview AS i
            JOIN debrief_feedbackrequest AS f ON f.interview_id = i.id
            WHERE i.owner_id = u.id AND f.status IN ('requested', 'followed_up')
              AND f.follow_up_due IS NOT NULL
            ORDER BY f.follow_up_due)""",
    },
    "actions": {
        "open_actions": (
            "(SELECT count(*) FROM debrief_actionitem WHERE owner_id = u.id AND status = 'open')"
        ),
        "last_action_at": "(SELECT max(updated_at) FROM debrief_actionitem WHERE owner_id = u.id)",
    },
    "answers": {
        "last_answer_at": "(SELECT max(updated_at) FROM debrief_staranswer WHERE owner_id = u.id)",
    },
}
NOTHING = {"applications": "0", "open_actions": "0", "follow_ups_due": "'{}'::date[]"}

# Each table: the parts its rows change, and how a set of its rows `{rows}` names the job
# seekers they belong to. An interview moved to another owner takes its debrief and feedback.
TABLES = {
    "debrief_application": (("applications", "outcome"), "SELECT owner_id FROM {rows}"),
    "debrief_interview": (
        ("interviews", "outcome", "debriefs", "feedback"),
        "SELECT owner_id FROM {rows}",
    ),
    "debrief_debrief": (
        ("debriefs",),
        "SELECT i.owner_id FROM {rows} AS r JOIN debrief_interview AS i ON i.id = r.interview_id",
    ),
    "debrief_feedbackrequest": (
        ("feedback",),
        "SELECT i.owner_id FROM {rows} AS r JOIN debrief_interview AS i ON i.id = r.interview_id",
    ),
    "debrief_actionitem": (("actions",), "SELECT owner_id FROM {rows}"),
    "debrief_staranswer": (("answers",), "SELECT owner_id FROM {rows}"),
}


def refresh_function(name: str, parts: tuple[str, ...]) -> str:
    """A function recomputing `parts` of the given job seekers' rows (a row made for one who
    had none starts with nothing in the other parts: every write makes the row, so they had
    nothing there)."""
    columns = [column for part in PARTS.values() for column in part]
    values = []
    for column in columns:
        part = next(p for p, cs in PARTS.items() if column in cs)
        values.append(PARTS[part][column] if part in parts else NOTHING.get(column, "NULL"))
    updates = [f"{column} = excluded.{column}" for part in parts for column in PARTS[part]]
    return f"""
CREATE FUNCTION {name}(owners bigint[]) RETURNS void LANGUAGE sql AS $$
    INSERT INTO debrief_caseloadfigures AS kept (client_id, {", ".join(columns)})
    SELECT u.id, {", ".join(values)}
    FROM debrief_user AS u
    WHERE u.id = ANY(owners)
    -- One order for every statement, so concurrent writers lock the rows in the same order.
    ORDER BY u.id
    ON CONFLICT (client_id) DO UPDATE SET {", ".join(updates)};
$$;
"""


FUNCTION = """
CREATE FUNCTION {table}_refreshes_caseload() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM {table}_caseload_parts(ARRAY({new}));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM {table}_caseload_parts(ARRAY({old}));
    ELSE
        PERFORM {table}_caseload_parts(ARRAY({new} UNION {old}));
    END IF;
    RETURN NULL;
END $$;
"""

TRANSITIONS = {
    "insert": "NEW TABLE AS new_rows",
    "update": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "delete": "OLD TABLE AS old_rows",
}

TRIGGER = """
CREATE TRIGGER {table}_{event}_refreshes_caseload
AFTER {EVENT} ON {table}
REFERENCING {transitions}
FOR EACH STATEMENT EXECUTE FUNCTION {table}_refreshes_caseload();
"""

REBUILD = """
CREATE FUNCTION debrief_rebuild_caseload_figures() RETURNS void LANGUAGE sql AS $$
    SELECT debrief_refresh_caseload_figures(ARRAY(SELECT id FROM debrief_user));
$$;
"""


def create_triggers() -> str:
    statements = [refresh_function("debrief_refresh_caseload_figures", tuple(PARTS)), REBUILD]
    for table, (parts, owners) in TABLES.items():
        statements.append(refresh_function(f"{table}_caseload_parts", parts))
        statements.append(
            FUNCTION.format(
                table=table,
                new=owners.format(rows="new_rows"),
                old=owners.format(rows="old_rows"),
            )
        )
        for event, transitions in TRANSITIONS.items():
            statements.append(
                TRIGGER.format(
                    table=table, event=event, EVENT=event.upper(), transitions=transitions
                )
            )
    statements.append("SELECT debrief_rebuild_caseload_figures();")
    return "\n".join(statements)


def remove_triggers() -> str:
    drops = [f"DROP FUNCTION {table}_refreshes_caseload() CASCADE;" for table in TABLES]
    drops += [f"DROP FUNCTION {table}_caseload_parts(bigint[]);" for table in TABLES]
    drops += [
        "DROP FUNCTION debrief_rebuild_caseload_figures();",
        "DROP FUNCTION debrief_refresh_caseload_figures(bigint[]);",
    ]
    return "\n".join(drops)


class Migration(migrations.Migration):
    dependencies = [
        ("debrief", "0019_dashboard_counts"),
    ]

    operations = [
        migrations.CreateModel(
            name="CaseloadFigures",
            fields=[
                (
                    "client",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.DB_CASCADE,
                        primary_key=True,
                        related_name="caseload_figures",
                        serialize=False,
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                ("applications", models.IntegerField(default=0)),
                ("open_actions", models.IntegerField(default=0)),
                ("last_application_at", models.DateTimeField(null=True)),
                ("last_interview_at", models.DateTimeField(null=True)),
                ("last_debrief_at", models.DateTimeField(null=True)),
                ("last_feedback_at", models.DateTimeField(null=True)),
                ("last_action_at", models.DateTimeField(null=True)),
                ("last_answer_at", models.DateTimeField(null=True)),
                (
                    "follow_ups_due",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.DateField(), default=list
                    ),
                ),
            ],
        ),
        migrations.AddIndex(
            model_name="interview",
            index=models.Index(fields=["owner", "-updated_at"], name="interview_owner_updated"),
        ),
        migrations.AddIndex(
            model_name="interview",
            index=models.Index(
                models.F("owner"),
                models.OrderBy(models.F("outcome_date"), descending=True, nulls_last=True),
                models.OrderBy(models.F("scheduled_at"), descending=True),
                models.OrderBy(models.F("id"), descending=True),
                condition=models.Q(("outcome", "awaiting"), _negated=True),
                name="interview_owner_outcome_order",
            ),
        ),
        migrations.AddField(
            model_name="caseloadfigures",
            name="latest_outcome",
            field=models.ForeignKey(
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="debrief.interview",
            ),
        ),
        # The triggers first, then every job seeker's figures, in the migration's transaction.
        migrations.RunSQL(sql=create_triggers(), reverse_sql=remove_triggers()),
    ]
