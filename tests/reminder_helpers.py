"""Running the real django-tasks-db worker inside a test, on the test database's rows."""

import datetime
import zoneinfo

from django.db import connection
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from debrief.services import reminders

LONDON = zoneinfo.ZoneInfo("Europe/London")


def at(text: str, tz=LONDON) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text).replace(tzinfo=tz)


def run_worker(*, close_connection: bool = False) -> None:
    """Run every task in the queue with the worker `manage.py db_worker --batch` runs (without
    its signal handlers, which only the main thread may install), then return."""
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=get_random_string(32),
        excluded_queue_names=[],
    )
    try:
        worker.run()
    finally:
        if close_connection:
            connection.close()


def scheduler_pass_and_worker(time_machine, moment: datetime.datetime) -> None:
    """What the scheduler and a worker do at `moment`: plan, then run the queued deliveries."""
    time_machine.move_to(moment, tick=False)
    reminders.plan()
    run_worker()


def failed_tasks() -> list[str]:
    return list(
        DBTaskResult.objects.filter(status="FAILED").values_list("exception_class_path", flat=True)
    )


class RefusingBackend:
    """A mail server that refuses one address and delivers the rest to mail.outbox."""

    refused = "bounce@example.com"

    def __init__(self, *args, **kwargs):
        from django.core.mail.backends.locmem import EmailBackend

        self.inner = EmailBackend(*args, **kwargs)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def send_messages(self, messages):
        import smtplib

        for message in messages:
            if self.refused in message.to:
                raise smtplib.SMTPRecipientsRefused({self.refused: (550, b"No such user")})
        return self.inner.send_messages(messages)
