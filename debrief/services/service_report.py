"""A careers service's anonymised outcome report: what the clients who shared their record with
the service did, month by month.

Who a month counts: every client who shared their record, at any moment of that month, with an
adviser who belongs to the service (deactivated or not). The population of a month is a fact
about that month: deactivating, reactivating or changing an adviser, or a client stopping
sharing later, moves no figure, so two downloads either side of a staff change are the same
(the "deactivate and download again" differencing attack finds nothing). A client who deletes
their account is forgotten: their rows go, from every month.

What is counted: the service's `ServiceClientMonth` rows (kept by the database: each client's
figures in each month they shared with the service, and where their sharing starts and stops),
summed. The true figures are read in one query, on the database the routers choose for reading
(a replica, where there is one); `disclosure` then rounds and hides them, and is the only place
that does. Totals are from the true figures of the whole range (the clients once each, however
many months they were active in), rounded afterwards.
"""

import datetime
from dataclasses import dataclass

from django.db import connections, router
from django.utils.translation import gettext_lazy

from debrief.models import Organisation, ServiceClientMonth
from debrief.services import disclosure

COUNTS = (
    "applications",
    "interviews",
    "offers",
    "feedback_requested",
    "feedback_received",
    "debriefs",
)


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    # What one count is, and in what a client "contributes" to it.
    description: str
    is_median: bool = False
    # A count of people, not of events: its total counts each person once.
    is_people: bool = False


MEASURES = (
    Measure("sharing", gettext_lazy("Clients sharing their record"), gettext_lazy(
            "clients who shared their record with one of the service's advisers at some time in "
            "the month"), is_people=True),
    Measure("active", gettext_lazy("Clients active"), gettext_lazy(
            "clients with any application, interview, debrief or feedback request recorded in "
            "the month"), is_people=True),
    Measure("applications", gettext_lazy("Applications"),
            gettext_lazy("applications made in the month")),
    Measure("interviews", gettext_lazy("Interviews reached"),
            gettext_lazy("interviews held in the month")),
    Measure("offers", gettext_lazy("Offers"), gettext_lazy("offers received in the month")),
    Measure("feedback_requested", gettext_lazy("Feedback requested"),
            gettext_lazy("feedback requests sent in the month")),
    Measure("feedback_received", gettext_lazy("Feedback received"),
            gettext_lazy("feedback received in the month")),
    Measure("debriefs", gettext_lazy("Debriefs written"),
            gettext_lazy("self-assessments written in the month")),
    Measure("median_days", gettext_lazy("Median days from rejection to debrief"), gettext_lazy(
            "days from being turned down after an interview to writing its debrief, for the "
            "debriefs written in the month"), is_median=True),
)  # fmt: skip


@dataclass(frozen=True)
class MonthFigure:
    month: datetime.date
    cell: disclosure.Shown
    # The month is not over yet: its figure is the month so far.
    to_date: bool


@dataclass(frozen=True)
class MeasureRows:
    measure: Measure
    months: tuple[MonthFigure, ...]
    total: disclosure.Shown

    @property
    def largest(self) -> float:
        return max((m.cell.value for m in self.months if m.cell.value is not None), default=0)


@dataclass(frozen=True)
class Report:
    first_month: datetime.date
    last_month: datetime.date
    measures: tuple[MeasureRows, ...]
    # The month not yet finished, when the range reaches it.
    month_to_date: datetime.date | None

    def measure(self, key: str) -> MeasureRows:
        return next(rows for rows in self.measures if rows.measure.key == key)


