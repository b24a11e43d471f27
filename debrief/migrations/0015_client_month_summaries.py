"""Each job seeker's figures per month for the outcome report, kept by statement-level triggers.

Every INSERT, UPDATE or DELETE on applications, interviews, debriefs and feedback requests finds the
(client, month) pairs its rows touch, as they were and as they are, and recomputes those summary
rows from the source rows (`debrief_client_month_figures`): an edit, a moved date, a deletion or a
change in another table (an interview's outcome changes its debrief's "days from rejection") all
leave the figures exact, whatever the code path. Recomputing a pair reads one client's rows of one
month along existing indexes. `debrief_rebuild_client_months()` recomputes every row (the backfill
here, set-based; the benchmark after seeding with the triggers off). Statements run through EXECUTE, so each
is planned for the tables as they are (see 0009).
"""

import django.contrib.postgres.fields
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MONTH_FUNCTIONS = """
CREATE FUNCTION debrief_month_of(day date) RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT date_trunc('month', day::timestamp)::date $$;
CREATE FUNCTION debrief_month_of(moment timestamptz) RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT date_trunc('month', moment AT TIME ZONE 'UTC')::date $$;
"""

# The one definition of a client's figures for a month (see ClientMonthSummary).
FIGURES = """
CREATE FUNCTION debrief_client_month_figures(for_client bigint, first_day date)
RETURNS TABLE (
    applications integer, interviews integer, offers integer, feedback_requested integer,
    feedback_received integer, debriefs integer, rejection_to_debrief_days integer[]
) LANGUAGE sql STABLE AS $$
    WITH span AS (
        SELECT first_day AS starts, (first_day + interval '1 month')::date AS ends,
               first_day::timestamp AT TIME ZONE 'UTC' AS starts_at,
               (first_day + interval '1 month')::timestamp AT TIME ZONE 'UTC' AS ends_at
    ),
    written AS (
        SELECT (d.created_at AT TIME ZONE 'UTC')::date AS written_on, i.outcome, i.outcome_date
        FROM debrief_interview i
        JOIN debrief_debrief d ON d.interview_id = i.id
        CROSS JOIN span
        WHERE i.owner_id = for_client AND d.created_at >= span.starts_at
          AND d.created_at < span.ends_at
    ),
    requests AS (
        SELECT f.requested_on, f.received_on
        FROM debrief_interview i
        JOIN debrief_feedbackrequest f ON f.interview_id = i.id
        WHERE i.owner_id = for_client
    )
    SELECT
        (SELECT count(*) FROM debrief_application a, span
         WHERE a.owner_id = for_client AND a.date_applied >= span.starts
           AND a.date_applied < span.ends)::integer,
        (SELECT count(*) FROM debrief_interview i, span
         WHERE i.owner_id = for_client AND i.scheduled_at >= span.starts_at
           AND i.scheduled_at < span.ends_at)::integer,
        (SELECT count(*) FROM debrief_interview i, span
         WHERE i.owner_id = for_client AND i.outcome = 'offer'
           AND i.outcome_date >= span.starts AND i.outcome_date < span.ends)::integer,
        (SELECT count(*) FROM requests, span
         WHERE requested_on >= span.starts AND requested_on < span.ends)::integer,
        (SELECT count(*) FROM requests, span
         WHERE received_on >= span.starts AND received_on < span.ends)::integer,
        (SELECT count(*) FROM written)::integer,
        (SELECT coalesce(array_agg(written_on - outcome_date ORDER BY written_on - outcome_date),
                         '{}')
         FROM written
         WHERE outcome = 'rejected' AND outcome_date IS NOT NULL AND written_on >= outcome_date)
$$;
"""

