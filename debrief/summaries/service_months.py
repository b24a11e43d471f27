"""ServiceClientMonth: the careers services' outcome report, kept. For each service, one row per
client and month in which the client shared their record with the service and did something:
the client's figures of that month; and where each stretch of months the client shared starts
(+1) and stops (-1, in the first month after it), so the clients sharing in any month, an open
consent's months to come included, are a running sum.

Who a month counts (issue 19): a client one of whose consents to an adviser of the service (a
member, deactivated or not) was active at some moment of the month: granted before the month
ended, not ended before it began. Months of dates are calendar months; months of moments (an
interview's time, a debrief's writing, a consent's start and end) are UTC months. So
deactivating, reactivating or changing advisers moves no row, and a client who deletes their
account takes every row of theirs with them.

After a statement on applications, interviews, debriefs or feedback requests, the (client, month)
pairs its rows touch, as they were and as they are, get the parts of their rows that table
changes recomputed from the source rows, in every service counting the client that month (a new
application recounts that month's applications only). Most job seekers share with no service:
for them nothing more is planned. A row made for a pair that had none starts with nothing in
the other parts: every write makes its pairs' rows, so there was nothing there.

After a statement on consent or memberships, every row of the clients it may move in or out of a
service is made again from the source rows (one grouped read of their records). A member
deactivated or reactivated, or a consent's next contact date, changes nothing: nothing is done.
"""

from debrief.models import InterviewOutcome
from debrief.summaries.sql import ROWS, run, some_parts

TABLE = "debrief_serviceclientmonth"


def month_of_day(day: str) -> str:
    return f"date_trunc('month', ({day})::timestamp)::date"


def month_of_moment(moment: str) -> str:
    return f"date_trunc('month', ({moment}) AT TIME ZONE 'UTC')::date"


# The one definition of who a month counts: the months a consent `access` covers, from the
# month it was granted to the month it ended (both included; still open: every month to come).
def consent_months(access: str = "access") -> str:
    first = month_of_moment(f"{access}.granted_at")
    after_last = f"({month_of_moment(f'{access}.ended_at')} + interval '1 month')::date"
    return (
        f"daterange({first}, CASE WHEN {access}.ended_at IS NOT NULL "
        f"THEN greatest({first}, {after_last}) END)"
    )


# The services counting the client `{client}` in the month starting on `{month}` (a date).
COUNTED_BY = f"""
    SELECT DISTINCT member.organisation_id
    FROM debrief_adviseraccess AS access
    JOIN debrief_membership AS member ON member.user_id = access.adviser_id
    WHERE access.client_id = {{client}} AND access.granted_at IS NOT NULL
      AND {{month}} <@ {consent_months()}"""


# Each part of a row: its columns, and the SQL of each for the client `p.client_id` and the month
# `span` (starts/ends as dates, starts_at/ends_at as UTC moments).
WRITTEN = """
    FROM debrief_interview AS i JOIN debrief_debrief AS d ON d.interview_id = i.id
    WHERE i.owner_id = p.client_id AND d.created_at >= span.starts_at
      AND d.created_at < span.ends_at"""
WRITTEN_ON = "(d.created_at AT TIME ZONE 'UTC')::date"
REQUESTS = """
    FROM debrief_interview AS i JOIN debrief_feedbackrequest AS f ON f.interview_id = i.id
    WHERE i.owner_id = p.client_id"""
