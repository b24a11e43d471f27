"""Applications counted by owner and status, kept by statement-level triggers.

Each INSERT, UPDATE or DELETE on debrief_application adds its new rows and subtracts its old rows,
grouped by owner and status, in one upsert per statement: a status change moves one from the old
status to the new, an application moved to another owner moves it between owners. The counts of
existing applications are filled in first. Statements run through EXECUTE, so each is planned
for the tables as they are (see 0009).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


# `{changes}`: rows of (owner_id, status, n), n = 1 for a row as it is now, -1 as it was.
COUNT = """
    EXECUTE $count$
    INSERT INTO debrief_applicationstatuscount AS total (owner_id, status, count)
    SELECT change.owner_id, change.status, sum(change.n)
    FROM ({changes}) AS change
    -- An account being deleted takes its counts with it.
    WHERE EXISTS (SELECT 1 FROM debrief_user u WHERE u.id = change.owner_id)
    GROUP BY change.owner_id, change.status
    HAVING sum(change.n) <> 0
    ON CONFLICT (owner_id, status) DO UPDATE SET count = total.count + excluded.count
    $count$;
"""
NEW = "SELECT owner_id, status, 1 AS n FROM new_rows"
OLD = "SELECT owner_id, status, -1 AS n FROM old_rows"

FUNCTION = f"""
CREATE FUNCTION debrief_application_count_statuses() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        {COUNT.format(changes=NEW)}
    ELSIF TG_OP = 'DELETE' THEN
        {COUNT.format(changes=OLD)}
    ELSE
        {COUNT.format(changes=f"{NEW} UNION ALL {OLD}")}
    END IF;
    RETURN NULL;
END $$;
"""

TRANSITIONS = {
    "insert": "NEW TABLE AS new_rows",
    "update": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "delete": "OLD TABLE AS old_rows",
}

TRIGGERS = "\n".join(
    f"""
CREATE TRIGGER debrief_application_{event}_counts_statuses
AFTER {event.upper()} ON debrief_application
REFERENCING {transitions}
FOR EACH STATEMENT EXECUTE FUNCTION debrief_application_count_statuses();
"""
    for event, transitions in TRANSITIONS.items()
)

BACKFILL = """
INSERT INTO debrief_applicationstatuscount (owner_id, status, count)
SELECT owner_id, status, count(*) FROM debrief_application GROUP BY owner_id, status;
"""

REMOVE = "DROP FUNCTION debrief_application_count_statuses() CASCADE;"


class Migration(migrations.Migration):
    dependencies = [
        ("debrief", "0012_one_open_feedback_request_per_interview"),
    ]

    operations = [
        migrations.CreateModel(
            name="ApplicationStatusCount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("applied", "Applied"),
                            ("interviewing", "Interviewing"),
                            ("offer", "Offer"),
                            ("accepted", "Accepted"),
                            ("declined", "Declined (I turned the offer down)"),
                            ("rejected", "Rejected"),
                            ("withdrawn", "Withdrawn (I withdrew)"),
                            ("no_response", "No response (ghosted)"),
                        ],
                        max_length=20,
                    ),
                ),
                ("count", models.IntegerField(default=0)),
                (
                    "owner",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.DB_CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("owner", "status"), name="status_count_owner_status"
                    ),
                ],
            },
        ),
        # The triggers first, then the counts, in the migration's one transaction.
        migrations.RunSQL(sql=FUNCTION + TRIGGERS + BACKFILL, reverse_sql=REMOVE),
    ]
