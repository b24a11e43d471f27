"""Send what is due at a moment: the scheduler's passes, then the deliveries, here and now."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from debrief.models import Notification
from debrief.services import delivery, reminders
from debrief.services.reminder_writing import EVENING_HOUR, MORNING_HOUR


def moment(text: str) -> datetime.datetime:
    try:
        parsed = datetime.datetime.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"{text!r} is not a moment like 2026-12-01 18:00.") from error
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)


def passes(until: datetime.datetime, days: int) -> list[datetime.datetime]:
    """The moments a scheduler would have found new reminders at: 08:00 and 18:00 of each of
    the `days` days up to `until` (site time), and `until` itself."""
    local = timezone.localtime(until)
    moments = []
    for back in range(days - 1, -1, -1):
        date = local.date() - datetime.timedelta(days=back)
        for hour in (MORNING_HOUR, EVENING_HOUR):
            candidate = timezone.make_aware(datetime.datetime.combine(date, datetime.time(hour)))
            if candidate < until:
                moments.append(candidate)
    return [*moments, until]


class Command(BaseCommand):
    help = (
        "Write and send the reminders due by --at (default: now; a time without a zone is in "
        "the site's time zone), as the scheduler and a worker would have through the --days "
        "days up to it (default 7: passes at 08:00 and 18:00 of each day, then --at itself; "
        "--days 1 for that day alone). Nothing is sent twice. In development the emails are "
        "printed here."
    )

    def add_arguments(self, parser):
        parser.add_argument("--at", type=moment, help='e.g. "2026-12-01 18:00"')
        parser.add_argument("--days", type=int, default=7, help="days of passes up to --at")

    def handle(self, *args, at: datetime.datetime | None, days: int, **options):
        if days < 1:
            raise CommandError("--days is at least 1.")
        counts = {"sent": 0, "skipped": 0, "retry": 0, "failed": 0}
        for now in passes(at or timezone.now(), days):
            reminders.plan(now)
            pending = list(
                Notification.objects.filter(
                    status=Notification.Status.PENDING, next_attempt_at__lte=now
                ).values_list("pk", flat=True)
            )
            for start in range(0, len(pending), reminders.BATCH_SIZE):
                batch = pending[start : start + reminders.BATCH_SIZE]
                for key, value in delivery.deliver(batch, now=now).items():
                    counts[key] += value
        self.stdout.write(", ".join(f"{value} {key}" for key, value in counts.items()))
