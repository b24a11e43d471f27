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

Everything goes to bench/results.json; the targets of issue 4 and issue 8 (item 11) are printed PASS
or FAIL.
gunicorn and the embedded database are stopped at the end. The exit status is non-zero only when
the run itself failed (a page that does not answer 200, wrk missing).
"""

import argparse
import contextlib
import datetime
import http.client
import json
import os
import platform
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench import service

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
SIZES = (100, 10_000)
BENCH_DATABASE = "debrief_bench"
UNDER_LOAD = ["-c16", "-t2"]
ONE_AT_A_TIME = ["-c1", "-t1"]
FLOOR_FACTOR = 4.0
SCALE_FACTOR = 1.5
# Issue 8, item 11: the first dashboard visit after a change, and the applications list, at 10,000.
COLD_FACTOR = 8.0
LIST_FACTOR = 2.0
QUERY_BUDGET = 12
# Issue 11, item 7: the outcome report over 500,000 applications, and a caseload of 500 clients
# within the first wave's bar (FLOOR_FACTOR).
REPORT_FACTOR = 10.0
SERVICE_REPORT = "/service/report/ (500,000)"
CASELOAD_500 = "/adviser/ (500 clients)"
CASELOAD_QUERY_BUDGET = 14
# ATOMIC_REQUESTS wraps each request in a transaction: its control statements are not queries.
TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    # Whose session cookie it sends: the job seeker with that many applications, or a staff
    # member of the bench careers service (bench/service.py) by email.
    size: int | str | None = None


def email_for(size: int) -> str:
    return f"bench-{size}@debrief.example"


def say(message: str) -> None:
    print(message, flush=True)


# --- Setting up ----------------------------------------------------------------------------------


def ensure_wrk() -> None:
    if shutil.which("wrk"):
        return
    say("wrk is missing: installing it from the Debian packages (apt-get install -y wrk)")
    apt = ["apt-get", "install", "-y", "-qq", "wrk"]
    if os.geteuid() != 0:
        apt.insert(0, "sudo")
    subprocess.run(apt, check=False, env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    if not shutil.which("wrk"):
        sys.exit("Could not install wrk: install it (apt-get install wrk) and run again.")


def with_database_name(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


@contextlib.contextmanager
def database():
    """DATABASE_URL if set; else a database of its own in the embedded PostgreSQL, which stops
    when this process ends (config/devdb.py registers that)."""
    if url := os.environ.get("DATABASE_URL"):
        yield url
        return
    import psycopg

    from config.devdb import embedded_database_url

    say("Starting the embedded PostgreSQL")
    development_url = embedded_database_url()
    with psycopg.connect(development_url, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DATABASE]
        ).fetchone()
        if not exists:
            connection.execute(f"CREATE DATABASE {BENCH_DATABASE}")
    yield with_database_name(development_url, BENCH_DATABASE)


def production_environment(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "EMAIL_URL": "consolemail://",
        "DJANGO_CONN_MAX_AGE": "600",
        "DJANGO_LOG_LEVEL": "WARNING",
    }


def manage(*arguments: str) -> None:
    subprocess.run([sys.executable, "manage.py", *arguments], cwd=ROOT, check=True)


def seed(size: int) -> None:
    from debrief.models import Application

    if Application.objects.filter(owner__email=email_for(size)).exists():
        say(f"{email_for(size)} already has its applications")
        return
    say(f"Seeding {email_for(size)} with {size:,} applications")
    # --force: the benchmark runs with DEBUG off, and its users are not the public demo logins.
    manage("seed_demo", "--applications", str(size), "--email", email_for(size), "--force")


def signed_in_cookie(size: int) -> str:
    """A session for the job seeker, made directly in the database (no sign-in form, so
    django-axes and Argon2 stay out of the measurement)."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from debrief.models import User

    user = User.objects.get(email=email_for(size))
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def upcoming_interview(size: int) -> int:
    from debrief.models import Interview, User

    user = User.objects.get(email=email_for(size))
    interview = Interview.objects.for_user(user).upcoming().first()
    if interview is None:
        sys.exit(f"{email_for(size)} has no upcoming interview to prepare for.")
    return interview.pk


