"""A careers service's anonymised outcome report: what its advisers' clients did, month by month.

Who is counted: every client whose consent is active now with an adviser who is a current member
of the service (`ServiceClient`); a client who revokes, or whose adviser is deactivated, leaves
every month of the report at once. What is counted: `ClientMonthSummary` (one row per client and
month), summed per service and month into `ServiceMonthSummary`, with how many clients stand
behind each figure and a histogram of the days for the median. The database keeps all of it
(debrief/summaries/), so the report is one query of a dozen rows whatever the number of clients
and applications behind it.

Anonymity: every figure shown is derived from at least `THRESHOLD` distinct clients; any other
cell, a zero included, reads SUPPRESSED. Totals are sums of the months shown only (never of a
suppressed month), so a total minus the months shown reveals nothing; the median over the
range is over the months shown only. `outcome_report` is the one function that reads the
database, and asks the routers which database to read (a replica, where there is one).
"""

import datetime
import json
from dataclasses import dataclass

from django.db import connections, router

from debrief.models import Organisation, ServiceMonthSummary

THRESHOLD = 5
SUPPRESSED = f"fewer than {THRESHOLD}"


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    # What one count is, and in what a client "contributes" to it.
    description: str
    is_median: bool = False


MEASURES = (
    Measure("active", "Clients active", "clients with any application, interview, debrief or "
            "feedback request recorded in the month"),
    Measure("applications", "Applications", "applications made in the month"),
    Measure("interviews", "Interviews reached", "interviews held in the month"),
    Measure("offers", "Offers", "offers received in the month"),
    Measure("feedback_requested", "Feedback requested", "feedback requests sent in the month"),
    Measure("feedback_received", "Feedback received", "feedback received in the month"),
    Measure("debriefs", "Debriefs written", "self-assessments written in the month"),
    Measure("median_days", "Median days from rejection to debrief",
            "days from being turned down after an interview to writing its debrief, for the "
            "debriefs written in the month", is_median=True),
)  # fmt: skip


@dataclass(frozen=True)
class Cell:
    """One figure as it may be shown: `value` is None when fewer than THRESHOLD clients stand
    behind it."""

    value: float | int | None

    @property
    def suppressed(self) -> bool:
        return self.value is None

    @property
    def text(self) -> str:
        if self.value is None:
            return SUPPRESSED
        if isinstance(self.value, float):
            return f"{self.value:g}"
        return f"{self.value:,}"


@dataclass(frozen=True)
class MeasureRows:
    measure: Measure
    months: tuple[tuple[datetime.date, Cell], ...]
    total: Cell

    @property
    def largest(self) -> float:
        return max((cell.value for _, cell in self.months if cell.value is not None), default=0)


@dataclass(frozen=True)
class Report:
    first_month: datetime.date
    last_month: datetime.date
    measures: tuple[MeasureRows, ...]


def months_between(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


# The service's months (ServiceMonthSummary, kept over the clients it counts now, ServiceClient),
# each with its histogram of days from rejection to debrief.
REPORT_SQL = """
    SELECT summary.*
    FROM debrief_servicemonthsummary summary
    WHERE summary.organisation_id = %(organisation)s
      AND summary.month >= %(first)s AND summary.month <= %(last)s
    ORDER BY summary.month
"""


def outcome_report(
    *, organisation: Organisation, first_month: datetime.date, last_month: datetime.date
) -> Report:
    """The service's report for the months from `first_month` to `last_month` (first days),
    every cell already anonymised. One query, on the database the routers choose for reading
    (a replica, where there is one)."""
    database = router.db_for_read(ServiceMonthSummary)
    with connections[database].cursor() as cursor:
        cursor.execute(
            REPORT_SQL,
            {"organisation": organisation.pk, "first": first_month, "last": last_month},
        )
        names = [column.name for column in cursor.description]
        found = {}
        for row in cursor.fetchall():
            month = dict(zip(names, row, strict=True))
            month["active"] = month["active_clients"]
            # Raw SQL: Django leaves jsonb as text for JSONField to decode.
            histogram = json.loads(month["debrief_days"])
            month["days"] = [[int(day), count] for day, count in histogram.items()]
            found[month["month"]] = month
    months = months_between(first_month, last_month)
    return Report(
        first_month=first_month,
        last_month=last_month,
        measures=tuple(measure_rows(measure, months, found) for measure in MEASURES),
    )


def measure_rows(measure: Measure, months: list[datetime.date], found: dict) -> MeasureRows:
    cells, shown_days = [], []
    for month in months:
        row = found.get(month, {})
        # Distinct clients behind this figure (the median's: clients with a day counted).
        clients = row.get(f"{measure.key}_clients") or 0
        if clients < THRESHOLD:
            cells.append((month, Cell(None)))
        elif measure.is_median:
            histogram = row["days"] or []
            shown_days += histogram
            cells.append((month, Cell(median(histogram))))
        else:
            cells.append((month, Cell(int(row[measure.key]))))
    if measure.is_median:
        # Over the months shown only.
        total = Cell(median(shown_days) if shown_days else None)
    else:
        shown = [cell.value for _, cell in cells if cell.value is not None]
        # A sum of months each from THRESHOLD clients or more; none shown: nothing to add up.
        total = Cell(sum(shown) if shown else None)
    return MeasureRows(measure=measure, months=tuple(cells), total=total)


def median(histogram: list[list[int]]) -> float | int | None:
    """The median of values given as [value, how many] pairs (in any order, values repeated
    across pairs allowed): the middle value, or the mean of the two middle ones."""
    counts: dict[int, int] = {}
    for value, count in histogram:
        counts[value] = counts.get(value, 0) + count
    total = sum(counts.values())
    if total <= 0:
        return None
    middle = [(total - 1) // 2, total // 2]
    found, seen = [], 0
    for value in sorted(counts):
        seen += counts[value]
        while middle and middle[0] < seen:
            found.append(value)
            middle.pop(0)
    half = sum(found) / 2
    return int(half) if half == int(half) else half
