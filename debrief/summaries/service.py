"""ServiceClient and ServiceMonthSummary: who a careers service's outcome report counts now, and
the service's figures per month.

Who is counted: a client whose consent is active with an adviser who is a current member of the
service and still an adviser account, their own account active. After a statement on consent,
memberships or accounts (a change of role or active flag only: every sign-in updates an account),
the clients it may move in or out are looked at again.

The service's months are the sums of its counted clients' ClientMonthSummary rows, with how many
clients stand behind each figure (for the report's rule of five) and a histogram of the days from
rejection to debrief (for the medians). A client month that changes is added to
the services counting the client (new values in, old values out); a client who joins or leaves a
service brings or takes every month of theirs. The report then reads a dozen rows whatever the
number of clients: summing the client months when the report is read took 70 ms over 5,000
clients (300 ms with the medians) against 1 ms (docs/architecture.md).
"""

from debrief.models import AccessStatus, UserRole
from debrief.summaries.sql import ROWS, run

# The one definition of who a service counts, for the clients `{clients}` (an SQL array).
REFRESH_CLIENTS = f"""
WITH wanted AS (
    SELECT DISTINCT member.organisation_id, access.client_id
    FROM debrief_adviseraccess AS access
    JOIN debrief_membership AS member
        ON member.user_id = access.adviser_id AND member.deactivated_at IS NULL
    JOIN debrief_user AS adviser
        ON adviser.id = access.adviser_id AND adviser.role = '{UserRole.ADVISER}'
    JOIN debrief_user AS client ON client.id = access.client_id AND client.is_active
    WHERE access.client_id = ANY({{clients}}) AND access.status = '{AccessStatus.ACTIVE}'
), gone AS (
    DELETE FROM debrief_serviceclient AS counted
    WHERE counted.client_id = ANY({{clients}}) AND NOT EXISTS (
        SELECT 1 FROM wanted
        WHERE wanted.organisation_id = counted.organisation_id
          AND wanted.client_id = counted.client_id
    )
)
INSERT INTO debrief_serviceclient (organisation_id, client_id)
SELECT organisation_id, client_id FROM wanted
ORDER BY organisation_id, client_id
ON CONFLICT (organisation_id, client_id) DO NOTHING
"""

# For each table that decides who is counted: the clients a set of its rows may move in or out.
CLIENTS_OF_ROWS = {
    "debrief_adviseraccess": "SELECT client_id FROM {rows}",
    "debrief_membership": (
        "SELECT access.client_id FROM debrief_adviseraccess AS access "
        "WHERE access.adviser_id IN (SELECT user_id FROM {rows}) "
        f"AND access.status = '{AccessStatus.ACTIVE}'"
    ),
    # An account's role or active flag: as a client, and as an adviser of clients.
    "debrief_user": (
        "SELECT id FROM {rows} UNION ALL SELECT access.client_id "
        "FROM debrief_adviseraccess AS access "
        f"WHERE access.adviser_id IN (SELECT id FROM {{rows}}) "
        f"AND access.status = '{AccessStatus.ACTIVE}'"
    ),
}
# Sign-ins update every account: look again only at accounts whose role or active flag moved.
CHANGED_ACCOUNTS = (
    "(SELECT new_rows.* FROM new_rows JOIN old_rows USING (id) "
    "WHERE (new_rows.role, new_rows.is_active) IS DISTINCT FROM "
    "(old_rows.role, old_rows.is_active))"
)

FIGURES = (
    "applications",
    "interviews",
    "offers",
    "feedback_requested",
    "feedback_received",
    "debriefs",
)