# For each table: the (client, month) pairs a set of its rows touches, `{rows}` being a
# transition table.
CLIENT_MONTHS = {
    "debrief_application": "SELECT owner_id, debrief_month_of(date_applied) FROM {rows}",
    "debrief_interview": (
        "SELECT owner_id, debrief_month_of(scheduled_at) FROM {rows} "
        "UNION ALL SELECT owner_id, debrief_month_of(outcome_date) FROM {rows} "
        "WHERE outcome_date IS NOT NULL "
        # Its debrief's days from the rejection depend on the outcome and its date.
        "UNION ALL SELECT r.owner_id, debrief_month_of(d.created_at) FROM {rows} r "
        "JOIN debrief_debrief d ON d.interview_id = r.id"
    ),
    "debrief_debrief": (
        "SELECT i.owner_id, debrief_month_of(r.created_at) FROM {rows} r "
        "JOIN debrief_interview i ON i.id = r.interview_id"
    ),
    "debrief_feedbackrequest": (
        "SELECT i.owner_id, debrief_month_of(r.requested_on) FROM {rows} r "
        "JOIN debrief_interview i ON i.id = r.interview_id WHERE r.requested_on IS NOT NULL "
        "UNION ALL SELECT i.owner_id, debrief_month_of(r.received_on) FROM {rows} r "
        "JOIN debrief_interview i ON i.id = r.interview_id WHERE r.received_on IS NOT NULL"
    ),
}

COLUMNS = (
    "applications, interviews, offers, feedback_requested, feedback_received, debriefs, "
    "rejection_to_debrief_days"
)

# `{pairs}`: rows of (client, month). An account being deleted takes its rows with it.
REFRESH = f"""
    INSERT INTO debrief_clientmonthsummary AS summary (client_id, month, {COLUMNS})
    SELECT pair.client_id, pair.month, figures.*
    FROM (
        SELECT DISTINCT p.client_id, p.month FROM ({{pairs}}) AS p(client_id, month)
        WHERE p.month IS NOT NULL
          AND EXISTS (SELECT 1 FROM debrief_user u WHERE u.id = p.client_id)
    ) AS pair
    CROSS JOIN LATERAL debrief_client_month_figures(pair.client_id, pair.month) AS figures
    ON CONFLICT (client_id, month) DO UPDATE SET
    {", ".join(f"{column} = excluded.{column}" for column in COLUMNS.split(", "))}
"""

FUNCTION = """
CREATE FUNCTION {table}_refresh_client_months() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        EXECUTE $refresh${on_insert}$refresh$;
    ELSIF TG_OP = 'DELETE' THEN
        EXECUTE $refresh${on_delete}$refresh$;
    ELSE
        EXECUTE $refresh${on_update}$refresh$;
    END IF;
    RETURN NULL;
END $$;
"""

TRIGGER = """
CREATE TRIGGER {table}_{event}_refreshes_client_months
AFTER {EVENT} ON {table}
REFERENCING {transitions}
FOR EACH STATEMENT EXECUTE FUNCTION {table}_refresh_client_months();
"""

TRANSITIONS = {
    "insert": "NEW TABLE AS new_rows",
    "update": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "delete": "OLD TABLE AS old_rows",
}

