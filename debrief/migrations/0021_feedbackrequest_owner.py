"""FeedbackRequest.owner: the interview's owner, kept by the database.

A row trigger copies it from the interview whenever a request is inserted or moved to another
interview, and another copies an interview's new owner to its requests; the application never
writes it. Existing rows are filled in before the partial index is built.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

KEEP_OWNER = """
CREATE FUNCTION debrief_feedbackrequest_takes_interview_owner() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.owner_id := (SELECT owner_id FROM debrief_interview WHERE id = NEW.interview_id);
    RETURN NEW;
END $$;

CREATE TRIGGER debrief_feedbackrequest_takes_interview_owner
BEFORE INSERT OR UPDATE OF interview_id, owner_id ON debrief_feedbackrequest
FOR EACH ROW EXECUTE FUNCTION debrief_feedbackrequest_takes_interview_owner();

CREATE FUNCTION debrief_interview_owner_to_feedback() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE debrief_feedbackrequest SET owner_id = NEW.owner_id
    WHERE interview_id = NEW.id AND owner_id IS DISTINCT FROM NEW.owner_id;
    RETURN NULL;
END $$;

CREATE TRIGGER debrief_interview_owner_to_feedback
AFTER UPDATE OF owner_id ON debrief_interview
FOR EACH ROW WHEN (OLD.owner_id IS DISTINCT FROM NEW.owner_id)
EXECUTE FUNCTION debrief_interview_owner_to_feedback();

UPDATE debrief_feedbackrequest f SET owner_id = i.owner_id
FROM debrief_interview i WHERE i.id = f.interview_id;
"""

DROP_OWNER_TRIGGERS = """
DROP FUNCTION IF EXISTS debrief_feedbackrequest_takes_interview_owner() CASCADE;
DROP FUNCTION IF EXISTS debrief_interview_owner_to_feedback() CASCADE;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("debrief", "0020_caseload_figures"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="feedbackrequest",
            name="owner",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunSQL(KEEP_OWNER, DROP_OWNER_TRIGGERS),
        migrations.AddIndex(
            model_name="feedbackrequest",
            index=models.Index(
                condition=models.Q(("status__in", ["requested", "followed_up"])),
                fields=["owner", "follow_up_due"],
                name="feedbackrequest_owner_awaiting",
            ),
        ),
    ]