# `{contributions}`: rows of (organisation_id, month, sign, <a client month's columns>), sign 1
# to add a client's month to a service, -1 to take it out. The days histogram is added day by
# day (a day whose count comes to 0 leaves it).
ADD_MONTHS = f"""
WITH change AS ({{contributions}}),
days AS (
    SELECT organisation_id, month, jsonb_object_agg(day, count) AS debrief_days
    FROM (
        SELECT organisation_id, month, day, sum(sign) AS count
        FROM change, unnest(change.rejection_to_debrief_days) AS day
        GROUP BY organisation_id, month, day
        HAVING sum(sign) <> 0
    ) AS by_day
    GROUP BY organisation_id, month
)
INSERT INTO debrief_servicemonthsummary AS total (organisation_id, month, active_clients,
    {", ".join(f"{key}, {key}_clients" for key in FIGURES)}, median_days_clients, debrief_days)
SELECT change.organisation_id, change.month,
    sum(sign * ({" + ".join(FIGURES)} > 0)::int),
    {", ".join(f"sum(sign * {key}), sum(sign * ({key} > 0)::int)" for key in FIGURES)},
    sum(sign * (cardinality(rejection_to_debrief_days) > 0)::int),
    coalesce(days.debrief_days, '{{{{}}}}')
FROM change LEFT JOIN days USING (organisation_id, month)
GROUP BY change.organisation_id, change.month, days.debrief_days
ORDER BY change.organisation_id, change.month
ON CONFLICT (organisation_id, month) DO UPDATE SET
    active_clients = total.active_clients + excluded.active_clients,
    {
    ", ".join(
        f"{key} = total.{key} + excluded.{key}, "
        f"{key}_clients = total.{key}_clients + excluded.{key}_clients"
        for key in FIGURES
    )
},
    median_days_clients = total.median_days_clients + excluded.median_days_clients,
    debrief_days = (
        SELECT coalesce(jsonb_object_agg(day, count), '{{{{}}}}') FROM (
            SELECT day, sum(count::integer) AS count FROM (
                SELECT * FROM jsonb_each_text(total.debrief_days)
                UNION ALL SELECT * FROM jsonb_each_text(excluded.debrief_days)
            ) AS both_sides (day, count)
            GROUP BY day HAVING sum(count::integer) <> 0
        ) AS merged
    )
"""

# A client's months changed: into each service that counts the client.
MONTHS_CHANGED = (
    "SELECT counted.organisation_id, {sign} AS sign, changed.* FROM {rows} AS changed "
    "JOIN debrief_serviceclient AS counted ON counted.client_id = changed.client_id"
)
# A client counted or no longer counted by a service: all their months.
CLIENT_COUNTED = (
    "SELECT counted.organisation_id, {sign} AS sign, months.* FROM {rows} AS counted "
    "JOIN debrief_clientmonthsummary AS months ON months.client_id = counted.client_id"
)
CONTRIBUTIONS = {
    "debrief_clientmonthsummary": MONTHS_CHANGED,
    "debrief_serviceclient": CLIENT_COUNTED,
}

TABLES = (*CLIENTS_OF_ROWS, *CONTRIBUTIONS)
# A new account has no consent yet and a deleted one takes its rows with it: accounts matter
# only when they change.
USER_EVENTS = ("update",)


def after(table: str, event: str) -> str:
    if table in CLIENTS_OF_ROWS:
        rows = [CHANGED_ACCOUNTS] if table == "debrief_user" else ROWS[event]
        clients = " UNION ".join(CLIENTS_OF_ROWS[table].format(rows=r) for r in rows)
        return run(REFRESH_CLIENTS.format(clients=f"ARRAY({clients})"), "clients")
    signs = {"new_rows": 1, "old_rows": -1}
    contributions = " UNION ALL ".join(
        CONTRIBUTIONS[table].format(sign=signs[rows], rows=rows) for rows in ROWS[event]
    )
    add = run(ADD_MONTHS.format(contributions=contributions), "months")
    if table != "debrief_clientmonthsummary":
        return add
    # Most job seekers share with no careers service: skip planning the sums for them.
    counted = " OR ".join(
        f"EXISTS (SELECT 1 FROM {rows} AS changed JOIN debrief_serviceclient AS counted "
        "ON counted.client_id = changed.client_id)"
        for rows in ROWS[event]
    )
    return f"IF {counted} THEN\n{add}\nEND IF;"


def rebuild() -> list[str]:
    """Who each service counts, from consent, memberships and accounts; then each service's
    months, summed afresh from its clients' months."""
    every = CLIENT_COUNTED.format(sign=1, rows="debrief_serviceclient")
    return [
        REFRESH_CLIENTS.format(clients="ARRAY(SELECT id FROM debrief_user)"),
        "DELETE FROM debrief_servicemonthsummary",
        ADD_MONTHS.format(contributions=every),
    ]