def months_between(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


# The true figures of each month and of the whole range (the row with is_total = 1), from the
# service's kept rows (ServiceClientMonth: debrief/summaries/service_months.py says who a month
# counts), read once: the months of the range, and before it the months where a client's sharing
# started or stopped. The clients sharing in a month are the sum of the sharing changes up to it;
# in the range, they are those sharing in its first month and those starting in a later one.
# Months are UTC months, as the kept rows'. A client has one row a month, so a month's people are
# counted rows; the range's (sharing, active, debriefed) are counted once each, by client, in one
# pass. Each median's days are spread out in the select list (a set-returning function there is
# about twice as quick as a join to unnest() for 5,000 rows). `kept` is read where it is used, not
# materialized: copying 6,000 rows into a store cost more than scanning them four times (11.5 ms
# against 8.4 for the bench's service, docs/performance.md).
TRUE_FIGURES_SQL = f"""
    WITH kept AS NOT MATERIALIZED (
        SELECT client_id, month, {", ".join(COUNTS)}, {" + ".join(COUNTS)} > 0 AS active,
               rejection_to_debrief_days AS days, cardinality(rejection_to_debrief_days) > 0
                   AS debriefed,
               sharing_change
        FROM {ServiceClientMonth._meta.db_table}
        WHERE organisation_id = %(organisation)s AND month <= %(last)s
          AND (month >= %(first)s OR sharing_change <> 0)
    ),
    by_month AS MATERIALIZED (
        SELECT month, sum(sharing_change) AS change FROM kept
        WHERE sharing_change <> 0 GROUP BY month
    ),
    people AS MATERIALIZED (
        SELECT count(*) FILTER (WHERE sharing) AS sharing,
               count(*) FILTER (WHERE active) AS active,
               count(*) FILTER (WHERE debriefed) AS debriefed
        FROM (
            SELECT coalesce(sum(sharing_change) FILTER (WHERE month <= %(first)s), 0) > 0
                       OR bool_or(month > %(first)s AND sharing_change > 0) AS sharing,
                   coalesce(bool_or(month >= %(first)s AND active), false) AS active,
                   coalesce(bool_or(month >= %(first)s AND debriefed), false) AS debriefed
            FROM kept GROUP BY client_id
        ) AS clients
    ),
    sharing AS (
        SELECT month::date AS month, 0 AS is_total,
               (SELECT coalesce(sum(change), 0) FROM by_month
                WHERE by_month.month <= months.month) AS sharing
        FROM generate_series(%(first)s::timestamp, %(last)s::timestamp, interval '1 month')
            AS months (month)
        UNION ALL
        SELECT NULL, 1, sharing FROM people
    ),
    monthly AS MATERIALIZED (
        SELECT month, 0 AS is_total,
               count(*) FILTER (WHERE active) AS active,
               {", ".join(f"sum({key}) AS {key}" for key in COUNTS)},
               count(*) FILTER (WHERE debriefed) AS median_days_people
        FROM kept WHERE month >= %(first)s
        GROUP BY month
    ),
    counted AS (
        SELECT * FROM monthly
        UNION ALL
        SELECT NULL, 1, people.active, {", ".join(f"totals.{key}" for key in COUNTS)},
               people.debriefed
        FROM (SELECT {", ".join(f"sum({key})::bigint AS {key}" for key in COUNTS)}
              FROM monthly) AS totals, people
    ),
    medians AS (
        SELECT month, GROUPING(month) AS is_total,
               percentile_cont(0.5) WITHIN GROUP (ORDER BY day) AS median_days
        FROM (SELECT month, unnest(days) AS day FROM kept
              WHERE month >= %(first)s AND debriefed) AS days
        GROUP BY GROUPING SETS ((month), ())
    )
    SELECT sharing.month, sharing.is_total, sharing.sharing,
           counted.active, {", ".join(f"counted.{key}" for key in COUNTS)},
           counted.median_days_people, medians.median_days
    FROM sharing
    LEFT JOIN counted
      ON counted.is_total = sharing.is_total
     AND counted.month IS NOT DISTINCT FROM sharing.month
    LEFT JOIN medians
      ON medians.is_total = sharing.is_total
     AND medians.month IS NOT DISTINCT FROM sharing.month
"""


def true_figures(
    *, organisation: Organisation, first_month: datetime.date, last_month: datetime.date
) -> tuple[dict[datetime.date, dict], dict]:
    """The unrounded figures: by month, and for the whole range. Never shown as they are.
    Prepared on the connection: its plan is the same for every range and service, and planning
    it cost a tenth of running it."""
    database = router.db_for_read(ServiceClientMonth)
    with connections[database].prepared_cursor() as cursor:
        cursor.execute(
            TRUE_FIGURES_SQL,
            {"organisation": organisation.pk, "first": first_month, "last": last_month},
        )
        names = [column.name for column in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    by_month = {row["month"]: row for row in rows if not row["is_total"]}
    total = next((row for row in rows if row["is_total"]), {})
    return by_month, total


def shown(measure: Measure, row: dict) -> disclosure.Shown:
    if measure.is_median:
        value = row.get("median_days")
        if value is not None:
            value = int(value) if value == int(value) else round(value, 1)
        return disclosure.median(value, row.get("median_days_people") or 0)
    return disclosure.count(int(row.get(measure.key) or 0))


def outcome_report(
    *,
    organisation: Organisation,
    first_month: datetime.date,
    last_month: datetime.date,
    today: datetime.date,
) -> Report:
    """The service's report for the months from `first_month` to `last_month` (first days),
    every figure already under disclosure control. One query."""
    by_month, total = true_figures(
        organisation=organisation, first_month=first_month, last_month=last_month
    )
    months = months_between(first_month, last_month)
    this_month = today.replace(day=1)
    return Report(
        first_month=first_month,
        last_month=last_month,
        measures=tuple(
            MeasureRows(
                measure=measure,
                months=tuple(
                    MonthFigure(month, shown(measure, by_month.get(month, {})), month == this_month)
                    for month in months
                ),
                total=shown(measure, total),
            )
            for measure in MEASURES
        ),
        month_to_date=this_month if this_month in months else None,
    )
