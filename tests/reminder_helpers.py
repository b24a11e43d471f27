"""Running the real django-tasks-db worker inside a test, on the test database's rows."""

import datetime
import zoneinfo

from django.db import connection
from django_tasks_db.models import DBTaskResult

from debrief.services import reminders
from debrief.tasks import run_queued_tasks

LONDON = zoneinfo.ZoneInfo("Europe/London")


def at(text: str, tz=LONDON) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text).replace(tzinfo=tz)


def run_worker(*, close_connection: bool = False) -> None:
    """Run every task in the queue with the real worker (debrief.tasks.run_queued_tasks); a
    thread of its own closes its connection afterwards."""
    try:
        run_queued_tasks()
    finally:
        if close_connection:
            connection.close()


def scheduler_pass_and_worker(clock, moment: datetime.datetime) -> None:
    """What the scheduler and a worker do at `moment`: plan, then run the queued deliveries."""
    clock.move_to(moment)
    reminders.plan()
    run_worker()


def failed_tasks() -> list[str]:
    return list(
        DBTaskResult.objects.filter(status="FAILED").values_list("exception_class_path", flat=True)
    )


class OutboxBackend:
    """A mail server that delivers to mail.outbox (Django's locmem backend, `inner`); a
    subclass's `send_messages` misbehaves first, as a real server may."""

    def __init__(self, *args, **kwargs):
        from django.core.mail.backends.locmem import EmailBackend

        self.inner = EmailBackend(*args, **kwargs)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


class RefusingBackend(OutboxBackend):
    """A mail server that refuses one address and delivers the rest to mail.outbox."""

    refused = "bounce@example.com"

    def send_messages(self, messages):
        import smtplib

        for message in messages:
            if self.refused in message.to:
                raise smtplib.SMTPRecipientsRefused({self.refused: (550, b"No such user")})
        return self.inner.send_messages(messages)
