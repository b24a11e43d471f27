"""The dashboard's "No reply — close this one?" panel is cached with the figures under the
record's version (services/record_figures.py): answering it (debrief_silenceanswer) or changing how
long to wait (debrief_replysettings) must move that version, as every table the figures read does
(migration 0009's statement-level triggers, reused here for two more tables).
"""

import importlib

from django.db import migrations

record_version = importlib.import_module(
    "debrief.migrations.0009_record_version_triggers_see_old_rows"
)

OWNERS_OF_ROWS = {
    "debrief_silenceanswer": "SELECT owner_id FROM {rows}",
    "debrief_replysettings": "SELECT user_id AS owner_id FROM {rows}",
    # The evidence (services/evidence.py) is cached under the version too.
    "debrief_feedbackask": (
        "SELECT owner_id FROM debrief_feedbackrequest "
        "WHERE id = ANY(ARRAY(SELECT feedback_request_id FROM {rows}))"
    ),
}


def create_triggers() -> str:
    statements = []
    for table, owners in OWNERS_OF_ROWS.items():
        new, old = owners.format(rows="new_rows"), owners.format(rows="old_rows")
        statements.append(
            record_version.FUNCTION.format(
                table=table,
                on_insert=record_version.BUMP.format(owners=new),
                on_delete=record_version.BUMP.format(owners=old),
                on_update=record_version.BUMP.format(owners=f"{new} UNION {old}"),
            )
        )
        for event, transitions in record_version.TRANSITIONS.items():
            statements.append(
                record_version.TRIGGER.format(
                    table=table, event=event, EVENT=event.upper(), transitions=transitions
                )
            )
    return "\n".join(statements)


def drop_triggers() -> str:
    statements = []
    for table in OWNERS_OF_ROWS:
        for event in record_version.TRANSITIONS:
            statements.append(
                f"DROP TRIGGER IF EXISTS {table}_{event}_bumps_record_version ON {table};"
            )
        statements.append(f"DROP FUNCTION IF EXISTS {table}_bump_record_version();")
    return "\n".join(statements)


class Migration(migrations.Migration):
    dependencies = [("debrief", "0026_silence_evidence_answers")]

    operations = [migrations.RunSQL(sql=create_triggers(), reverse_sql=drop_triggers())]