# Every row at once, set-based: each source row is one event of its client and month, grouped
# (the backfill here, and the benchmark after seeding). The same figures as
# debrief_client_month_figures, pair by pair (a test holds them equal).
REBUILD = """
CREATE FUNCTION debrief_rebuild_client_months() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM debrief_clientmonthsummary;
    INSERT INTO debrief_clientmonthsummary (client_id, month, applications, interviews, offers,
        feedback_requested, feedback_received, debriefs, rejection_to_debrief_days)
    SELECT client_id, month, sum(applications), sum(interviews), sum(offers),
        sum(feedback_requested), sum(feedback_received), sum(debriefs),
        coalesce(array_agg(day ORDER BY day) FILTER (WHERE day IS NOT NULL), '{}')
    FROM (
        SELECT owner_id AS client_id, debrief_month_of(date_applied) AS month,
            1 AS applications, 0 AS interviews, 0 AS offers, 0 AS feedback_requested,
            0 AS feedback_received, 0 AS debriefs, NULL::integer AS day
        FROM debrief_application
        UNION ALL
        SELECT owner_id, debrief_month_of(scheduled_at), 0, 1, 0, 0, 0, 0, NULL
        FROM debrief_interview
        UNION ALL
        SELECT owner_id, debrief_month_of(outcome_date), 0, 0, 1, 0, 0, 0, NULL
        FROM debrief_interview WHERE outcome = 'offer' AND outcome_date IS NOT NULL
        UNION ALL
        SELECT i.owner_id, debrief_month_of(f.requested_on), 0, 0, 0, 1, 0, 0, NULL
        FROM debrief_feedbackrequest f JOIN debrief_interview i ON i.id = f.interview_id
        WHERE f.requested_on IS NOT NULL
        UNION ALL
        SELECT i.owner_id, debrief_month_of(f.received_on), 0, 0, 0, 0, 1, 0, NULL
        FROM debrief_feedbackrequest f JOIN debrief_interview i ON i.id = f.interview_id
        WHERE f.received_on IS NOT NULL
        UNION ALL
        SELECT i.owner_id, debrief_month_of(d.created_at), 0, 0, 0, 0, 0, 1,
            CASE WHEN i.outcome = 'rejected' AND i.outcome_date IS NOT NULL
                  AND (d.created_at AT TIME ZONE 'UTC')::date >= i.outcome_date
                 THEN (d.created_at AT TIME ZONE 'UTC')::date - i.outcome_date END
        FROM debrief_debrief d JOIN debrief_interview i ON i.id = d.interview_id
    ) AS event
    GROUP BY client_id, month;
END $$;
"""


def create() -> str:
    statements = [MONTH_FUNCTIONS, FIGURES]
    for table, pairs in CLIENT_MONTHS.items():
        new, old = pairs.format(rows="new_rows"), pairs.format(rows="old_rows")
        statements.append(
            FUNCTION.format(
                table=table,
                on_insert=REFRESH.format(pairs=new),
                on_delete=REFRESH.format(pairs=old),
                on_update=REFRESH.format(pairs=f"{new} UNION ALL {old}"),
            )
        )
        statements += [
            TRIGGER.format(table=table, event=event, EVENT=event.upper(), transitions=transitions)
            for event, transitions in TRANSITIONS.items()
        ]
    statements.append(REBUILD)
    statements.append("SELECT debrief_rebuild_client_months();")
    return "\n".join(statements)


def remove() -> str:
    return "\n".join(
        [
            *(f"DROP FUNCTION {table}_refresh_client_months() CASCADE;" for table in CLIENT_MONTHS),
            "DROP FUNCTION debrief_rebuild_client_months();",
            "DROP FUNCTION debrief_client_month_figures(bigint, date);",
            "DROP FUNCTION debrief_month_of(date);",
            "DROP FUNCTION debrief_month_of(timestamptz);",
        ]
    )


class Migration(migrations.Migration):
    dependencies = [
        ("debrief", "0014_organisations"),
    ]

    operations = [
        migrations.CreateModel(
            name="ClientMonthSummary",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("month", models.DateField(help_text="The first day of the month.")),
                ("applications", models.IntegerField(default=0)),
                ("interviews", models.IntegerField(default=0)),
                ("offers", models.IntegerField(default=0)),
                ("feedback_requested", models.IntegerField(default=0)),
                ("feedback_received", models.IntegerField(default=0)),
                ("debriefs", models.IntegerField(default=0)),
                (
                    "rejection_to_debrief_days",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.IntegerField(), default=list
                    ),
                ),
                (
                    "client",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.DB_CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["client", "month"],
                "indexes": [models.Index(fields=["month", "client"], name="client_month_by_month")],
                "constraints": [
                    models.UniqueConstraint(fields=("client", "month"), name="client_month_unique"),
                    models.CheckConstraint(
                        condition=models.Q(("month__day", 1)),
                        name="clientmonthsummary_month_first_day",
                    ),
                ],
            },
        ),
        # The triggers first, then the figures, in the migration's one transaction.
        migrations.RunSQL(sql=create(), reverse_sql=remove()),
    ]