def pages_to_measure() -> list[Page]:
    small, large = SIZES
    return [
        Page("floor: bare view", "/bench/floor/bare"),
        Page("floor: one-query page", "/bench/floor/one-query", large),
        Page("/healthz", "/healthz"),
        Page(f"/applications/ ({small:,})", "/applications/", small),
        Page(f"/applications/ ({large:,})", "/applications/", large),
        Page(f"/dashboard/ ({small:,})", "/dashboard/", small),
        Page(f"/dashboard/ ({large:,})", "/dashboard/", large),
        Page(f"cold /dashboard/ ({small:,})", "/bench/cold/dashboard", small),
        Page(f"cold /dashboard/ ({large:,})", "/bench/cold/dashboard", large),
        Page(f"prepare ({small:,})", f"/interviews/{upcoming_interview(small)}/prepare/", small),
        Page(f"prepare ({large:,})", f"/interviews/{upcoming_interview(large)}/prepare/", large),
        Page(SERVICE_REPORT, "/service/report/", service.ADMIN_EMAIL),
        Page(CASELOAD_500, "/adviser/", service.CASELOAD_ADVISER),
    ]


def count_queries(pages: list[Page], cookies: dict[int, str]) -> dict[str, int]:
    """Each page's database queries, through Django's test client in this process."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    connection.ensure_connection()  # Its set-up queries are not the page's.
    counts = {}
    for page in pages:
        client = Client(HTTP_HOST="127.0.0.1")
        if page.size:
            client.cookies.load(cookies[page.size])
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page.path)
        if response.status_code != 200:
            sys.exit(f"{page.path} answered {response.status_code} in-process.")
        counts[page.name] = sum(
            not query["sql"].startswith(TRANSACTION_CONTROL) for query in queries.captured_queries
        )
    return counts


# --- Serving -------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(port: int, path: str, cookie: str | None = None) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


@contextlib.contextmanager
def gunicorn(environment: dict[str, str], workers: int):
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--worker-class",
            "sync",
            "--log-level",
            "warning",
            "--no-control-socket",
        ],
        cwd=ROOT,
        env=environment,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            if server.poll() is not None:
                sys.exit("gunicorn stopped while starting: see its messages above.")
            with contextlib.suppress(OSError):
                if get(port, "/healthz") == 200:
                    break
            if time.monotonic() > deadline:
                sys.exit("gunicorn did not answer /healthz within 30 s.")
            time.sleep(0.2)
        say(f"gunicorn serves on http://127.0.0.1:{port} with {workers} sync workers")
        yield port
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


# --- Measuring -----------------------------------------------------------------------------------

UNITS_IN_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def parse_wrk(output: str) -> dict:
    """Requests/s, the latency percentiles (ms) and any errors from wrk's report."""
    percentiles = {
        int(percent): float(value) * UNITS_IN_MS[unit]
        for percent, value, unit in re.findall(
            r"^\s+(50|75|90|99)%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.MULTILINE
        )
    }
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    requests = re.search(r"(\d+) requests in", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if not (rps and requests and 50 in percentiles and 99 in percentiles):
        raise ValueError(f"Unexpected wrk output:\n{output}")
    return {
        "rps": float(rps.group(1)),
        "p50_ms": percentiles[50],
        "p99_ms": percentiles[99],
        "requests": int(requests.group(1)),
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
        # Read errors are the sync worker closing each connection, which wrk reopens.
        "socket_errors": sum(int(socket_errors.group(n)) for n in (1, 3, 4))
        if socket_errors
        else 0,
    }


def wrk(port: int, page: Page, cookie: str | None, connections: list[str], seconds: int):
    command = ["wrk", *connections, f"-d{seconds}s", "--latency", "--timeout", "10s"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    command.append(f"http://127.0.0.1:{port}{page.path}")
    return parse_wrk(subprocess.run(command, capture_output=True, text=True, check=True).stdout)


def drain(port: int) -> None:
    """Wait until the server has answered what a load run left queued: a slow page's backlog
    would otherwise land on the next page's measurement."""
    deadline = time.monotonic() + 60
    quick = 0
    while quick < 3 and time.monotonic() < deadline:
        started = time.monotonic()
        get(port, "/healthz")
        quick = quick + 1 if time.monotonic() - started < 0.05 else 0


def single(port: int, page: Page, cookie: str | None, seconds: int) -> dict:
    """One request at a time; longer when no request finished in time (a page slower than the
    run), so that p50 is always a measured latency."""
    for attempt in range(3):
        result = wrk(port, page, cookie, ONE_AT_A_TIME, seconds * (attempt + 1) * 2 - seconds)
        if result["requests"]:
            return result
    sys.exit(f"{page.path} answered no request within {seconds * 5} s one at a time.")


def measure(port: int, pages: list[Page], cookies: dict, rounds: int, seconds: int) -> dict:
    say("Warming up every page (1 s each)")
    for page in pages:
        wrk(port, page, cookies.get(page.size), UNDER_LOAD, 1)
        drain(port)
    measured = {page.name: [] for page in pages}
    for number in range(1, rounds + 1):
        for page in pages:
            cookie = cookies.get(page.size)
            load = wrk(port, page, cookie, UNDER_LOAD, seconds)
            drain(port)
            one_by_one = single(port, page, cookie, seconds)
            measured[page.name].append(
                {
                    "rps": load["rps"],
                    "p50_ms": one_by_one["p50_ms"],
                    "p99_ms": one_by_one["p99_ms"],
                    "under_load_p50_ms": load["p50_ms"],
                    "under_load_p99_ms": load["p99_ms"],
                    "non_2xx": load["non_2xx"] + one_by_one["non_2xx"],
                    "socket_errors": load["socket_errors"] + one_by_one["socket_errors"],
                }
            )
            say(
                f"  round {number}/{rounds}  {page.name:<28} {load['rps']:>8.0f} req/s  "
                f"p50 {one_by_one['p50_ms']:>7.2f} ms  p99 {one_by_one['p99_ms']:>7.2f} ms"
            )
    return measured


# --- Reporting -----------------------------------------------------------------------------------


def median_ratio(measured: dict, page: str, floor: str, key: str, *, inverse=False) -> float:
    """The median over rounds of page/floor (or floor/page for throughput: how many times
    slower the page is, either way)."""
    ratios = [
        (floor_round[key] / page_round[key]) if inverse else (page_round[key] / floor_round[key])
        for page_round, floor_round in zip(measured[page], measured[floor], strict=True)
    ]
    return statistics.median(ratios)


def summarise(pages: list[Page], measured: dict, queries: dict) -> dict:
    bare, one_query = pages[0].name, pages[1].name
    summary = {}
    for page in pages:
        rounds = measured[page.name]
        summary[page.name] = {
            "path": page.path,
            "applications": page.size,
            "queries": queries[page.name],
            "rounds": rounds,
            "median": {
                key: statistics.median(r[key] for r in rounds)
                for key in ("rps", "p50_ms", "p99_ms", "under_load_p50_ms", "under_load_p99_ms")
            },
            "p50_vs_bare": median_ratio(measured, page.name, bare, "p50_ms"),
            "p50_vs_one_query": median_ratio(measured, page.name, one_query, "p50_ms"),
            "rps_slower_than_bare": median_ratio(measured, page.name, bare, "rps", inverse=True),
            "rps_slower_than_one_query": median_ratio(
                measured, page.name, one_query, "rps", inverse=True
            ),
        }
    return summary


def within(what: str, ratio: float, limit: float) -> dict:
    return {"target": what, "ratio": ratio, "limit": limit, "passed": ratio <= limit}


def targets(pages: list[Page], measured: dict, queries: dict) -> list[dict]:
    one_query = pages[1].name
    small, large = (f"{size:,}" for size in SIZES)
    small_dashboard, large_dashboard = f"/dashboard/ ({small})", f"/dashboard/ ({large})"
    small_prepare, large_prepare = f"prepare ({small})", f"prepare ({large})"
    checks = [
        within(
            f"cold dashboard (first visit after a change) p50 at {large} within "
            f"{COLD_FACTOR:g}x the one-query page",
            median_ratio(measured, f"cold /dashboard/ ({large})", one_query, "p50_ms"),
            COLD_FACTOR,
        ),
        within(
            f"applications list p50 at {large} within {LIST_FACTOR:g}x the one-query page",
            median_ratio(measured, f"/applications/ ({large})", one_query, "p50_ms"),
            LIST_FACTOR,
        ),
    ]
    for what, small, large in [
        ("dashboard", small_dashboard, large_dashboard),
        ("preparation sheet", small_prepare, large_prepare),
    ]:
        floor_ratio = median_ratio(measured, large, one_query, "p50_ms")
        scale_ratio = median_ratio(measured, large, small, "p50_ms")
        checks += [
            {
                "target": f"{what} p50 at {SIZES[1]:,} within {FLOOR_FACTOR:g}x the one-query page",
                "ratio": floor_ratio,
                "limit": FLOOR_FACTOR,
                "passed": floor_ratio <= FLOOR_FACTOR,
            },
            {
                "target": f"{what} p50 at {SIZES[1]:,} within {SCALE_FACTOR:g}x the same page at "
                f"{SIZES[0]:,}",
                "ratio": scale_ratio,
                "limit": SCALE_FACTOR,
                "passed": scale_ratio <= SCALE_FACTOR,
            },
        ]
    checks += [
        within(
            f"outcome report p50 over {service.CLIENTS * service.APPLICATIONS_EACH:,} "
            f"applications within {REPORT_FACTOR:g}x the one-query page",
            median_ratio(measured, SERVICE_REPORT, one_query, "p50_ms"),
            REPORT_FACTOR,
        ),
        within(
            f"caseload of {service.CLIENTS // service.ADVISERS} clients p50 within "
            f"{FLOOR_FACTOR:g}x the one-query page",
            median_ratio(measured, CASELOAD_500, one_query, "p50_ms"),
            FLOOR_FACTOR,
        ),
    ]
    # The caseload's own budget is its test's (tests/test_caseload.py): 14.
    most = max(count for name, count in queries.items() if name != CASELOAD_500)
    checks += [
        within(f"no page above {QUERY_BUDGET} queries", most, QUERY_BUDGET),
        within(
            f"caseload within {CASELOAD_QUERY_BUDGET} queries",
            queries[CASELOAD_500],
            CASELOAD_QUERY_BUDGET,
        ),
    ]
    return checks


def print_report(summary: dict, checks: list[dict], rounds: int) -> None:
    say("")
    say(f"Medians over {rounds} rounds; ratios are medians of the per-round ratios.")
    say(
        f"{'page':<28} {'queries':>7} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} "
        f"{'p50/bare':>9} {'p50/1-query':>11} {'rps bare/page':>13} {'rps 1-query/page':>16}"
    )
    for name, page in summary.items():
        median = page["median"]
        say(
            f"{name:<28} {page['queries']:>7} {median['rps']:>8.0f} {median['p50_ms']:>8.2f} "
            f"{median['p99_ms']:>8.2f} {page['p50_vs_bare']:>9.2f} "
            f"{page['p50_vs_one_query']:>11.2f} {page['rps_slower_than_bare']:>13.2f} "
            f"{page['rps_slower_than_one_query']:>16.2f}"
        )
    say("")
    for check in checks:
        verdict = "PASS" if check["passed"] else "FAIL"
        say(f"{verdict}  {check['target']}: {check['ratio']:.2f} (limit {check['limit']:g})")


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
    options = parser.parse_args()
    if options.pages_only and options.reminders_only:
        parser.error("--pages-only and --reminders-only exclude each other")

    if not options.reminders_only:
        ensure_wrk()
    load_before = os.getloadavg()
    with database() as database_url:
        environment = production_environment(database_url)
        os.environ.update(environment)
        say("Migrating")
        manage("migrate", "--no-input", "-v0")
        import django

        django.setup()
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

    load_after = os.getloadavg()
    summary = summarise(pages, measured, queries)
    checks = targets(pages, measured, queries)
    print_report(summary, checks, options.rounds)
    if reminders_result is not None:
        say(reminders_result["summary"])
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
                "service_seeding_seconds": service_seeding,
                "write_cost": write,
            },
            indent=2,
        )
        + "\n"
    )
    say(f"\nWritten to {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
