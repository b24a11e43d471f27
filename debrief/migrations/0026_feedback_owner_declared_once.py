"""A feedback request's owner kept by row triggers declared in the models
(debrief/summaries/feedback_owner.py); migration 0021's hand-made ones are dropped."""

import importlib

import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations

OLD_OWNER = importlib.import_module("debrief.migrations.0021_feedbackrequest_owner")


class Migration(migrations.Migration):

    dependencies = [
        ('debrief', '0025_caseload_counts_from_dashboard'),
    ]

    operations = [
        migrations.RunSQL(OLD_OWNER.DROP_OWNER_TRIGGERS, OLD_OWNER.KEEP_OWNER),
        pgtrigger.migrations.AddTrigger(
            model_name='feedbackrequest',
            trigger=pgtrigger.compiler.Trigger(name='takes_interview_owner', sql=pgtrigger.compiler.UpsertTriggerSql(func='\nNEW.owner_id := (SELECT owner_id FROM debrief_interview WHERE id = NEW.interview_id);\nRETURN NEW;\n', hash='154ddc45996077f097fd3fd5f83b799968b01bae', operation='INSERT OR UPDATE OF "interview_id", "owner_id"', pgid='pgtrigger_takes_interview_owner_0346c', table='debrief_feedbackrequest', when='BEFORE')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='interview',
            trigger=pgtrigger.compiler.Trigger(name='owner_to_feedback_requests', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.owner_id IS DISTINCT FROM NEW.owner_id)', func='\nUPDATE debrief_feedbackrequest SET owner_id = NEW.owner_id\nWHERE interview_id = NEW.id AND owner_id IS DISTINCT FROM NEW.owner_id;\nRETURN NULL;\n', hash='c6d4fbe1e7d13d3d673803dc0d4d3c0fa7a14fef', operation='UPDATE OF "owner_id"', pgid='pgtrigger_owner_to_feedback_requests_0f4a1', table='debrief_interview', when='AFTER')),
        ),
    ]
