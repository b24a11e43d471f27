"""Each job seeker's figures per month for the outcome report, kept by statement-level triggers.

Every INSERT, UPDATE or DELETE on applications, interviews, debriefs and feedback requests finds the
(client, month) pairs its rows touch, as they were and as they are, and recomputes those summary
rows from the source rows (`debrief_client_month_figures`): an edit, a moved date, a deletion or a
change in another table (an interview's outcome changes its debrief's "days from rejection") all
leave the figures exact, whatever the code path. Recomputing a pair reads one client's rows of one
month along existing indexes. `debrief_rebuild_client_months()` recomputes every row, set-based
(the backfill here; the benchmark after seeding with the triggers off).

A careers service's report sums those rows over its clients, so the service's figures are kept
too, one row per service and month: `debrief_serviceclient` (who each service counts now) is kept
by triggers on consent, memberships and accounts; every change of a client's monthly row is added
to the months of the services that count the client (new values in, old values out), and a client
who joins or leaves a service's population brings or takes every month of theirs. The report then
reads a dozen rows, whatever the number of clients. Statements run through EXECUTE, so each is
planned for the tables as they are (see 0009).
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


# Who each service counts: clients with active consent for a current member who is an adviser
# account, their own account active. `clients` is an array of client ids to look at again.
SERVICE_CLIENTS = """
CREATE FUNCTION debrief_refresh_service_clients(clients bigint[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF cardinality(clients) = 0 THEN
        RETURN;
    END IF;
    EXECUTE $refresh$
    WITH wanted AS (
        SELECT DISTINCT member.organisation_id, access.client_id
        FROM debrief_adviseraccess access
        JOIN debrief_membership member
            ON member.user_id = access.adviser_id AND member.deactivated_at IS NULL
        JOIN debrief_user adviser ON adviser.id = access.adviser_id AND adviser.role = 'adviser'
        JOIN debrief_user client ON client.id = access.client_id AND client.is_active
        WHERE access.client_id = ANY($1) AND access.status = 'active'
    ), gone AS (
        DELETE FROM debrief_serviceclient counted
        WHERE counted.client_id = ANY($1) AND NOT EXISTS (
            SELECT 1 FROM wanted
            WHERE wanted.organisation_id = counted.organisation_id
              AND wanted.client_id = counted.client_id
        )
    )
    INSERT INTO debrief_serviceclient (organisation_id, client_id)
    SELECT organisation_id, client_id FROM wanted
    ON CONFLICT (organisation_id, client_id) DO NOTHING
    $refresh$ USING clients;
END $$;
"""

# For each table that decides who is counted: the clients a set of its rows may move in or out.
CLIENTS_OF_ROWS = {
    "debrief_adviseraccess": "SELECT client_id FROM {rows}",
    "debrief_membership": (
        "SELECT access.client_id FROM debrief_adviseraccess access "
        "WHERE access.adviser_id IN (SELECT user_id FROM {rows}) AND access.status = 'active'"
    ),
    # An account's role or active flag: as a client, and as an adviser of clients.
    "debrief_user": (
        "SELECT id FROM {rows} UNION ALL SELECT access.client_id "
        "FROM debrief_adviseraccess access "
        "WHERE access.adviser_id IN (SELECT id FROM {rows}) AND access.status = 'active'"
    ),
}

POPULATION_FUNCTION = """
CREATE FUNCTION {table}_refresh_service_clients() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM debrief_refresh_service_clients(ARRAY({on_insert}));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM debrief_refresh_service_clients(ARRAY({on_delete}));
    ELSE
        PERFORM debrief_refresh_service_clients(ARRAY({on_update}));
    END IF;
    RETURN NULL;
END $$;
"""

# Sign-ins update every account: look again only at accounts whose role or active flag moved.
CHANGED_ACCOUNTS = (
    "(SELECT new_rows.* FROM new_rows JOIN old_rows USING (id) "
    "WHERE (new_rows.role, new_rows.is_active) IS DISTINCT FROM "
    "(old_rows.role, old_rows.is_active))"
)

SERVICE_FIGURES = (
    "applications",
    "interviews",
    "offers",
    "feedback_requested",
    "feedback_received",
    "debriefs",
)

# `{contributions}`: rows of (organisation_id, month, sign, <a client month's columns>), sign 1
# to add a client's month to a service, -1 to take it out.
ADD_TO_SERVICES = f"""
    EXECUTE $add$
    INSERT INTO debrief_servicemonthsummary AS total (organisation_id, month, active_clients,
        {", ".join(f"{key}, {key}_clients" for key in SERVICE_FIGURES)}, median_days_clients)
    SELECT organisation_id, month,
        sum(sign * ({" + ".join(SERVICE_FIGURES)} > 0)::int),
        {", ".join(f"sum(sign * {key}), sum(sign * ({key} > 0)::int)" for key in SERVICE_FIGURES)},
        sum(sign * (cardinality(rejection_to_debrief_days) > 0)::int)
    FROM ({{contributions}}) AS change
    GROUP BY organisation_id, month
    ON CONFLICT (organisation_id, month) DO UPDATE SET
    active_clients = total.active_clients + excluded.active_clients,
    {
    ", ".join(
        f"{key} = total.{key} + excluded.{key}, "
        f"{key}_clients = total.{key}_clients + excluded.{key}_clients"
        for key in SERVICE_FIGURES
    )
},
    median_days_clients = total.median_days_clients + excluded.median_days_clients
    $add$;
    EXECUTE $days$
    INSERT INTO debrief_servicemonthday AS total (organisation_id, month, day, count)
    SELECT organisation_id, month, day, sum(sign)
    FROM ({{contributions}}) AS change, unnest(change.rejection_to_debrief_days) AS day
    GROUP BY organisation_id, month, day
    HAVING sum(sign) <> 0
    ON CONFLICT (organisation_id, month, day) DO UPDATE SET count = total.count + excluded.count
    $days$;
"""

# A client's months changed: into each service that counts the client.
MONTHS_CHANGED = (
    "SELECT counted.organisation_id, {sign} AS sign, changed.* FROM {rows} changed "
    "JOIN debrief_serviceclient counted ON counted.client_id = changed.client_id"
)
# A client counted or no longer counted by a service: all their months.
CLIENT_COUNTED = (
    "SELECT counted.organisation_id, {sign} AS sign, months.* FROM {rows} counted "
    "JOIN debrief_clientmonthsummary months ON months.client_id = counted.client_id"
)

SERVICE_FUNCTION = """
CREATE FUNCTION {table}_add_to_services() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        {on_insert}
    ELSIF TG_OP = 'DELETE' THEN
        {on_delete}
    ELSE
        {on_update}
    END IF;
    RETURN NULL;
END $$;
"""


def service_triggers() -> list[str]:
    statements = [SERVICE_CLIENTS]
    for table, clients in CLIENTS_OF_ROWS.items():
        new, old = clients.format(rows="new_rows"), clients.format(rows="old_rows")
        changed = clients.format(rows=CHANGED_ACCOUNTS) if table == "debrief_user" else None
        statements.append(
            POPULATION_FUNCTION.format(
                table=table,
                on_insert=new,
                on_delete=old,
                on_update=changed or f"{new} UNION ALL {old}",
            )
        )
        # A new account has no consent yet and a deleted one takes its rows with it: accounts
        # matter only when they change.
        events = ["update"] if table == "debrief_user" else list(TRANSITIONS)
        statements += [
            TRIGGER.format(
                table=table, event=event, EVENT=event.upper(), transitions=TRANSITIONS[event]
            )
            .replace("refreshes_client_months", "refreshes_service_clients")
            .replace("_refresh_client_months()", "_refresh_service_clients()")
            for event in events
        ]
    for table, template in (
        ("debrief_clientmonthsummary", MONTHS_CHANGED),
        ("debrief_serviceclient", CLIENT_COUNTED),
    ):
        plus = template.format(sign=1, rows="new_rows")
        minus = template.format(sign=-1, rows="old_rows")
        statements.append(
            SERVICE_FUNCTION.format(
                table=table,
                on_insert=ADD_TO_SERVICES.format(contributions=plus),
                on_delete=ADD_TO_SERVICES.format(contributions=minus),
                on_update=ADD_TO_SERVICES.format(contributions=f"{plus} UNION ALL {minus}"),
            )
        )
        statements += [
            TRIGGER.format(table=table, event=event, EVENT=event.upper(), transitions=transitions)
            .replace("refreshes_client_months", "adds_to_services")
            .replace("_refresh_client_months()", "_add_to_services()")
            for event, transitions in TRANSITIONS.items()
        ]
    return statements


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
    statements += service_triggers()
    # Every client's months first (no service counts anyone yet), then who each service counts,
    # which brings each counted client's months into their services.
    statements.append("SELECT debrief_rebuild_client_months();")
    statements.append(
        "SELECT debrief_refresh_service_clients(ARRAY("
        "SELECT DISTINCT client_id FROM debrief_adviseraccess WHERE status = 'active'));"
    )
    return "\n".join(statements)


def remove() -> str:
    return "\n".join(
        [
            *(f"DROP FUNCTION IF EXISTS {table}_refresh_client_months() CASCADE;" for table in CLIENT_MONTHS),
            *(
                f"DROP FUNCTION IF EXISTS {table}_refresh_service_clients() CASCADE;"
                for table in CLIENTS_OF_ROWS
            ),
            "DROP FUNCTION IF EXISTS debrief_clientmonthsummary_add_to_services() CASCADE;",
            "DROP FUNCTION IF EXISTS debrief_serviceclient_add_to_services() CASCADE;",
            "DROP FUNCTION IF EXISTS debrief_refresh_service_clients(bigint[]);",
            "DROP FUNCTION IF EXISTS debrief_rebuild_client_months();",
            "DROP FUNCTION IF EXISTS debrief_client_month_figures(bigint, date);",
            "DROP FUNCTION IF EXISTS debrief_month_of(date);",
            "DROP FUNCTION IF EXISTS debrief_month_of(timestamptz);",
        ]
    )


class Migration(migrations.Migration):
    dependencies = [
        ("debrief", "0017_handover_withdrawn_expired"),
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
        migrations.CreateModel(
            name="ServiceClient",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
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
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.DB_CASCADE,
                        related_name="+",
                        to="debrief.organisation",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("organisation", "client"), name="service_client_unique"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="ServiceMonthDay",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("month", models.DateField()),
                ("day", models.IntegerField()),
                ("count", models.IntegerField(default=0)),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.DB_CASCADE,
                        related_name="+",
                        to="debrief.organisation",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("organisation", "month", "day"), name="service_month_day_unique"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="ServiceMonthSummary",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("month", models.DateField()),
                ("active_clients", models.IntegerField(default=0)),
                ("applications", models.IntegerField(default=0)),
                ("applications_clients", models.IntegerField(default=0)),
                ("interviews", models.IntegerField(default=0)),
                ("interviews_clients", models.IntegerField(default=0)),
                ("offers", models.IntegerField(default=0)),
                ("offers_clients", models.IntegerField(default=0)),
                ("feedback_requested", models.IntegerField(default=0)),
                ("feedback_requested_clients", models.IntegerField(default=0)),
                ("feedback_received", models.IntegerField(default=0)),
                ("feedback_received_clients", models.IntegerField(default=0)),
                ("debriefs", models.IntegerField(default=0)),
                ("debriefs_clients", models.IntegerField(default=0)),
                ("median_days_clients", models.IntegerField(default=0)),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.DB_CASCADE,
                        related_name="+",
                        to="debrief.organisation",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("organisation", "month"), name="service_month_unique"
                    )
                ],
            },
        ),
        # The triggers first, then the figures, in the migration's one transaction.
        migrations.RunSQL(sql=create(), reverse_sql=remove()),
    ]
