"""CaseloadFigures: when each kind of a job seeker's rows last changed, and the outcome the
adviser caseload names, one row per job seeker (the counts it shows are DashboardCount's).

After a statement on applications, interviews, debriefs, feedback requests, STAR answers or
actions, the job seekers its rows belong to (as they were and as they are) get the parts of their
row that table changes recomputed from the source rows (TABLES: a new application recounts the
application's latest change and re-ranks the outcomes, it does not re-read every debrief). Each
part reads one job seeker's rows along an index: a latest `updated_at`, the outcome the caseload
names (two index scans, LIMIT 1). A debrief or feedback request finds its owner through its
interview; when the interview went in the same statement (a cascade), the interview's own
trigger recomputes that owner. Rebuilding recomputes every part of every job seeker.
"""

from debrief.models import ApplicationStatus, InterviewOutcome
from debrief.summaries.sql import ROWS, quoted, run, some_parts

# Each part of a job seeker's row: its columns, and the SQL of each for the job seeker `u.id`.
PARTS = {
    "applications": {
        "last_application_at": (
            "(SELECT max(updated_at) FROM debrief_application WHERE owner_id = u.id)"
        ),
    },
    "interviews": {
        "last_interview_at": (
            "(SELECT max(updated_at) FROM debrief_interview WHERE owner_id = u.id)"
        ),
    },
    # The outcome a caseload row names: an offer whose application is still open to it outranks
    # every other outcome; then the latest decision (outcome date, latest first, undated last;
    # then the interview's time; then the latest row).
    "outcome": {
        "latest_outcome_id": f"""coalesce(
            (SELECT i.id FROM debrief_interview AS i
             JOIN debrief_application AS a ON a.id = i.application_id
             WHERE i.owner_id = u.id AND i.outcome = '{InterviewOutcome.OFFER}'
               AND a.status IN ({quoted(ApplicationStatus.offer_still_open())})
             ORDER BY i.outcome_date DESC NULLS LAST, i.scheduled_at DESC, i.id DESC LIMIT 1),
            (SELECT i.id FROM debrief_interview AS i
             WHERE i.owner_id = u.id AND i.outcome <> '{InterviewOutcome.AWAITING}'
             ORDER BY i.outcome_date DESC NULLS LAST, i.scheduled_at DESC, i.id DESC LIMIT 1))""",
    },
    "debriefs": {
        "last_debrief_at": """(SELECT max(d.updated_at) FROM debrief_interview AS i
            JOIN debrief_debrief AS d ON d.interview_id = i.id WHERE i.owner_id = u.id)""",
    },
    "feedback": {
        "last_feedback_at": """(SELECT max(f.updated_at) FROM debrief_interview AS i
            JOIN debrief_feedbackrequest AS f ON f.interview_id = i.id WHERE i.owner_id = u.id)""",
    },
    "actions": {
        "last_action_at": "(SELECT max(updated_at) FROM debrief_actionitem WHERE owner_id = u.id)",
    },
    "answers": {
        "last_answer_at": "(SELECT max(updated_at) FROM debrief_staranswer WHERE owner_id = u.id)",
    },
}
# A new application has no interview yet: it cannot change the outcome the caseload names.
NOT_ON_INSERT = {"debrief_application": ("outcome",)}

# Each table: the parts its rows change, and how a set of its rows `{rows}` names the job
# seekers they belong to. An interview moved to another owner takes its debrief and feedback.
OWNERS = {
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
TABLES = tuple(OWNERS)


def refresh(parts: tuple[str, ...], owners: str) -> str:
    """Recompute `parts` of the rows of the job seekers `owners` names."""
    columns, values, updates = some_parts(PARTS, parts, {})
    return f"""
INSERT INTO debrief_caseloadfigures AS kept (client_id, {columns})
SELECT u.id, {values}
FROM debrief_user AS u
WHERE u.id = ANY(ARRAY({owners}))
-- One order for every statement, so concurrent writers lock the rows in the same order.
ORDER BY u.id
ON CONFLICT (client_id) DO UPDATE SET {updates}
"""


def after(table: str, event: str) -> str:
    parts, owners = OWNERS[table]
    if event == "insert":
        parts = tuple(part for part in parts if part not in NOT_ON_INSERT.get(table, ()))
    touched = " UNION ".join(owners.format(rows=rows) for rows in ROWS[event])
    return run(refresh(parts, touched), "caseload")


def rebuild() -> list[str]:
    return [refresh(tuple(PARTS), "SELECT id FROM debrief_user")]
