"""What the ORM cannot say: an interview's owner is its application's owner (a composite foreign
key onto Application's unique (id, owner_id)), and statement-level triggers that bump the owner's
record version whenever a table the dashboard summarises changes."""

from django.db import migrations

# For each table a dashboard summarises: how to find the owners of the rows a statement changed.
OWNERS_OF_CHANGED_ROWS = {
    "debrief_application": "SELECT owner_id FROM changed",
    "debrief_statuschange": (
        "SELECT a.owner_id FROM changed c JOIN debrief_application a ON a.id = c.application_id"
    ),
    "debrief_interview": "SELECT owner_id FROM changed",
    "debrief_debrief": (
        "SELECT i.owner_id FROM changed c JOIN debrief_interview i ON i.id = c.interview_id"
    ),
    "debrief_debriefquestion": (
        "SELECT i.owner_id FROM changed c JOIN debrief_debrief d ON d.id = c.debrief_id "
        "JOIN debrief_interview i ON i.id = d.interview_id"
    ),
    "debrief_feedbackrequest": (
        "SELECT i.owner_id FROM changed c JOIN debrief_interview i ON i.id = c.interview_id"
    ),
    "debrief_staranswer": "SELECT owner_id FROM changed",
    "debrief_actionitem": "SELECT owner_id FROM changed",
    # Notes from advisers show on the client's dashboard.
    "debrief_advisernote": "SELECT client_id AS owner_id FROM changed",
}


def create_triggers() -> str:
    statements = []
    for table, owners in OWNERS_OF_CHANGED_ROWS.items():
        function = f"{table}_bump_record_version"
        statements.append(
            f"""
            CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO debrief_recordversion (user_id, version)
                SELECT DISTINCT owner.owner_id, 1 FROM ({owners}) AS owner
                JOIN debrief_user u ON u.id = owner.owner_id
                ON CONFLICT (user_id)
                DO UPDATE SET version = debrief_recordversion.version + 1;
                RETURN NULL;
            END $$;
            """
        )
        # One trigger per statement, not per row: a bulk insert of 10,000 rows bumps once.
        for event, transition in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
            statements.append(
                f"""
                CREATE TRIGGER {table}_{event.lower()}_bumps_record_version
                AFTER {event} ON {table}
                REFERENCING {transition} TABLE AS changed
                FOR EACH STATEMENT EXECUTE FUNCTION {function}();
                """
            )
    return "\n".join(statements)


def drop_triggers() -> str:
    return "\n".join(
        f"DROP FUNCTION {table}_bump_record_version() CASCADE;" for table in OWNERS_OF_CHANGED_ROWS
    )


class Migration(migrations.Migration):
    dependencies = [("debrief", "0001_initial")]

    operations = [
        migrations.RunSQL(
            sql="""
                ALTER TABLE debrief_interview
                ADD CONSTRAINT interview_owner_matches_application
                FOREIGN KEY (application_id, owner_id)
                REFERENCES debrief_application (id, owner_id)
                ON DELETE CASCADE ON UPDATE CASCADE
            """,
            reverse_sql="""
                ALTER TABLE debrief_interview
                DROP CONSTRAINT interview_owner_matches_application
            """,
        ),
        migrations.RunSQL(sql=create_triggers(), reverse_sql=drop_triggers()),
    ]
