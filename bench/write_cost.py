"""What the derived stores cost a write: one application inserted, as a form saves it.

    .venv/bin/python -m bench.write_cost      # alone: migrate and seed as `make bench` does
    (make bench measures it too, after seeding, and writes it to bench/results.json)

Each trigger that keeps a derived store runs inside the statement that wrote the row, so its
cost is paid by the person who pressed Save. For the job seeker with 10,000 applications (the
bench's large record), one application is inserted with the ORM, then the transaction is rolled
back so the record stays as seeded; the same insert is timed with the derived stores' triggers
switched off for the transaction (`session_replication_role = replica` skips every ordinary
trigger), and the difference is what the stores cost. Medians over ROUNDS inserts.
"""

import statistics
import time

ROUNDS = 200
OWNER = "bench-10000@debrief.example"


class RolledBack(Exception):
    pass


def one_insert(owner, *, triggers: bool) -> float:
    from django.db import connection, transaction

    from debrief.models import Application

    try:
        with transaction.atomic():
            if not triggers:
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL session_replication_role = replica")
            started = time.perf_counter()
            Application.objects.create(owner=owner, employer="Write Cost Ltd", role_title="Tester")
            elapsed = time.perf_counter() - started
            raise RolledBack
    except RolledBack:
        return elapsed


def measure() -> dict:
    from debrief.models import User

    owner = User.objects.get(email=OWNER)
    for _ in range(10):  # warm the connection, the plans and the caches
        one_insert(owner, triggers=True)
        one_insert(owner, triggers=False)
    with_stores, without = [], []
    for _ in range(ROUNDS):
        with_stores.append(one_insert(owner, triggers=True))
        without.append(one_insert(owner, triggers=False))
    kept_ms = statistics.median(with_stores) * 1000
    bare_ms = statistics.median(without) * 1000
    result = {
        "insert_ms": round(kept_ms, 2),
        "insert_without_triggers_ms": round(bare_ms, 2),
        "stores_ms": round(kept_ms - bare_ms, 2),
        "rounds": ROUNDS,
    }
    print(
        f"One application inserted (10,000 in the record): {kept_ms:.2f} ms with the derived "
        f"stores, {bare_ms:.2f} ms without: the stores cost {kept_ms - bare_ms:.2f} ms",
        flush=True,
    )
    return result


def main() -> None:
    import os

    from bench.__main__ import database, manage, production_environment, say, seed

    with database() as database_url:
        os.environ.update(production_environment(database_url))
        say("Migrating")
        manage("migrate", "--no-input", "-v0")
        import django

        django.setup()
        seed(10_000)
        measure()


if __name__ == "__main__":
    main()
