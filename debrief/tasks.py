"""Background work, run by `manage.py db_worker` (django-tasks-db: the queue is a PostgreSQL
table) and scheduled by `manage.py crontask` (django-crontask: APScheduler enqueues the periodic
tasks; it does no work itself)."""

from crontask import cron
from django.core.management import call_command
from django.tasks import task

from debrief.services import delivery, reminders

# Often enough that a reminder due at 08:00 or 18:00 local time goes out within minutes of it.
PLAN_SCHEDULE = "*/5 * * * *"


@task
def deliver_notifications(ids: list[int]) -> dict[str, int]:
    return delivery.deliver(ids)


@cron(PLAN_SCHEDULE)
@task
def plan_reminders() -> int:
    return reminders.plan()


@cron("17 3 * * *")
@task
def prune_task_results() -> None:
    """The queue is a table: finished tasks older than two weeks go (django-tasks-db's command)."""
    call_command("prune_db_task_results", min_age_days=14, verbosity=0)
