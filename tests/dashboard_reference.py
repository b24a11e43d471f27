"""The record's figures computed from the tables themselves, as the dashboard did before the
database kept them (debrief/summaries/dashboard.py): what tests/test_dashboard_counts.py holds
the kept figures equal to."""

import datetime

from django.db import connection

from debrief.models import (
    DEBRIEF_RATINGS,
    Application,
    Competency,
    Debrief,
    FeedbackRequest,
    Reason,
    User,
)
from debrief.services.record_figures import Coverage

Status = Application.Status
REACHED_INTERVIEW = Status.reached_interview()
REACHED_OFFER = Status.reached_offer()
SILENT_AFTER = datetime.timedelta(days=30)


# One pass over the owner's applications, grouped by status: three counts per row instead of a
# dozen filtered ones over the whole record. Whether an application has an interview is a hashed
# set of the owner's interviews' applications, built once.
APPLICATION_FIGURES_SQL = """
SELECT a.status, count(*),
       count(*) FILTER (WHERE a.date_applied < %(silent_before)s AND NOT a.interviewed),
       count(*) FILTER (WHERE a.interviewed)
FROM (
    SELECT status, date_applied,
           id IN (SELECT application_id FROM debrief_interview WHERE owner_id = %(owner)s)
               AS interviewed
    FROM debrief_application WHERE owner_id = %(owner)s
    -- A fence: inlined, `interviewed` became two hashed subplans (one per FILTER), each
    -- scanning the owner's interviews: 11.8 ms against 5.3 at 10,000 applications.
    OFFSET 0
) AS a
GROUP BY a.status
"""


def application_figures(owner: User, today: datetime.date) -> dict:
    """How many applications there are, by status; how many reached interview (one is recorded,
    or the status says it got that far) and an offer; how many applied over a month ago with no
    news since (probably ghosted)."""
    with connection.cursor() as cursor:
        cursor.execute(
            APPLICATION_FIGURES_SQL, {"owner": owner.pk, "silent_before": today - SILENT_AFTER}
        )
        rows = cursor.fetchall()
    figures = {f"status_{value}": 0 for value in Status.values}
    figures.update(total=0, silent=0, interviewed=0, offers=0)
    for status, count, silent, with_interview in rows:
        figures[f"status_{status}"] = count
        figures["total"] += count
        figures["interviewed"] += count if status in REACHED_INTERVIEW else with_interview
        figures["offers"] += count if status in REACHED_OFFER else 0
        figures["silent"] += silent if status == Status.APPLIED else 0
    return figures


# One statement for every feedback figure. Written in SQL because the same figures as ~40
# filtered ORM aggregates cost more to compile in Python (~14 ms a request) than to run, and
# because "a reason I gave that they did not" needs unnest() in FROM, which the ORM cannot say.
# `compared`: the interview has a debrief (my reading) and the employer gave reasons.
FEEDBACK_FIGURES_SQL = """
WITH request AS (
    SELECT f.status, f.follow_up_due, f.reasons AS said, d.my_reasons AS thought,
           (d.id IS NOT NULL AND cardinality(f.reasons) > 0) AS compared
    FROM debrief_feedbackrequest f
    JOIN debrief_interview i ON i.id = f.interview_id
    LEFT JOIN debrief_debrief d ON d.interview_id = f.interview_id
    WHERE i.owner_id = %(owner)s
)
SELECT 'status', status, count(*),
       -- follow_up_overdue_condition() (debrief/models/feedback.py), in SQL
       count(*) FILTER (WHERE status = ANY(%(awaiting)s) AND follow_up_due < %(today)s), 0
FROM request GROUP BY status
UNION ALL
SELECT 'compared', '', count(*), 0, 0 FROM request WHERE compared
UNION ALL
SELECT 'said', reason, count(*), count(*) FILTER (WHERE compared),
       count(*) FILTER (WHERE compared AND reason = ANY(thought))
FROM request, unnest(said) AS reason GROUP BY reason
UNION ALL
SELECT 'thought', reason, count(*), count(*) FILTER (WHERE reason = ANY(said)), 0
FROM request, unnest(thought) AS reason WHERE compared GROUP BY reason
"""


def feedback_figures(owner_id: int, today: datetime.date) -> dict:
    """Requests by status and overdue; per reason, how often employers gave it (`said_`), and,
    where my reading can be compared with theirs, what they said that I did not expect
    (`unexpected_`), what I feared that they did not say (`feared_`) and where we agreed."""
    figures = {
        "overdue": 0,
        "compared": 0,
        **{f"status_{value}": 0 for value in FeedbackRequest.Status.values},
        **{
            f"{kind}_{value}": 0
            for kind in ("said", "unexpected", "feared", "agreed")
            for value in Reason.values
        },
    }
    with connection.cursor() as cursor:
        cursor.execute(
            FEEDBACK_FIGURES_SQL,
            {
                "owner": owner_id,
                "today": today,
                "awaiting": FeedbackRequest.Status.awaiting_reply(),
            },
        )
        rows = cursor.fetchall()
    for kind, key, first, second, third in rows:
        if kind == "status":
            figures[f"status_{key}"] = first
            figures["overdue"] += second
        elif kind == "compared":
            figures["compared"] = first
        elif kind == "said":
            figures[f"said_{key}"] = first
            figures[f"unexpected_{key}"] = second - third
            figures[f"agreed_{key}"] = third
        else:
            figures[f"feared_{key}"] = first - second
    figures["total"] = sum(figures[f"status_{v}"] for v in FeedbackRequest.Status.values)
    return figures


