"""`manage.py rebuild_summaries` rebuilds every derived store from the source tables
(debrief/summaries/stores.py): after a bulk load made with the triggers off, and by seeding."""

import time

from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from debrief.summaries import stores


class Command(BaseCommand):
    help = "Rebuild every derived store (dashboard, caseload, report summaries) from the record."

    def add_arguments(self, parser):
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, database: str, **options):
        started = time.perf_counter()
        with transaction.atomic(using=database), connections[database].cursor() as cursor:
            stores.rebuild(cursor)
        self.stdout.write(f"Rebuilt every derived store in {time.perf_counter() - started:.1f} s.")
