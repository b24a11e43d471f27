"""Load-test Debrief's main pages as they run in production.

    make bench                      # or: .venv/bin/python -m bench [--rounds 3] [--duration 5]

Method. With DATABASE_URL unset, the embedded PostgreSQL (config/devdb.py) is started and a
`debrief_bench` database is used inside it. The schema is migrated, two job seekers are seeded with
100 and 10,000 applications (`manage.py seed_demo --applications N --email E`, skipped when they
exist) and the static files are collected. The app is then served as in production: DEBUG off, a
generated secret key, persistent database connections, gunicorn sync workers = cores + 1, on a
free port of 127.0.0.1 (cookies are not `Secure` there, so that plain HTTP keeps the session).
Each job seeker is signed in by a session created directly in the database.

Two floors are served beside the app by bench/urls.py: a view that does nothing (the middleware
alone) and the cheapest personal page (sign-in required, one small query, a small template). Every
page is measured in each round, the pages interleaved, so a slow moment of the machine affects
all of them alike: requests/s under load (`wrk -c16 -t2`) and single-request latency
(`wrk -c1 -t1 --latency`: p50, p99). The ratios of each page to both floors are taken per round
and their medians reported; the absolute figures depend on the machine, the ratios much less.
The query count of each page is measured once, in-process, on the same data.

A careers service of 5,000 clients with 100 applications each (bench/service.py) gives the
outcome report at 500,000 applications (its service admin) and a caseload of 500 clients (one of
its ten advisers), both signed in with the two-step check passed.

The "cold" dashboard is the first visit after a change to the record: bench/urls.py serves the real
dashboard under a record version no request has used, so nothing is found in the cache.

Then the scheduler's pass over 10,000 job seekers with the demo's record each (bench/reminders.py):
users per second, planning and sending. `--reminders-only` measures just that; `--pages-only`
skips it (it seeds 10,000 users the first time, ~13 minutes).

Then an import of 2,000 applications from a CSV file, preview and worker included
(bench/importing.py); `--import-only` measures just that.

Everything goes to bench/results.json; the targets of issue 4 and issue 8 (item 11) are printed PASS
or FAIL.
gunicorn and the embedded database are stopped at the end. The exit status is non-zero only when
the run itself failed (a page that does not answer 200, wrk missing).
"""

import argparse
import datetime
import json
import os
import platform
import sys

from bench import say, service
from bench.limits import print_report, summarise, targets
from bench.measuring import ONE_AT_A_TIME, UNDER_LOAD, ensure_wrk, get, gunicorn, measure
from bench.pages import count_queries, pages_to_measure
from bench.seeding import (
    ROOT,
    SIZES,
    database,
    manage,
    production_environment,
    seed,
    signed_in_cookie,
)

RESULTS = ROOT / "bench" / "results.json"


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=5, help="seconds per wrk run")
    parser.add_argument(
        "--reminders-only", action="store_true", help="only the scheduler pass (bench/reminders.py)"
    )
    parser.add_argument(
        "--pages-only", action="store_true", help="only the pages, not the scheduler pass"
    )
    parser.add_argument("--import-only", action="store_true", help="only the import of 2,000 rows")
    options = parser.parse_args()
    if options.pages_only and options.reminders_only:
        parser.error("--pages-only and --reminders-only exclude each other")

    if not (options.reminders_only or options.import_only):
        ensure_wrk()
    load_before = os.getloadavg()
    with database() as database_url:
        environment = production_environment(database_url)
        os.environ.update(environment)
        say("Migrating")
        manage("migrate", "--no-input", "-v0")
        import django

        django.setup()
        if options.import_only:
            from bench import importing

            manage("collectstatic", "--no-input", "-v0")  # the preview's page links them
            result = importing.measure()
            say(result["summary"])
            RESULTS.write_text(json.dumps({"import": result}, indent=2) + "\n")
            return 0
        if options.reminders_only:
            from bench import reminders

            result = reminders.measure()
            RESULTS.write_text(json.dumps({"reminders": result}, indent=2) + "\n")
            say(f"\nWritten to {RESULTS.relative_to(ROOT)}")
            return 0
        for size in SIZES:
            seed(size)
        service_seeding = service.seed()
        from bench import write_cost

        write = write_cost.measure()
        from django.db import connection, connections

        # Fresh rows have no planner statistics until autovacuum comes round: plan as it would.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        say("Collecting static files")
        manage("collectstatic", "--no-input", "-v0")

        cookies = {size: signed_in_cookie(size) for size in SIZES}
        for email in (service.ADMIN_EMAIL, service.CASELOAD_ADVISER):
            cookies[email] = service.verified_cookie(email)
        pages = pages_to_measure()
        queries = count_queries(pages, cookies)
        from bench import breakdown

        say("Timing the pages in-process (bench/breakdown.py)")
        floor_breakdown = breakdown.measure(cookies)
        connections.close_all()

        workers = (os.cpu_count() or 1) + 1
        with gunicorn(environment, workers) as port:
            for page in pages:
                status = get(port, page.path, cookies.get(page.size))
                if status != 200:
                    sys.exit(f"{page.path} answered {status}, not 200: nothing measured.")
            measured = measure(port, pages, cookies, options.rounds, options.duration)

        # The scheduler's pass over 10,000 users (bench/reminders.py), with gunicorn stopped.
        reminders_result = None
        if not options.pages_only:
            from bench import reminders

            reminders_result = reminders.measure()
        from bench import importing

        import_result = importing.measure()

    load_after = os.getloadavg()
    summary = summarise(pages, measured, queries)
    checks = targets(pages, measured, queries)
    print_report(summary, checks, options.rounds)
    say("")
    for line in breakdown.report(floor_breakdown):
        say(line)
    if reminders_result is not None:
        say(reminders_result["summary"])
    say(import_result["summary"])
    # Other work on the machine skews every page alike, the floors too; say how busy it was.
    loads = (
        " ".join(f"{load:.2f}" for load in load_before),
        " ".join(f"{load:.2f}" for load in load_after),
    )
    say(f"Load average (1, 5, 15 min) before: {loads[0]}; after: {loads[1]}")
    errors = sum(r["non_2xx"] + r["socket_errors"] for p in measured.values() for r in p)
    if errors:
        say(f"\nWarning: {errors} failed requests (non-2xx or socket errors) during the run.")
    RESULTS.write_text(
        json.dumps(
            {
                "measured_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
                "machine": {
                    "cpus": os.cpu_count(),
                    "platform": platform.platform(),
                    "python": platform.python_version(),
                    "load_average_before": load_before,
                    "load_average_after": load_after,
                },
                "method": {
                    "rounds": options.rounds,
                    "seconds_per_run": options.duration,
                    "under_load": "wrk " + " ".join(UNDER_LOAD),
                    "one_at_a_time": "wrk " + " ".join(ONE_AT_A_TIME) + " --latency",
                    "gunicorn_sync_workers": workers,
                    "applications": list(SIZES),
                },
                "pages": summary,
                "targets": checks,
                "failed_requests": errors,
                "reminders": reminders_result,
                "import": import_result,
                "service_seeding_seconds": service_seeding,
                "write_cost": write,
                "breakdown_ms": floor_breakdown,
            },
            indent=2,
        )
        + "\n"
    )
    say(f"\nWritten to {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
