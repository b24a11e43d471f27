"""Background work, run by `manage.py db_worker` (django-tasks-db: the queue is a PostgreSQL
table) and scheduled by `manage.py crontask` (django-crontask: APScheduler enqueues the periodic
tasks; it does no work itself)."""

from crontask import cron
from django.conf import settings
from django.core.management import call_command
from django.tasks import task

from debrief.services import delivery, importing, invitations, queue, reminders

# Often enough that a reminder due at 08:00 or 18:00 local time goes out within minutes of it
# (every five minutes; DEBRIEF_PLAN_SCHEDULE changes it, e.g. every minute under make cluster).
PLAN_SCHEDULE = settings.REMINDER_PLAN_SCHEDULE


@queue.register
@task
def deliver_notifications(ids: list[int]) -> dict[str, int]:
    return delivery.deliver(ids)


@queue.register
@task
def send_client_invitations(batch_id: int) -> dict[str, int]:
    return invitations.send_batch(batch_id)


@queue.register
@task
def import_applications(batch_id: int) -> int:
    return importing.run_import(batch_id)


@cron(PLAN_SCHEDULE)
@task
def plan_reminders() -> int:
    return reminders.plan()


@cron("17 3 * * *")
@task
def prune_task_results() -> None:
    """The queue is a table: finished tasks older than two weeks go (django-tasks-db's command)."""
    call_command("prune_db_task_results", min_age_days=14, verbosity=0)


@cron("41 3 * * *")
@task
def delete_stale_invitation_drafts() -> int:
    """A list previewed and never sent is kept a week (to change and send it), then deleted."""
    return invitations.delete_stale_drafts()


@cron("43 3 * * *")
@task
def delete_stale_import_drafts() -> int:
    """A file read for import and never confirmed is kept a week, then deleted."""
    return importing.delete_stale_drafts()


def run_queued_tasks() -> None:
    """Run every task in the queue, here and now, with the loop `manage.py db_worker --batch`
    runs (without its signal handlers, which only a main thread may install), then return: for
    the tests and the benchmark, which need the real worker on the real queue."""
    from django.utils.crypto import get_random_string
    from django_tasks_db.management.commands.db_worker import Worker

    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=get_random_string(32),
        excluded_queue_names=[],
    ).run()
