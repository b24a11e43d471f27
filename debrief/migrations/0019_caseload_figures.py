"""Each job seeker's caseload figures (CaseloadFigures), kept by statement-level triggers.

Every INSERT, UPDATE or DELETE on applications, interviews, debriefs, feedback requests, STAR
answers and actions finds the job seekers its rows belong to, as they were and as they are, and
recomputes their rows from the source rows (`debrief_caseload_figures`, the one definition, the
same rules as services/caseload.py had in Python): an edit, a deletion, a row moved to another
owner, a bulk statement or a change in a related table (an application's status changes which
outcome its interview ranks) leave the figures exact, whatever the code path. Recomputing one
job seeker reads their rows along the owner indexes. A debrief or feedback request finds its
owner through its interview; when the interview went in the same statement (a cascade), the
interview's own trigger recomputes that owner. `debrief_rebuild_caseload_figures()` recomputes
everyone (the backfill here; the benchmark after seeding with the triggers off).
"""

import django.contrib.postgres.fields
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

FIGURES = """
CREATE FUNCTION debrief_caseload_figures(for_client bigint)
RETURNS TABLE (
    applications integer, open_actions integer, last_activity timestamptz,
    latest_outcome_id bigint, follow_ups_due date[]
) LANGUAGE sql STABLE AS $$
    SELECT
        (SELECT count(*) FROM debrief_application WHERE owner_id = for_client)::integer,
        (SELECT count(*) FROM debrief_actionitem
         WHERE owner_id = for_client AND status = 'open')::integer,
        (SELECT max(latest) FROM (
            SELECT max(updated_at) FROM debrief_application WHERE owner_id = for_client
            UNION ALL
            SELECT max(updated_at) FROM debrief_interview WHERE owner_id = for_client
            UNION ALL
            SELECT max(d.updated_at) FROM debrief_debrief AS d
            JOIN debrief_interview AS i ON i.id = d.interview_id WHERE i.owner_id = for_client
            UNION ALL
            SELECT max(f.updated_at) FROM debrief_feedbackrequest AS f
            JOIN debrief_interview AS i ON i.id = f.interview_id WHERE i.owner_id = for_client
            UNION ALL
            SELECT max(updated_at) FROM debrief_actionitem WHERE owner_id = for_client
            UNION ALL
            SELECT max(updated_at) FROM debrief_staranswer WHERE owner_id = for_client
        ) AS every (latest)),
        -- The outcome a caseload row names: an offer still open or accepted outranks a later no.
        (SELECT i.id FROM debrief_interview AS i
         JOIN debrief_application AS a ON a.id = i.application_id
         WHERE i.owner_id = for_client AND i.outcome <> 'awaiting'
         ORDER BY CASE WHEN i.outcome = 'offer' AND a.status IN ('offer', 'accepted')
                       THEN 0 ELSE 1 END,
                  i.outcome_date DESC NULLS LAST, i.scheduled_at DESC, i.id DESC
         LIMIT 1),
        -- follow_up_overdue_condition without the day: the requests still awaiting a reply.
        ARRAY(SELECT f.follow_up_due FROM debrief_feedbackrequest AS f
              JOIN debrief_interview AS i ON i.id = f.interview_id
              WHERE i.owner_id = for_client AND f.status IN ('requested', 'followed_up')
                AND f.follow_up_due IS NOT NULL
              ORDER BY f.follow_up_due)
$$;

CREATE FUNCTION debrief_refresh_caseload_figures(owners bigint[]) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO debrief_caseloadfigures AS kept
        (client_id, applications, open_actions, last_activity, latest_outcome_id, follow_ups_due)
    SELECT u.id, f.applications, f.open_actions, f.last_activity, f.latest_outcome_id,
           f.follow_ups_due
    FROM debrief_user AS u CROSS JOIN LATERAL debrief_caseload_figures(u.id) AS f
    WHERE u.id = ANY(owners)
    -- One order for every statement, so concurrent writers lock the rows in the same order.
    ORDER BY u.id
    ON CONFLICT (client_id) DO UPDATE SET
        applications = excluded.applications, open_actions = excluded.open_actions,
        last_activity = excluded.last_activity, latest_outcome_id = excluded.latest_outcome_id,
        follow_ups_due = excluded.follow_ups_due;
$$;

CREATE FUNCTION debrief_rebuild_caseload_figures() RETURNS void LANGUAGE sql AS $$
    SELECT debrief_refresh_caseload_figures(ARRAY(SELECT id FROM debrief_user));
$$;
"""

# Each table: how a set of its rows `{rows}` names the job seekers they belong to.
OWNERS = {
    "debrief_application": "SELECT owner_id FROM {rows}",
    "debrief_interview": "SELECT owner_id FROM {rows}",
    "debrief_staranswer": "SELECT owner_id FROM {rows}",
    "debrief_actionitem": "SELECT owner_id FROM {rows}",
    "debrief_debrief": (
        "SELECT i.owner_id FROM {rows} AS r JOIN debrief_interview AS i ON i.id = r.interview_id"
    ),
    "debrief_feedbackrequest": (
        "SELECT i.owner_id FROM {rows} AS r JOIN debrief_interview AS i ON i.id = r.interview_id"
    ),
}

FUNCTION = """
CREATE FUNCTION {table}_refreshes_caseload() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM debrief_refresh_caseload_figures(ARRAY({new}));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM debrief_refresh_caseload_figures(ARRAY({old}));
    ELSE
        PERFORM debrief_refresh_caseload_figures(ARRAY({new} UNION {old}));
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


def create_triggers() -> str:
    statements = [FIGURES]
    for table, owners in OWNERS.items():
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
    drops = [f"DROP FUNCTION {table}_refreshes_caseload() CASCADE;" for table in OWNERS]
    drops += [
        "DROP FUNCTION debrief_rebuild_caseload_figures();",
        "DROP FUNCTION debrief_refresh_caseload_figures(bigint[]);",
        "DROP FUNCTION debrief_caseload_figures(bigint);",
    ]
    return "\n".join(drops)


class Migration(migrations.Migration):
    dependencies = [
        ("debrief", "0018_client_month_summaries"),
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
                ("last_activity", models.DateTimeField(null=True)),
                (
                    "follow_ups_due",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.DateField(), default=list
                    ),
                ),
                (
                    "latest_outcome",
                    models.ForeignKey(
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="debrief.interview",
                    ),
                ),
            ],
        ),
        # The triggers first, then every job seeker's figures, in the migration's transaction.
        migrations.RunSQL(sql=create_triggers(), reverse_sql=remove_triggers()),
    ]