PARTS = {
    "applications": {
        "applications": """(SELECT count(*) FROM debrief_application AS a
            WHERE a.owner_id = p.client_id AND a.date_applied >= span.starts
              AND a.date_applied < span.ends)""",
    },
    "interviews": {
        "interviews": """(SELECT count(*) FROM debrief_interview AS i
            WHERE i.owner_id = p.client_id AND i.scheduled_at >= span.starts_at
              AND i.scheduled_at < span.ends_at)""",
        "offers": f"""(SELECT count(*) FROM debrief_interview AS i
            WHERE i.owner_id = p.client_id AND i.outcome = '{InterviewOutcome.OFFER}'
              AND i.outcome_date >= span.starts AND i.outcome_date < span.ends)""",
    },
    "feedback": {
        "feedback_requested": f"""(SELECT count(*) {REQUESTS}
            AND f.requested_on >= span.starts AND f.requested_on < span.ends)""",
        "feedback_received": f"""(SELECT count(*) {REQUESTS}
            AND f.received_on >= span.starts AND f.received_on < span.ends)""",
    },
    # For each debrief written this month after a rejection: the days from the rejection (the
    # interview's outcome date) to the day it was written.
    "debriefs": {
        "debriefs": f"(SELECT count(*) {WRITTEN})",
        "rejection_to_debrief_days": f"""ARRAY(
            SELECT {WRITTEN_ON} - i.outcome_date {WRITTEN}
              AND i.outcome = '{InterviewOutcome.REJECTED}' AND i.outcome_date IS NOT NULL
              AND {WRITTEN_ON} >= i.outcome_date
            ORDER BY 1)""",
    },
}
NOTHING = {column: "0" for part in PARTS.values() for column in part} | {
    "rejection_to_debrief_days": "'{}'::integer[]"
}
COLUMNS = [column for part in PARTS.values() for column in part]

# Each table of the record: the parts its rows change, and the (client, month) pairs a set of its
# rows `{rows}` touches. An interview's outcome and its date change its debrief's days from the
# rejection.
PAIRS = {
    "debrief_application": (
        ("applications",),
        f"SELECT owner_id, {month_of_day('date_applied')} FROM {{rows}}",
    ),
    "debrief_interview": (
        ("interviews", "debriefs"),
        f"SELECT owner_id, {month_of_moment('scheduled_at')} FROM {{rows}} "
        f"UNION ALL SELECT owner_id, {month_of_day('outcome_date')} FROM {{rows}} "
        "WHERE outcome_date IS NOT NULL "
        f"UNION ALL SELECT r.owner_id, {month_of_moment('d.created_at')} FROM {{rows}} AS r "
        "JOIN debrief_debrief AS d ON d.interview_id = r.id",
    ),
    "debrief_debrief": (
        ("debriefs",),
        f"SELECT i.owner_id, {month_of_moment('r.created_at')} FROM {{rows}} AS r "
        "JOIN debrief_interview AS i ON i.id = r.interview_id",
    ),
    # The request's own owner (kept from its interview), so a request moved with its interview
    # to another owner is taken out of the old owner's months too.
    "debrief_feedbackrequest": (
        ("feedback",),
        f"SELECT owner_id, {month_of_day('requested_on')} FROM {{rows}} "
        "WHERE requested_on IS NOT NULL "
        f"UNION ALL SELECT owner_id, {month_of_day('received_on')} FROM {{rows}} "
        "WHERE received_on IS NOT NULL",
    ),
}


def refresh(parts: tuple[str, ...], pairs: str) -> str:
    """The `parts` of the rows of the (client, month) `pairs`, in every service counting them."""
    columns, values, updates = some_parts(PARTS, parts, NOTHING)
    return f"""
INSERT INTO {TABLE} AS kept (organisation_id, client_id, month, {columns}, sharing_change)
SELECT counted.organisation_id, p.client_id, p.month, {values}, 0
FROM (
    SELECT DISTINCT pair.client_id, pair.month FROM ({pairs}) AS pair (client_id, month)
    WHERE pair.month IS NOT NULL
      -- An account being deleted takes its rows with it.
      AND EXISTS (SELECT 1 FROM debrief_user AS u WHERE u.id = pair.client_id)
) AS p
CROSS JOIN LATERAL ({COUNTED_BY.format(client="p.client_id", month="p.month")}) AS counted
CROSS JOIN LATERAL (
    SELECT p.month AS starts, (p.month + interval '1 month')::date AS ends,
           p.month::timestamp AT TIME ZONE 'UTC' AS starts_at,
           (p.month + interval '1 month')::timestamp AT TIME ZONE 'UTC' AS ends_at
) AS span
-- One order for every statement, so concurrent writers lock the rows in the same order.
ORDER BY counted.organisation_id, p.month, p.client_id
ON CONFLICT (organisation_id, month, client_id) DO UPDATE SET {updates}
"""


