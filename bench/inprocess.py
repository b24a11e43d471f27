"""Time the pages of issue 8 (item 11) and the preparation sheet in-process, interleaved, with
Django's test Client.

    .venv/bin/python -m bench.inprocess [--requests 40]

Uses the database `make bench` seeded (`debrief_bench` in the embedded PostgreSQL, or
DATABASE_URL) and its 10,000-application job seeker. No HTTP server and no wrk, so it can run
beside other work: each page's median is compared with the one-query page's median of the same
run. Then the cold dashboard's figures are timed one function at a time.
"""

import argparse
import os
import statistics
import time

from bench.seeding import (
    BENCH_DATABASE,
    SIZES,
    email_for,
    production_environment,
    with_database_name,
)

PAGES = {
    "one-query": "/bench/floor/one-query",
    "cold dashboard": "/bench/cold/dashboard",
    "list": "/applications/",
    "warm dashboard": "/dashboard/",
}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.inprocess")
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument(
        "--service",
        action="store_true",
        help="the outcome report (500,000 applications) and a 500-client caseload instead "
        "(seeds the bench careers service first when missing; migrate the database first)",
    )
    options = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        from config.devdb import embedded_database_url

        os.environ["DATABASE_URL"] = with_database_name(embedded_database_url(), BENCH_DATABASE)
    # As `make bench` serves it, but to Django's test client (host "testserver").
    os.environ.update(
        production_environment(os.environ["DATABASE_URL"]), DEBRIEF_ALLOWED_HOSTS="testserver"
    )
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from debrief.models import User
    from debrief.services import dashboard, dashboard_lists

    if options.service:
        measure_service(options.requests)
        return
    from bench.seeding import upcoming_interview

    user = User.objects.get(email=email_for(SIZES[-1]))
    client = Client()
    client.force_login(user)
    pages = {**PAGES, "prepare": f"/interviews/{upcoming_interview(SIZES[-1])}/prepare/"}
    for path in pages.values():  # warm-up
        assert client.get(path).status_code == 200, path
    time_interleaved({name: (client, path) for name, path in pages.items()}, options.requests)

    # As debrief.auth loads the signed-in person (the silence clock reads their settings).
    user = User.objects.select_related("record_version", "reply_settings").get(pk=user.pk)
    today = timezone.localdate()
    now = timezone.now()
    figures, _ = dashboard.figures_and_attention(user, today, now)
    parameters = dashboard_lists.lists_parameters(user, today, now)

    def read(sql: str) -> None:
        with connection.prepared_cursor() as cursor:
            cursor.execute(sql, parameters)
            cursor.fetchone()

    parts = {
        "counts statement": lambda: read(dashboard_lists.KEPT_FIGURES_SQL),
        "lists statement": lambda: read(dashboard_lists.RECORD_LISTS_SQL),
        "silences statement": lambda: read(dashboard_lists.SILENCES_SQL),
        "patterns statement": lambda: read(dashboard_lists.PATTERNS_SQL),
        "figures_and_attention": lambda: connection.pipelined(
            lambda: dashboard.figures_and_attention(user, today, now)
        ),
        "interviews_needing_attention": lambda: dashboard.interviews_needing_attention(
            user, now, figures["undebriefed_earlier"]
        ),
    }
    print("cold dashboard's figures, median of 15:")
    for name, compute in parts.items():
        values = []
        for _ in range(15):
            start = time.perf_counter()
            compute()
            values.append(time.perf_counter() - start)
        print(f"  {name:28} {statistics.median(values) * 1000:7.2f} ms")


def measure_service(requests: int) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench import service

    service.seed()
    pages = {
        "one-query": ("/bench/floor/one-query", service.ADMIN_EMAIL),
        "outcome report": ("/service/report/", service.ADMIN_EMAIL),
        "caseload (500)": ("/adviser/", service.CASELOAD_ADVISER),
    }
    clients = {}
    for email in {who for _, who in pages.values()}:
        clients[email] = Client()
        clients[email].cookies.load(service.verified_cookie(email))
    for name, (path, who) in pages.items():
        with CaptureQueriesContext(connection) as queries:
            assert clients[who].get(path).status_code == 200, path
        print(f"  {name:16} {len(queries)} queries (transaction control included)")
    time_interleaved({name: (clients[who], path) for name, (path, who) in pages.items()}, requests)


def time_interleaved(pages: dict, requests: int) -> None:
    """Each page (name: (client, path)) `requests` times, the pages taking turns, and its median
    against the one-query page's."""
    timings = {name: [] for name in pages}
    for _ in range(requests):
        for name, (client, path) in pages.items():
            start = time.perf_counter()
            client.get(path)
            timings[name].append(time.perf_counter() - start)
    floor = statistics.median(timings["one-query"])
    print(f"load average {os.getloadavg()[0]:.2f}; {requests} interleaved requests each")
    for name, values in timings.items():
        median = statistics.median(values)
        print(f"  {name:16} p50 {median * 1000:7.2f} ms  {median / floor:5.2f}x one-query")


if __name__ == "__main__":
    main()
