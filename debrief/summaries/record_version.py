"""RecordVersion: a counter per person that moves with every change to what their cached pages
show: a job seeker's record and, for an adviser, their caseload.

Not a figure but a key: the dashboard's, the preparation sheet's and the caseload's caches are
stored under (user, version), so a statement on any table they read moves the version of every
owner whose rows it touched (as the rows were and as they are: a row moved to another owner moves
both), and of every adviser those owners share their record with now (the caseload shows each
client's record). The caseload also reads what is the adviser's own (their tags, their
suggestions, the consent rows) and each client's name and address: a changed name moves the
client's version and so their advisers' (`user_triggers`). Rebuilding cannot recount a counter:
it moves every version, so nothing cached before a bulk load is read after it.
"""

import pgtrigger

from debrief.models.advisers import AccessStatus
from debrief.summaries.sql import ROWS, quoted, run

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
    # What the caseload reads beside the clients' records (services/caseload.py): the consent
    # (who is a client, since when, the next contact), the adviser's tags and suggestions. Where a
    # row names a client, the client is its owner and the adviser comes second (MORE_ADVISERS),
    # as for every other write: clients' rows are locked before advisers', whatever the table.
    "debrief_adviseraccess": "SELECT client_id AS owner_id FROM {rows}",
    "debrief_clienttagging": "SELECT client_id AS owner_id FROM {rows}",
    "debrief_actionsuggestion": "SELECT client_id AS owner_id FROM {rows}",
    "debrief_clienttag": "SELECT adviser_id AS owner_id FROM {rows}",
}
TABLES = tuple(OWNERS_OF_ROWS)

# Beside the advisers the owners share their record with now, the adviser a row names, whatever
# the consent says now (ended: their caseload loses the client).
MORE_ADVISERS = {
    "debrief_adviseraccess": "SELECT adviser_id FROM {rows}",
    "debrief_clienttagging": (
        "SELECT adviser_id FROM debrief_clienttag WHERE id = ANY(ARRAY(SELECT tag_id FROM {rows}))"
    ),
    "debrief_actionsuggestion": "SELECT adviser_id FROM {rows}",
}

# Owners whose account still exists (a deleted account's rows go with it).
BUMP = """
INSERT INTO debrief_recordversion (user_id, version)
SELECT u.id, 1 FROM debrief_user u
WHERE u.id = ANY(ARRAY({owners}))
-- One order for every statement, so concurrent writers lock the rows in the same order.
ORDER BY u.id
ON CONFLICT (user_id) DO UPDATE SET version = debrief_recordversion.version + 1
"""

# Then, in a statement of its own, the advisers the owners share their record with now. Its own
# statement sees what committed while the first waited for the owners' rows: a consent given at
# the same moment as a write to the record moves the client's version too (above), so one of the
# two waits for the other, and the adviser's version moves after both. Owners first, advisers
# second, in every statement that moves both.
ADVISERS = f"""
SELECT adviser_id FROM debrief_adviseraccess
WHERE client_id = ANY(ARRAY({{owners}})) AND status IN ({quoted([AccessStatus.ACTIVE])})
"""


def after(table: str, event: str) -> str:
    owners = " UNION ".join(OWNERS_OF_ROWS[table].format(rows=rows) for rows in ROWS[event])
    advisers = ADVISERS.format(owners=owners)
    if table in MORE_ADVISERS:
        more = " UNION ".join(MORE_ADVISERS[table].format(rows=rows) for rows in ROWS[event])
        advisers = f"{advisers} UNION {more}"
    return "\n".join(
        [run(BUMP.format(owners=owners), "bump"), run(BUMP.format(owners=advisers), "advisers")]
    )


def user_triggers() -> list[pgtrigger.Trigger]:
    """For User.Meta.triggers: a new name or address moves the person's version (their advisers'
    caseloads show both). A row trigger, so that signing in (which writes last_login) runs
    nothing: PostgreSQL refuses a column list or a condition on a statement trigger with
    transition tables."""
    return [
        pgtrigger.Trigger(
            name="renamed_moves_version",
            level=pgtrigger.Row,
            when=pgtrigger.After,
            operation=pgtrigger.Update,
            condition=pgtrigger.AnyChange("display_name", "email"),
            func=(
                f"{BUMP.format(owners='SELECT NEW.id')};\n"
                f"{BUMP.format(owners=ADVISERS.format(owners='SELECT NEW.id'))};\nRETURN NULL;"
            ),
        )
    ]


def rebuild() -> list[str]:
    return [BUMP.format(owners="SELECT id FROM debrief_user")]
