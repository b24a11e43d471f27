"""Where a page's time goes, in-process: middleware, the view's own work, and templates.

    .venv/bin/python -m bench.breakdown [--requests 200]    # after `make bench` has seeded

Part of `make bench` (issue 22): the sign-in page, the one-query page, the dashboard (warm and
cold) and the applications list of the 10,000-application job seeker, the caseload of 500 clients
and the outcome report over 500,000 applications, each requested through Django's handler (no
HTTP server) with the time split three ways by wrapping the view (`BaseHandler.make_view_atomic`,
which every view passes through) and the outermost template render:

- template: rendering templates (the outermost render only: includes are inside it);
- view: the view's own work, its queries included, less the templates it rendered;
- middleware: the rest of the request (sessions, authentication, CSRF, security headers…).

Medians of per-request figures; absolute, so read them beside the machine's load.
"""

import argparse
import statistics
import time
from contextlib import contextmanager

from bench.seeding import SIZES
from bench.service import ADMIN_EMAIL, CASELOAD_ADVISER, verified_cookie

# Each page and whose session asks for it: a key of the cookies `make bench` signs in with (the
# job seeker's size, or the staff member's address).
PAGES = {
    "sign-in page": ("/accounts/login/", None),
    "one-query page": ("/bench/floor/one-query", SIZES[1]),
    "dashboard (10,000)": ("/dashboard/", SIZES[1]),
    "cold dashboard (10,000)": ("/bench/cold/dashboard", SIZES[1]),
    "applications list (10,000)": ("/applications/", SIZES[1]),
    "caseload (500 clients)": ("/adviser/", CASELOAD_ADVISER),
    "cold caseload (500 clients)": ("/bench/cold/caseload", CASELOAD_ADVISER),
    "outcome report (500,000)": ("/service/report/", ADMIN_EMAIL),
}


class Clock:
    def __init__(self):
        self.view = 0.0
        self.template = 0.0
        self.depth = 0


@contextmanager
def instrumented(clock: Clock):
    """Time every view and every outermost template render while inside."""
    from django.core.handlers.base import BaseHandler
    from django.template.backends.django import Template

    make_view_atomic, render = BaseHandler.make_view_atomic, Template.render

    def timed_view_factory(self, view):
        atomic_view = make_view_atomic(self, view)

        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                response = atomic_view(*args, **kwargs)
                if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                    response.render()  # a TemplateResponse renders after the view: count it here
                return response
            finally:
                clock.view += time.perf_counter() - start

        return timed

    def timed_render(self, *args, **kwargs):
        clock.depth += 1
        start = time.perf_counter()
        try:
            return render(self, *args, **kwargs)
        finally:
            clock.depth -= 1
            if clock.depth == 0:
                clock.template += time.perf_counter() - start

    BaseHandler.make_view_atomic, Template.render = timed_view_factory, timed_render
    try:
        yield
    finally:
        BaseHandler.make_view_atomic, Template.render = make_view_atomic, render


def measure(cookies: dict, requests: int = 200) -> dict[str, dict[str, float]]:
    """{page: {"total", "middleware", "view", "template"}} in milliseconds (medians)."""
    from django.test import Client

    results = {}
    for name, (path, who) in PAGES.items():
        client = Client(HTTP_HOST="127.0.0.1")
        if who is not None:
            client.cookies.load(cookies[who])
        rows = []
        for n in range(requests + 20):
            clock = Clock()
            # The handler's middleware chain is built on the first request: time requests after.
            with instrumented(clock):
                start = time.perf_counter()
                response = client.get(path)
                total = time.perf_counter() - start
            if response.status_code != 200:
                raise SystemExit(f"{path} answered {response.status_code} in-process.")
            if n >= 20:
                rows.append((total, clock.view, clock.template))
        total = statistics.median(r[0] for r in rows) * 1000
        view = statistics.median(r[1] for r in rows) * 1000
        template = statistics.median(r[2] for r in rows) * 1000
        results[name] = {
            "total": total,
            "middleware": total - view,
            "view": view - template,
            "template": template,
        }
    return results


def report(results: dict[str, dict[str, float]]) -> list[str]:
    lines = [
        "In-process breakdown, median ms: "
        f"{'page':<30} {'total':>7} {'middleware':>10} {'view':>7} {'template':>8}"
    ]
    for name, row in results.items():
        lines.append(
            f"{'':<33}{name:<30} {row['total']:>7.2f} {row['middleware']:>10.2f} "
            f"{row['view']:>7.2f} {row['template']:>8.2f}"
        )
    return lines


def main() -> None:
    import os

    import django

    from bench.seeding import database, production_environment, signed_in_cookie

    parser = argparse.ArgumentParser(prog="python -m bench.breakdown")
    parser.add_argument("--requests", type=int, default=200)
    options = parser.parse_args()
    # The data `make bench` seeded: DATABASE_URL's, else the embedded server's bench database.
    with database() as database_url:
        os.environ.update(production_environment(database_url))
        django.setup()
        cookies = {
            SIZES[1]: signed_in_cookie(SIZES[1]),
            **{email: verified_cookie(email) for email in (ADMIN_EMAIL, CASELOAD_ADVISER)},
        }
        for line in report(measure(cookies, options.requests)):
            print(line)


if __name__ == "__main__":
    main()
