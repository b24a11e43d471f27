"""A careers service's anonymised outcome report: what its advisers' clients did, month by month.

Who is counted: every client whose consent is active now with an adviser who is a current member
of the service (`report_population`); a client who revokes, or whose adviser is deactivated,
leaves every month of the report at once. What is counted comes from `ClientMonthSummary` (one
row per client and month, kept by database triggers), so the report is one query whatever the
size of the records behind it: the rows of the population in the range, grouped by month.

Anonymity: every figure shown is derived from at least `THRESHOLD` distinct clients; any other
cell, a zero included, reads "fewer than 5". Totals are sums of the months shown only (never of
a suppressed month), so a total minus the months shown reveals nothing; the median over the
range is over the months shown only. `outcome_report` is the one function that reads the
database, so it can be routed to a read replica as one unit.
"""

import datetime
from dataclasses import dataclass

from django.db import connection

from debrief.models import AccessStatus, Organisation, UserRole

THRESHOLD = 5
SUPPRESSED = "fewer than 5"


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


COUNTS = [m.key for m in MEASURES if not m.is_median and m.key != "active"]

# The population: clients sharing now with a current adviser of the service (the adviser's
# account still an adviser account: the rule of User.may_act_as_adviser).
POPULATION = """
    SELECT DISTINCT access.client_id
    FROM debrief_adviseraccess access
    JOIN debrief_membership member ON member.user_id = access.adviser_id
    JOIN debrief_user adviser ON adviser.id = access.adviser_id
    JOIN debrief_user client ON client.id = access.client_id
    WHERE access.status = %(active)s AND member.organisation_id = %(organisation)s
      AND member.deactivated_at IS NULL AND adviser.role = %(adviser_role)s
      AND client.is_active
"""

# Per month: each count, and how many clients contributed to it (one summary row per client and
# month, so counting rows counts distinct clients). Then the median of the days, per month.
REPORT_SQL = f"""
    WITH population AS ({POPULATION}),
    summary AS (
        SELECT s.*, (s.{" + s.".join(COUNTS)}) > 0 AS active
        FROM debrief_clientmonthsummary s
        JOIN population p ON p.client_id = s.client_id
        WHERE s.month >= %(first)s AND s.month <= %(last)s
    ),
    counts AS (
        SELECT month, count(*) FILTER (WHERE active) AS active, count(*) FILTER (WHERE active)
            AS active_clients,
            {
    ", ".join(
        f"sum({key}) AS {key}, count(*) FILTER (WHERE {key} > 0) AS {key}_clients" for key in COUNTS
    )
}
        FROM summary GROUP BY month
    ),
    days AS (
        SELECT month, client_id, unnest(rejection_to_debrief_days) AS day
        FROM summary WHERE cardinality(rejection_to_debrief_days) > 0
    ),
    medians AS (
        SELECT month, count(DISTINCT client_id) AS median_days_clients,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY day) AS median_days
        FROM days GROUP BY month
    ),
    -- Over the months whose median is shown only.
    overall AS (
        SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY day) AS median_days_shown
        FROM days WHERE month IN (
            SELECT month FROM medians WHERE median_days_clients >= %(threshold)s
        )
    )
    SELECT counts.*, coalesce(medians.median_days_clients, 0) AS median_days_clients,
        medians.median_days, overall.median_days_shown
    FROM counts LEFT JOIN medians USING (month) CROSS JOIN overall
    ORDER BY month
"""


def outcome_report(
    *, organisation: Organisation, first_month: datetime.date, last_month: datetime.date
) -> Report:
    """The service's report for the months from `first_month` to `last_month` (first days),
    every cell already anonymised. One query."""
    with connection.cursor() as cursor:
        cursor.execute(
            REPORT_SQL,
            {
                "active": AccessStatus.ACTIVE,
                "organisation": organisation.pk,
                "adviser_role": UserRole.ADVISER,
                "first": first_month,
                "last": last_month,
                "threshold": THRESHOLD,
            },
        )
        names = [column.name for column in cursor.description]
        found = {row[0]: dict(zip(names, row, strict=True)) for row in cursor.fetchall()}
    months = months_between(first_month, last_month)
    return Report(
        first_month=first_month,
        last_month=last_month,
        measures=tuple(measure_rows(measure, months, found) for measure in MEASURES),
    )


def measure_rows(measure: Measure, months: list[datetime.date], found: dict) -> MeasureRows:
    cells = []
    for month in months:
        row = found.get(month, {})
        # Distinct clients behind this figure (the median's: clients with a day counted).
        clients = row.get(f"{measure.key}_clients") or 0
        if clients < THRESHOLD:
            cells.append((month, Cell(None)))
            continue
        if measure.is_median:
            cells.append((month, Cell(round(row["median_days"], 1))))
        else:
            cells.append((month, Cell(int(row[measure.key]))))
    if measure.is_median:
        overall = next((row["median_days_shown"] for row in found.values()), None)
        total = Cell(None if overall is None else round(overall, 1))
    else:
        shown = [cell.value for _, cell in cells if cell.value is not None]
        # A sum of months each from THRESHOLD clients or more; none shown: nothing to add up.
        total = Cell(sum(shown) if shown else None)
    return MeasureRows(measure=measure, months=tuple(cells), total=total)
