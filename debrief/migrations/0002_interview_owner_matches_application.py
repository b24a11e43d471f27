from django.db import migrations


class Migration(migrations.Migration):
    """An interview's owner is its application's owner, enforced by the database: a composite
    foreign key onto Application's unique (id, owner_id)."""

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
        )
    ]
