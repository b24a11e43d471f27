"""ClientMonthSummary: each job seeker's figures per month, for careers services' outcome report.

After a statement on applications, interviews, debriefs or feedback requests, the (client, month)
pairs its rows touch, as they were and as they are, get the parts of their row that table changes
recomputed from the source rows (TABLES: a new application recounts that month's applications
only, not the month's interviews, requests and debriefs). Months of dates are calendar months;
months of moments (an interview's time, a debrief's writing) are UTC months. A row made for a pair
that had none starts with nothing in the other parts: every write makes its pairs' rows, so there
was nothing there. Rebuilding groups every source row by client and month, set-based.
"""

from debrief.models import InterviewOutcome
from debrief.summaries.sql import ROWS, run, some_parts


def month_of_day(day: str) -> str:
    return f"date_trunc('month', ({day})::timestamp)::date"


def month_of_moment(moment: str) -> str:
    return f"date_trunc('month', ({moment}) AT TIME ZONE 'UTC')::date"


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

# Each table: the parts its rows change, and the (client, month) pairs a set of its rows `{rows}`
# touches. An interview's outcome and its date change its debrief's days from the rejection.
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
TABLES = tuple(PAIRS)

COLUMNS = [column for part in PARTS.values() for column in part]


def refresh(parts: tuple[str, ...], pairs: str) -> str:
    columns, values, updates = some_parts(PARTS, parts, NOTHING)
    return f"""
INSERT INTO debrief_clientmonthsummary AS summary (client_id, month, {columns})
SELECT p.client_id, p.month, {values}
FROM (
    SELECT DISTINCT pair.client_id, pair.month FROM ({pairs}) AS pair (client_id, month)
    WHERE pair.month IS NOT NULL
      -- An account being deleted takes its rows with it.
      AND EXISTS (SELECT 1 FROM debrief_user AS u WHERE u.id = pair.client_id)
) AS p
CROSS JOIN LATERAL (
    SELECT p.month AS starts, (p.month + interval '1 month')::date AS ends,
           p.month::timestamp AT TIME ZONE 'UTC' AS starts_at,
           (p.month + interval '1 month')::timestamp AT TIME ZONE 'UTC' AS ends_at
) AS span
-- One order for every statement, so concurrent writers lock the rows in the same order.
ORDER BY p.client_id, p.month
ON CONFLICT (client_id, month) DO UPDATE SET {updates}
"""


def after(table: str, event: str) -> str:
    parts, pairs = PAIRS[table]
    touched = " UNION ALL ".join(pairs.format(rows=rows) for rows in ROWS[event])
    return run(refresh(parts, touched), "months")


# Every source row is one event of its client and month, grouped: the same figures as PARTS.
EVENTS = f"""
SELECT owner_id AS client_id, {month_of_day("date_applied")} AS month,
    1 AS applications, 0 AS interviews, 0 AS offers, 0 AS feedback_requested,
    0 AS feedback_received, 0 AS debriefs, NULL::integer AS day
FROM debrief_application
UNION ALL
SELECT owner_id, {month_of_moment("scheduled_at")}, 0, 1, 0, 0, 0, 0, NULL FROM debrief_interview
UNION ALL
SELECT owner_id, {month_of_day("outcome_date")}, 0, 0, 1, 0, 0, 0, NULL FROM debrief_interview
WHERE outcome = '{InterviewOutcome.OFFER}' AND outcome_date IS NOT NULL
UNION ALL
SELECT i.owner_id, {month_of_day("f.requested_on")}, 0, 0, 0, 1, 0, 0, NULL
FROM debrief_feedbackrequest AS f JOIN debrief_interview AS i ON i.id = f.interview_id
WHERE f.requested_on IS NOT NULL
UNION ALL
SELECT i.owner_id, {month_of_day("f.received_on")}, 0, 0, 0, 0, 1, 0, NULL
FROM debrief_feedbackrequest AS f JOIN debrief_interview AS i ON i.id = f.interview_id
WHERE f.received_on IS NOT NULL
UNION ALL
SELECT i.owner_id, {month_of_moment("d.created_at")}, 0, 0, 0, 0, 0, 1,
    CASE WHEN i.outcome = '{InterviewOutcome.REJECTED}' AND i.outcome_date IS NOT NULL
          AND {WRITTEN_ON} >= i.outcome_date
         THEN {WRITTEN_ON} - i.outcome_date END
FROM debrief_debrief AS d JOIN debrief_interview AS i ON i.id = d.interview_id
"""


def rebuild() -> list[str]:
    return [
        "DELETE FROM debrief_clientmonthsummary",
        f"""
INSERT INTO debrief_clientmonthsummary (client_id, month, {", ".join(COLUMNS)})
SELECT client_id, month, sum(applications), sum(interviews), sum(offers),
    sum(feedback_requested), sum(feedback_received), sum(debriefs),
    coalesce(array_agg(day ORDER BY day) FILTER (WHERE day IS NOT NULL), '{{}}')
FROM ({EVENTS}) AS event
GROUP BY client_id, month
""",
    ]
