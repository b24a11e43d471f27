"""Send what is due at a moment: one scheduler pass, then the deliveries it enqueued, here."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from debrief.models import Notification
from debrief.services import delivery, reminders


def moment(text: str) -> datetime.datetime:
    try:
        parsed = datetime.datetime.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"{text!r} is not a moment like 2026-12-01 18:00.") from error
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)


class Command(BaseCommand):
    help = (
        "Write and send every reminder due at --at (default: now; a time without a zone is "
        "in the site's time zone), as the scheduler and a worker would. In development the "
        "emails are printed here."
    )

    def add_arguments(self, parser):
        parser.add_argument("--at", type=moment, help='e.g. "2026-12-01 18:00"')

    def handle(self, *args, at: datetime.datetime | None, **options):
        now = at or timezone.now()
        reminders.plan(now)
        pending = list(
            Notification.objects.filter(
                status=Notification.Status.PENDING, next_attempt_at__lte=now
            ).values_list("pk", flat=True)
        )
        counts = {"sent": 0, "skipped": 0, "retry": 0, "failed": 0}
        for start in range(0, len(pending), reminders.BATCH_SIZE):
            for key, value in delivery.deliver(
                pending[start : start + reminders.BATCH_SIZE], now=now
            ).items():
                counts[key] += value
        self.stdout.write(
            f"At {timezone.localtime(now):%Y-%m-%d %H:%M %Z}: "
            + ", ".join(f"{value} {key}" for key, value in counts.items())
        )
