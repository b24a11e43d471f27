"""The record's figures read from the rows the database keeps (DashboardCount), in one query of
a few rows whatever the size of the record (on the dashboard, one column of its first statement
of short lists: dashboard_lists.KEPT_FIGURES_SQL).

debrief/summaries/dashboard.py keeps the figures exact on every write. What depends on the date
is kept per day and summed up to it here: applications with no news since before a date,
follow-ups due before a date, interviews without a debrief before a day (UTC); the part of today
before `moment` is the one thing read from the interviews, an index range over today.
"""

import datetime
from dataclasses import dataclass, field

from django.db import connection

from debrief.models import (
    DEBRIEF_RATINGS,
    Application,
    Competency,
    FeedbackRequest,
    Reason,
)
from debrief.services.record_figures import Coverage

SILENT_AFTER = datetime.timedelta(days=30)
# Kept per day, never read one row each: the first three summed up to a day by the query below;
# `rated_on` says which days the rating trends read (dashboard_lists).
BY_DAY = ("applied_without_interview_on", "awaiting_reply_due_on", "undebriefed_on", "rated_on")

COUNTS_SQL = """
SELECT figure, key, value, NULL::float8 FROM debrief_dashboardcount
WHERE owner_id = %(owner)s AND value <> 0 AND figure <> ALL(%(by_day)s)
UNION ALL
SELECT figure, '', sum(value), NULL FROM debrief_dashboardcount
WHERE owner_id = %(owner)s AND (
    (figure = 'applied_without_interview_on' AND key < %(silent_before)s)
    OR (figure = 'awaiting_reply_due_on' AND key < %(today)s)
    OR (figure = 'undebriefed_on' AND key < %(utc_day)s)
)
GROUP BY figure

UNION ALL
-- PostgreSQL's avg() of a smallint, exactly: the numeric quotient of sum and count, over the
-- complete self-assessments only (a draft's ratings count once every one is given).
SELECT 'rating_average', total.key, 0, (total.value::numeric / debriefs.value)::float8
FROM debrief_dashboardcount AS total
JOIN debrief_dashboardcount AS debriefs
  ON debriefs.owner_id = total.owner_id AND debriefs.figure = 'rated_debriefs'
  AND debriefs.key = ''
WHERE total.owner_id = %(owner)s AND total.figure = 'rating_total' AND debriefs.value > 0
UNION ALL
SELECT 'undebriefed_today', '', count(*), NULL FROM debrief_interview AS i
WHERE i.owner_id = %(owner)s AND i.scheduled_at >= %(utc_midnight)s AND i.scheduled_at < %(moment)s
  AND NOT EXISTS (SELECT 1 FROM debrief_debrief AS d WHERE d.interview_id = i.id)
"""


@dataclass
class Counts:
    """The owner's kept figures: `found[(figure, key)]`, 0 when absent."""

    found: dict = field(default_factory=dict)
    averages: dict = field(default_factory=dict)

    def __call__(self, figure: str, key: str = "") -> int:
        return self.found.get((figure, key), 0)

    def keyed(self, figure: str) -> dict[str, int]:
        """Every part of one figure kept: {key: value}."""
        return {key: value for (name, key), value in self.found.items() if name == figure}


def counts_parameters(owner_id: int, today: datetime.date, moment: datetime.datetime) -> dict:
    """COUNTS_SQL's parameters."""
    utc_day = moment.astimezone(datetime.UTC).date()
    return {
        "owner": owner_id,
        "by_day": list(BY_DAY),
        "silent_before": (today - SILENT_AFTER).isoformat(),
        "today": today.isoformat(),
        "utc_day": utc_day.isoformat(),
        "utc_midnight": datetime.datetime.combine(utc_day, datetime.time(), datetime.UTC),
        "moment": moment,
    }


def counts_of(rows) -> Counts:
    """COUNTS_SQL's rows (or the same as JSON: the dashboard reads them with its lists in one
    statement, dashboard_lists.KEPT_FIGURES_SQL)."""
    counts = Counts()
    for figure, key, value, average in rows:
        if figure == "rating_average":
            counts.averages[key] = average
        else:
            counts.found[(figure, key)] = int(value or 0)
    return counts


def read_counts(owner_id: int, today: datetime.date, moment: datetime.datetime) -> Counts:
    with connection.cursor() as cursor:
        cursor.execute(COUNTS_SQL, counts_parameters(owner_id, today, moment))
        return counts_of(cursor.fetchall())


# --- What the pages need, from the counts ---------------------------------------------------------

Status = Application.Status


def application_figures(counts: Counts) -> dict:
    """Applications by status; how many reached interview (one is recorded, or the status says
    it got that far) and an offer; how many applied over a month ago with no news since."""
    figures = {f"status_{value}": counts("application_status", value) for value in Status.values}
    figures["total"] = sum(figures.values())
    figures["interviewed"] = counts("applications_interviewed")
    figures["offers"] = sum(counts("application_status", value) for value in Status.reached_offer())
    figures["silent"] = counts("applied_without_interview_on")
    return figures


def interview_figures(counts: Counts) -> dict:
    """How many debriefs there are (and complete self-assessments among them), how many
    interviews before the moment have none, and each rating's average over every complete
    self-assessment (None without one)."""
    return {
        "debriefs": counts("debriefs"),
        "rated": counts("rated_debriefs"),
        "undebriefed": counts("undebriefed_on") + counts("undebriefed_today"),
        "averages": {name: counts.averages.get(name) for name in DEBRIEF_RATINGS},
    }


def feedback_figures(counts: Counts) -> dict:
    """Requests by status and overdue; per reason, how often employers gave it (`said_`), and,
    where my reading can be compared with theirs, what they said that I did not expect
    (`unexpected_`), what I feared that they did not say (`feared_`) and where we agreed."""
    figures = {
        "overdue": counts("awaiting_reply_due_on"),
        "compared": counts("feedback_compared"),
        **{
            f"status_{value}": counts("feedback_status", value)
            for value in FeedbackRequest.Status.values
        },
    }
    for reason in Reason.values:
        agreed = counts("said_agreed", reason)
        figures[f"said_{reason}"] = counts("said", reason)
        figures[f"unexpected_{reason}"] = counts("said_compared", reason) - agreed
        figures[f"agreed_{reason}"] = agreed
        figures[f"feared_{reason}"] = counts("thought", reason) - counts("thought_said", reason)
    figures["total"] = sum(figures[f"status_{v}"] for v in FeedbackRequest.Status.values)
    return figures


def star_coverage(counts: Counts) -> tuple[Coverage, ...]:
    """Every competency with the answers that cover it, the strongest, and how often an answer
    for it was used in an interview and how well it went."""
    coverage = []
    for competency in Competency:
        value, label = competency.value, str(competency.label)
        answers = counts("star_answers", value)
        if not answers:
            coverage.append(Coverage(value, label))
            continue
        rated = counts("star_rated", value)
        coverage.append(
            Coverage(
                value,
                label,
                answers,
                max(
                    (s for s in range(1, 6) if counts("star_strength", f"{value}:{s}")),
                    default=None,
                ),
                counts("star_uses", value),
                counts("star_rating_total", value) / rated if rated else None,
            )
        )
    return tuple(coverage)
