"""`manage.py seed_demo` (idempotent) creates a demo job seeker with three months of believable
history, and a demo adviser the job seeker shares their record with (debrief/demo/).

`manage.py seed_demo --applications 10000 --email bench@example.com` builds the same history,
scaled, for benchmarks.
"""

import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from debrief import demo
from debrief.demo import DEMO_PASSWORD

FORCE_HELP = "Run even with DEBUG off (e.g. to seed a benchmark database)."


def refuse_without_debug(command: str, *, force: bool) -> None:
    """Demo accounts have a public password and the demo adviser a public authenticator key:
    they belong on a development machine, never on a live site by accident."""
    if not settings.DEBUG and not force:
        raise CommandError(
            f"{command} creates accounts anyone can sign in to, so it only runs with DEBUG on. "
            "Pass --force to run it with DEBUG off."
        )


class Command(BaseCommand):
    help = (
        "Create the demo job seeker (with three months of history) and the demo adviser, "
        "idempotently, and print their logins. With --applications N --email E, give job "
        "seeker E the same history scaled to N applications (for benchmarks)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--applications", type=int, help="How many applications to build.")
        parser.add_argument(
            "--email", help="The job seeker to build them for (with --applications)."
        )
        parser.add_argument("--seed", type=int, default=2026, help="Random seed (deterministic).")
        parser.add_argument("--force", action="store_true", help=FORCE_HELP)

    def handle(
        self,
        *args,
        applications: int | None,
        email: str | None,
        seed: int,
        force: bool,
        **options,
    ):
        refuse_without_debug("seed_demo", force=force)
        started = time.perf_counter()
        if applications is not None or email is not None:
            self.seed_benchmark(applications, email, seed)
        else:
            self.seed_demo(seed)
        # As after any bulk load: every derived store counted afresh from what was written.
        call_command("rebuild_summaries", stdout=self.stdout)
        self.stdout.write(f"Took {time.perf_counter() - started:.1f} s.")

    def seed_demo(self, seed: int) -> None:
        seeker, adviser = demo.seed_demo(seed, self.stdout.write)
        admin, advisers = demo.seed_demo_service(seed, self.stdout.write)
        colleagues = "".join(f"  adviser:       {other.email}\n" for other in advisers[1:])
        self.stdout.write(
            f"\nDemo logins (password for all: {DEMO_PASSWORD})\n"
            f"  job seeker: {seeker.email}\n"
            f"  adviser:    {adviser.email}\n"
            f"{demo.DEMO_SERVICE} (the adviser above is one of its three advisers):\n"
            f"  service admin: {admin.email} (outcome report: /service/report/)\n"
            f"{colleagues}"
            f"  clients:       {demo.cohort_email(0)} … {demo.cohort_email(demo.DEMO_COHORT - 1)}\n"
        )
        # Staff sign in with a second step; print each demo authenticator's current code.
        call_command("demo_totp", force=True, stdout=self.stdout)

    def seed_benchmark(self, count: int | None, email: str | None, seed: int) -> None:
        if not count or count < 1 or not email:
            raise CommandError("Give both --applications N (at least 1) and --email.")
        try:
            validate_email(email)
        except ValidationError as error:
            raise CommandError(f"{email!r} is not an email address.") from error
        seeker = demo.seed_benchmark(email, count, seed, self.stdout.write)
        self.stdout.write(f"Login: {seeker.email} / {DEMO_PASSWORD}")