# Every source row of the clients `{clients}` (an SQL array) is one event of its client and month:
# the same figures as PARTS, grouped.
def events(clients: str | None) -> str:
    def of(owner: str) -> str:
        return f"{owner} = ANY({clients})" if clients else "true"

    return f"""
SELECT owner_id AS client_id, {month_of_day("date_applied")} AS month,
    1 AS applications, 0 AS interviews, 0 AS offers, 0 AS feedback_requested,
    0 AS feedback_received, 0 AS debriefs, NULL::integer AS day
FROM debrief_application WHERE {of("owner_id")}
UNION ALL
SELECT owner_id, {month_of_moment("scheduled_at")}, 0, 1, 0, 0, 0, 0, NULL FROM debrief_interview
WHERE {of("owner_id")}
UNION ALL
SELECT owner_id, {month_of_day("outcome_date")}, 0, 0, 1, 0, 0, 0, NULL FROM debrief_interview
WHERE outcome = '{InterviewOutcome.OFFER}' AND outcome_date IS NOT NULL AND {of("owner_id")}
UNION ALL
SELECT i.owner_id, {month_of_day("f.requested_on")}, 0, 0, 0, 1, 0, 0, NULL
FROM debrief_feedbackrequest AS f JOIN debrief_interview AS i ON i.id = f.interview_id
WHERE f.requested_on IS NOT NULL AND {of("i.owner_id")}
UNION ALL
SELECT i.owner_id, {month_of_day("f.received_on")}, 0, 0, 0, 0, 1, 0, NULL
FROM debrief_feedbackrequest AS f JOIN debrief_interview AS i ON i.id = f.interview_id
WHERE f.received_on IS NOT NULL AND {of("i.owner_id")}
UNION ALL
SELECT i.owner_id, {month_of_moment("d.created_at")}, 0, 0, 0, 0, 0, 1,
    CASE WHEN i.outcome = '{InterviewOutcome.REJECTED}' AND i.outcome_date IS NOT NULL
          AND {WRITTEN_ON} >= i.outcome_date
         THEN {WRITTEN_ON} - i.outcome_date END
FROM debrief_debrief AS d JOIN debrief_interview AS i ON i.id = d.interview_id
WHERE {of("i.owner_id")}
"""


