"""RecordVersion: a counter per job seeker that moves with every change to their record.

Not a figure but a key: the dashboard's and the preparation sheet's caches are stored under
(user, version), so a statement on any table they read moves the version of every owner whose
rows it touched (as the rows were and as they are: a row moved to another owner moves both).
Rebuilding cannot recount a counter: it moves every version, so nothing cached before a bulk
load is read after it.
"""

from debrief.summaries.sql import ROWS, run

# For each table: how to find the owners of a set of its rows `{rows}`. Parents are looked up by
# key (`id = ANY(ARRAY(...))`), an index scan however large the statement or the table.
OWNERS_OF_ROWS = {
    "debrief_application": "SELECT owner_id FROM {rows}",
    "debrief_statuschange": (
        "SELECT owner_id FROM debrief_application "
        "WHERE id = ANY(ARRAY(SELECT application_id FROM {rows}))"
    ),
    "debrief_interview": "SELECT owner_id FROM {rows}",
    "debrief_debrief": (
        "SELECT owner_id FROM debrief_interview "
        "WHERE id = ANY(ARRAY(SELECT interview_id FROM {rows}))"
    ),
    "debrief_debriefquestion": (
        "SELECT owner_id FROM debrief_interview WHERE id = ANY(ARRAY("
        "SELECT interview_id FROM debrief_debrief "
        "WHERE id = ANY(ARRAY(SELECT debrief_id FROM {rows}))))"
    ),
    "debrief_feedbackrequest": (
        "SELECT owner_id FROM debrief_interview "
        "WHERE id = ANY(ARRAY(SELECT interview_id FROM {rows}))"
    ),
    "debrief_staranswer": "SELECT owner_id FROM {rows}",
    "debrief_actionitem": "SELECT owner_id FROM {rows}",
    # Notes are read live, not cached; the version still moves with everything the dashboard shows.
    "debrief_advisernote": "SELECT client_id AS owner_id FROM {rows}",
    # The dashboard's "No reply — close this one?" panel and the evidence beside each draft are
    # cached under the version too: answering the question, changing how long to wait, or a later
    # ask (more detail, subject access) moves it.
    "debrief_silenceanswer": "SELECT owner_id FROM {rows}",
    "debrief_replysettings": "SELECT user_id AS owner_id FROM {rows}",
    "debrief_feedbackask": (
        "SELECT owner_id FROM debrief_feedbackrequest "
        "WHERE id = ANY(ARRAY(SELECT feedback_request_id FROM {rows}))"
    ),
}
TABLES = tuple(OWNERS_OF_ROWS)

# Owners whose account still exists (a deleted account's rows go with it).
BUMP = """
INSERT INTO debrief_recordversion (user_id, version)
SELECT u.id, 1 FROM debrief_user u
WHERE u.id = ANY(ARRAY({owners}))
-- One order for every statement, so concurrent writers lock the rows in the same order.
ORDER BY u.id
ON CONFLICT (user_id) DO UPDATE SET version = debrief_recordversion.version + 1
"""


def after(table: str, event: str) -> str:
    owners = " UNION ".join(OWNERS_OF_ROWS[table].format(rows=rows) for rows in ROWS[event])
    return run(BUMP.format(owners=owners), "bump")


def rebuild() -> list[str]:
    return [BUMP.format(owners="SELECT id FROM debrief_user")]
