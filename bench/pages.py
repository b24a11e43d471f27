"""The pages `make bench` measures, whose session each sends, and their query counts."""

import sys
from dataclasses import dataclass

from bench import service
from bench.seeding import SIZES, upcoming_interview

SERVICE_REPORT = "/service/report/ (500,000)"
SIGN_IN = "sign-in page"
CASELOAD_500 = "/adviser/ (500 clients)"
# The caseload as the first visit after a change writes it (no limit: the one above is the page
# as advisers get it between changes; this one says what a change costs the next visit).
COLD_CASELOAD_500 = "cold /adviser/ (500 clients)"
# ATOMIC_REQUESTS wraps each request in a transaction: its control statements are not queries.
TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    # Whose session cookie it sends: the job seeker with that many applications, or a staff
    # member of the bench careers service (bench/service.py) by email.
    size: int | str | None = None


def pages_to_measure() -> list[Page]:
    small, large = SIZES
    return [
        Page("floor: bare view", "/bench/floor/bare"),
        Page("floor: one-query page", "/bench/floor/one-query", large),
        Page(SIGN_IN, "/accounts/login/"),
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
        Page(COLD_CASELOAD_500, "/bench/cold/caseload", service.CASELOAD_ADVISER),
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