# Uses are counted per answer first, then answers per competency: joining the questions straight
# to the unnested competencies repeats each answer once per use and needs COUNT(DISTINCT), which
# sorted ~30,000 rows (21 ms) for a record of 10,000 applications. The questions are grouped by
# answer before the join (one narrow hash aggregate), not after it over the joined wide rows: a
# quarter less time at 10,000 applications (EXPLAIN ANALYZE, 13.8 -> 10.2 ms under load).
STAR_COVERAGE_SQL = """
SELECT competency, count(*)::int, max(strength), coalesce(sum(uses), 0)::int,
       sum(rating_total)::float / nullif(sum(rated), 0)
FROM (
    SELECT s.competencies, s.strength, q.uses, q.rating_total, q.rated
    FROM debrief_staranswer s
    LEFT JOIN (
        SELECT star_answer_id, count(*) AS uses, sum(answer_rating) AS rating_total,
               count(answer_rating) AS rated
        FROM debrief_debriefquestion WHERE star_answer_id IS NOT NULL
        GROUP BY star_answer_id
    ) AS q ON q.star_answer_id = s.id
    WHERE s.owner_id = %s
) AS answer, unnest(answer.competencies) AS competency
GROUP BY competency
"""


def star_coverage(owner_id: int) -> tuple[Coverage, ...]:
    """Every competency with the answers that cover it, the strongest, and how often an answer
    for it was used in an interview and how well it went. One grouped query."""
    with connection.cursor() as cursor:
        cursor.execute(STAR_COVERAGE_SQL, [owner_id])
        found = {row[0]: row[1:] for row in cursor.fetchall()}
    return tuple(
        Coverage(competency.value, str(competency.label), *found[competency.value])
        if competency.value in found
        else Coverage(competency.value, str(competency.label))
        for competency in Competency
    )


# --- Interviews and their debriefs: one pass ------------------------------------------------------

# One hash join of the owner's interviews with their debriefs gives every count and average the
# pages need over the whole record; the lists that go with them (the last debriefs, the latest
# interviews without one) are read separately along an index, a few rows each.
COMPLETE = " AND ".join(f"d.{name} IS NOT NULL" for name in DEBRIEF_RATINGS)
INTERVIEW_FIGURES_SQL = """
SELECT count(d.id) AS debriefs,
       count(*) FILTER (WHERE d.id IS NULL AND i.scheduled_at < %(moment)s) AS undebriefed,
       count(d.id) FILTER (WHERE {complete}) AS rated,
       {averages}
FROM debrief_interview i LEFT JOIN debrief_debrief d ON d.interview_id = i.id
WHERE i.owner_id = %(owner)s
""".format(
    # Complete self-assessments only: a draft's ratings count once every one is given.
    complete=COMPLETE,
    averages=", ".join(
        f"(avg(d.{name}) FILTER (WHERE {COMPLETE}))::float AS average_{name}"
        for name in DEBRIEF_RATINGS
    ),
)


def interview_figures(owner_id: int, moment: datetime.datetime) -> dict:
    """How many debriefs there are (complete ones among them), how many interviews before
    `moment` have none, and each rating's average over the complete ones (None without)."""
    with connection.cursor() as cursor:
        cursor.execute(INTERVIEW_FIGURES_SQL, {"owner": owner_id, "moment": moment})
        return interview_figures_of(cursor.fetchone())


def interview_figures_of(row: tuple) -> dict:
    """The figures from a row that starts with INTERVIEW_FIGURES_SQL's columns."""
    debriefs, undebriefed, rated, *averages = row[: 3 + len(DEBRIEF_RATINGS)]
    return {
        "debriefs": debriefs,
        "rated": rated,
        "undebriefed": undebriefed,
        "averages": dict(zip(DEBRIEF_RATINGS, averages, strict=True)),
    }


def tagged_interviews(owner_id: int) -> dict[str, int]:
    """Per reason or self-assessment question, the owner's interviews whose feedback (any of
    their requests) named it: what the dashboard's patterns count."""
    tags_of = {}
    for interview_id, reasons, dimensions in FeedbackRequest.objects.filter(
        interview__owner_id=owner_id
    ).values_list("interview_id", "reasons", "dimensions"):
        tags_of.setdefault(interview_id, set()).update(reasons, dimensions)
    counted = {}
    for tags in tags_of.values():
        for tag in tags:
            counted[tag] = counted.get(tag, 0) + 1
    return counted


def rated_days(owner_id: int) -> dict[str, int]:
    """Per day (UTC, ISO), the owner's interviews with a complete self-assessment (every rating
    given): the days the dashboard's rating trends read."""
    counted = {}
    for debrief in Debrief.objects.filter(interview__owner_id=owner_id).select_related("interview"):
        if any(getattr(debrief, name) is None for name in DEBRIEF_RATINGS):
            continue
        day = debrief.interview.scheduled_at.astimezone(datetime.UTC).date().isoformat()
        counted[day] = counted.get(day, 0) + 1
    return counted