def remake(clients: str | None) -> list[str]:
    """Every row of the clients `clients` (an SQL array; None: everyone) made again from the
    record, consent and memberships: their months grouped, each in the services counting it;
    then where each stretch of months they shared with a service starts and stops."""
    where = f"client_id = ANY({clients})" if clients else "true"
    where_access = f"access.client_id = ANY({clients})" if clients else "true"
    return [
        f"DELETE FROM {TABLE} WHERE {where}",
        f"""
INSERT INTO {TABLE} (organisation_id, client_id, month, {", ".join(COLUMNS)}, sharing_change)
SELECT counted.organisation_id, months.*, 0
FROM (
    SELECT client_id, month, sum(applications), sum(interviews), sum(offers),
        sum(feedback_requested), sum(feedback_received), sum(debriefs),
        coalesce(array_agg(day ORDER BY day) FILTER (WHERE day IS NOT NULL), '{{}}')
    FROM ({events(clients)}) AS event
    WHERE month IS NOT NULL
      -- An account being deleted takes its rows with it.
      AND EXISTS (SELECT 1 FROM debrief_user AS u WHERE u.id = event.client_id)
    GROUP BY client_id, month
) AS months
CROSS JOIN LATERAL ({COUNTED_BY.format(client="months.client_id", month="months.month")})
    AS counted
ORDER BY counted.organisation_id, months.month, months.client_id
""",
        # The months each client shared with each service, as disjoint stretches (a multirange
        # joins overlapping and adjacent ones), so the changes add up to 1 or 0 in any month.
        f"""
INSERT INTO {TABLE} AS kept (organisation_id, client_id, month, {", ".join(COLUMNS)},
    sharing_change)
SELECT shared.organisation_id, shared.client_id, change.month, {", ".join(NOTHING.values())},
    change.sharing_change
FROM (
    SELECT member.organisation_id, access.client_id, range_agg({consent_months()}) AS months
    FROM debrief_adviseraccess AS access
    JOIN debrief_membership AS member ON member.user_id = access.adviser_id
    WHERE {where_access} AND access.granted_at IS NOT NULL
      AND EXISTS (SELECT 1 FROM debrief_user AS u WHERE u.id = access.client_id)
    GROUP BY member.organisation_id, access.client_id
) AS shared
CROSS JOIN LATERAL unnest(shared.months) AS stretch
CROSS JOIN LATERAL (
    SELECT lower(stretch) AS month, 1 AS sharing_change
    UNION ALL SELECT upper(stretch), -1 WHERE NOT upper_inf(stretch)
) AS change
ORDER BY shared.organisation_id, change.month, shared.client_id
ON CONFLICT (organisation_id, month, client_id) DO UPDATE
SET sharing_change = excluded.sharing_change
""",
    ]


# For consent and memberships: the clients a set of their rows `{rows}` may move in or out of a
# service (every consent of a member counts, the ended ones for the months they covered).
CLIENTS_OF_ROWS = {
    "debrief_adviseraccess": "SELECT client_id FROM {rows}",
    "debrief_membership": (
        "SELECT access.client_id FROM debrief_adviseraccess AS access "
        "WHERE access.adviser_id IN (SELECT user_id FROM {rows}) "
        "AND access.granted_at IS NOT NULL"
    ),
}
# An update matters only when it changes these: a member deactivated or reactivated is in the
# same service as before, and a consent's next contact date or tags count nobody.
DECIDING = {
    "debrief_adviseraccess": ("client_id", "adviser_id", "granted_at", "ended_at"),
    "debrief_membership": ("user_id", "organisation_id"),
}


def changed(table: str, side: str) -> str:
    """The rows of an UPDATE (as they are or as they were) that changed who may be counted."""
    columns = DECIDING[table]
    new = ", ".join(f"new_rows.{column}" for column in columns)
    old = ", ".join(f"old_rows.{column}" for column in columns)
    return (
        f"(SELECT {side}.* FROM new_rows JOIN old_rows USING (id) "
        f"WHERE ({new}) IS DISTINCT FROM ({old}))"
    )


TABLES = (*PAIRS, *CLIENTS_OF_ROWS)


def after(table: str, event: str) -> str:
    if table in CLIENTS_OF_ROWS:
        sides = ROWS[event]
        if event == "update":
            sides = [changed(table, side) for side in sides]
        clients = " UNION ".join(CLIENTS_OF_ROWS[table].format(rows=rows) for rows in sides)
        return "\n".join(
            run(sql, f"remake{number}") for number, sql in enumerate(remake(f"ARRAY({clients})"))
        )
    parts, pairs = PAIRS[table]
    touched = " UNION ALL ".join(pairs.format(rows=rows) for rows in ROWS[event])
    # Most job seekers share with no careers service: skip planning the rows for them.
    shared = (
        f"EXISTS (SELECT 1 FROM ({touched}) AS pair (client_id, month) "
        "JOIN debrief_adviseraccess AS access ON access.client_id = pair.client_id "
        "WHERE access.granted_at IS NOT NULL)"
    )
    return f"IF {shared} THEN\n{run(refresh(parts, touched), 'months')}\nEND IF;"


def rebuild() -> list[str]:
    return remake(None)
