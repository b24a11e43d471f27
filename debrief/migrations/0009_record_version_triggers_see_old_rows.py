"""The record-version triggers see the old rows as well as the new.

Migration 0002's UPDATE triggers read only the new rows, so a row moved to another owner (an
application given to another account, a feedback request moved to another interview) bumped the
new owner's version and left the old owner's cached figures counting a row that had gone. Each
table's function now reads the rows each statement changed as they were and as they are: `new_rows`
for INSERT, `old_rows` for DELETE, both for UPDATE.
"""

from django.db import migrations

# For each table whose rows the cached dashboard and preparation figures read: how to find the
# owners of a set of its rows, `{rows}` being the transition table (new_rows or old_rows). Parents
# are looked up by key (`id = ANY(ARRAY(...))`), so each lookup is an index scan however large the
# statement or the table.
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
    # Notes are read live, not cached; kept so the version still moves with everything the
    # client's dashboard shows.
    "debrief_advisernote": "SELECT client_id AS owner_id FROM {rows}",
}

# Owners whose account still exists (a deleted account's rows go with it). Run with EXECUTE, so it
# is planned for the tables as they are now: PL/pgSQL would otherwise keep, for the whole
# connection, the plan it made on first use, and a plan made when the tables were nearly empty
# (sequential scans in a nested loop) turned a 10,000-row insert into minutes.
BUMP = """
    EXECUTE $bump$
    INSERT INTO debrief_recordversion (user_id, version)
    SELECT u.id, 1 FROM debrief_user u
    WHERE u.id = ANY(ARRAY(SELECT DISTINCT owner.owner_id FROM ({owners}) AS owner))
    ON CONFLICT (user_id) DO UPDATE SET version = debrief_recordversion.version + 1
    $bump$;
"""

# PL/pgSQL plans each statement when it first runs, so a branch naming a transition table that
# this event does not have is never planned.
FUNCTION = """
CREATE OR REPLACE FUNCTION {table}_bump_record_version() RETURNS trigger LANGUAGE plpgsql AS $$
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

TRIGGER = """
DROP TRIGGER IF EXISTS {table}_{event}_bumps_record_version ON {table};
CREATE TRIGGER {table}_{event}_bumps_record_version
AFTER {EVENT} ON {table}
REFERENCING {transitions}
FOR EACH STATEMENT EXECUTE FUNCTION {table}_bump_record_version();
"""

TRANSITIONS = {
    "insert": "NEW TABLE AS new_rows",
    "update": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "delete": "OLD TABLE AS old_rows",
}


def create_triggers() -> str:
    statements = []
    for table, owners in OWNERS_OF_ROWS.items():
        new, old = owners.format(rows="new_rows"), owners.format(rows="old_rows")
        statements.append(
            FUNCTION.format(
                table=table,
                on_insert=BUMP.format(owners=new),
                on_delete=BUMP.format(owners=old),
                on_update=BUMP.format(owners=f"{new} UNION {old}"),
            )
        )
        for event, transitions in TRANSITIONS.items():
            statements.append(
                TRIGGER.format(
                    table=table, event=event, EVENT=event.upper(), transitions=transitions
                )
            )
    return "\n".join(statements)


# Back to 0002's functions and triggers: new rows only on UPDATE.
OLD_FUNCTION = """
CREATE OR REPLACE FUNCTION {table}_bump_record_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    {bump}
    RETURN NULL;
END $$;
"""


def restore_triggers() -> str:
    statements = []
    for table, owners in OWNERS_OF_ROWS.items():
        statements.append(
            OLD_FUNCTION.format(table=table, bump=BUMP.format(owners=owners.format(rows="changed")))
        )
        for event, transition in (("insert", "NEW"), ("update", "NEW"), ("delete", "OLD")):
            statements.append(
                TRIGGER.format(
                    table=table,
                    event=event,
                    EVENT=event.upper(),
                    transitions=f"{transition} TABLE AS changed",
                )
            )
    return "\n".join(statements)


class Migration(migrations.Migration):
    dependencies = [("debrief", "0008_reminders")]

    operations = [migrations.RunSQL(sql=create_triggers(), reverse_sql=restore_triggers())]
