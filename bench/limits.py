"""The limits of issues 4, 8 (item 11) and 11 (item 7), and the report: per-page medians, the
ratios to the two floors, each target PASS or FAIL."""

import math
import statistics

from bench import say, service
from bench.pages import CASELOAD_500, COLD_CASELOAD_500, SERVICE_REPORT, SIGN_IN, Page
from bench.seeding import SIZES

FLOOR_FACTOR = 4.0
# Issue 16: the warm dashboard and the preparation sheet within 3x (the first wave's 4x stays the
# caseload's bar).
PAGE_FACTOR = 3.0
SCALE_FACTOR = 1.5
# Issue 8, item 11: the first dashboard visit after a change, and the applications list, at 10,000.
COLD_FACTOR = 8.0
LIST_FACTOR = 2.0
QUERY_BUDGET = 12
# Issue 11, item 7: the outcome report over 500,000 applications, and a caseload of 500 clients
# within the first wave's bar (FLOOR_FACTOR).
REPORT_FACTOR = 10.0
CASELOAD_QUERY_BUDGET = 14
# Issue 22: the floor every page pays, in absolute terms (p50, ms, one request at a time).
SIGN_IN_P50_MS = 1.5
ONE_QUERY_P50_MS = 2.5
# Issue 21, item 1: importing 2,000 rows, file to applications (bench/importing.py).
IMPORT_TARGET_SECONDS = 60.0


def median_ratio(measured: dict, page: str, floor: str, key: str, *, inverse=False) -> float:
    """The median over rounds of page/floor (or floor/page for throughput: how many times
    slower the page is, either way)."""
    ratios = [
        divided(floor_round[key], page_round[key])
        if inverse
        else divided(page_round[key], floor_round[key])
        for page_round, floor_round in zip(measured[page], measured[floor], strict=True)
    ]
    return statistics.median(ratios)


def divided(top: float, bottom: float) -> float:
    """On a busy machine a slow page can finish no request in a short run (0 req/s): infinitely
    slower, a FAIL, rather than a ZeroDivisionError that loses every other figure."""
    return top / bottom if bottom else math.inf


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
        checks += [
            within(
                f"{what} p50 at {SIZES[1]:,} within {PAGE_FACTOR:g}x the one-query page",
                median_ratio(measured, large, one_query, "p50_ms"),
                PAGE_FACTOR,
            ),
            within(
                f"{what} p50 at {SIZES[1]:,} within {SCALE_FACTOR:g}x the same page at "
                f"{SIZES[0]:,}",
                median_ratio(measured, large, small, "p50_ms"),
                SCALE_FACTOR,
            ),
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
    checks += [
        within(
            f"sign-in page p50 within {SIGN_IN_P50_MS:g} ms",
            statistics.median(r["p50_ms"] for r in measured[SIGN_IN]),
            SIGN_IN_P50_MS,
        ),
        within(
            f"one-query page p50 within {ONE_QUERY_P50_MS:g} ms",
            statistics.median(r["p50_ms"] for r in measured[one_query]),
            ONE_QUERY_P50_MS,
        ),
    ]
    # The caseload's own budget is its test's (tests/test_caseload.py): 14.
    caseloads = (CASELOAD_500, COLD_CASELOAD_500)
    most = max(count for name, count in queries.items() if name not in caseloads)
    checks += [
        within(f"no page above {QUERY_BUDGET} queries", most, QUERY_BUDGET),
        within(
            f"caseload within {CASELOAD_QUERY_BUDGET} queries",
            max(queries[name] for name in caseloads),
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
