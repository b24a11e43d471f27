"""The dashboard's short lists and trends, each read along an index in one raw query: the
interviews coming up and just past, interviews without a debrief, the latest decision, the
follow-ups due, and each rating's trend. What they hold are plain values (the cache keeps them).
"""

import datetime
import json
from dataclasses import dataclass

from django.db import connection

from debrief.models import (
    DEBRIEF_RATINGS,
    FeedbackRequest,
    Interview,
    User,
    follow_up_day_passed,
)
from debrief.services import dashboard_counts, patterns, silence
from debrief.services.record_figures import LIST_LENGTH, OPEN_ACTIONS_SQL

UPCOMING_DAYS = 14


TREND_LENGTH = 8


FOLLOW_UP_SOON_DAYS = 3


@dataclass(frozen=True)
class InterviewLine:
    """An interview as a list on the dashboard shows it."""

    pk: int
    employer: str
    role_title: str
    stage_label: str
    scheduled_at: datetime.datetime
    application_pk: int
    outcome: str


def interview_line(
    pk, employer, role_title, stage, scheduled_at, application_pk, outcome
) -> InterviewLine:
    return InterviewLine(
        pk,
        employer,
        role_title,
        str(Interview.Stage(stage).label),
        scheduled_at,
        application_pk,
        str(outcome),
    )


INTERVIEW_LINE_FIELDS = (
    "pk",
    "application__employer",
    "application__role_title",
    "stage",
    "scheduled_at",
    "application_id",
    "outcome",
)


@dataclass(frozen=True)
class Decision:
    """The latest interview that ended in a rejection or an offer, with what the first card
    needs (debrief.services.progress): whether it has a debrief, a feedback request sent and an
    action made of its lesson, and the latest application waiting at "offer"."""

    pk: int
    employer: str
    is_offer: bool
    outcome_date: datetime.date
    has_debrief: bool = False
    has_feedback: bool = False
    offer_pk: int | None = None
    offer_employer: str = ""
    offer_role: str = ""
    application_pk: int | None = None
    # Its lesson is already an action: the card stops offering to make one.
    has_action: bool = False


@dataclass(frozen=True)
class FollowUpDue:
    pk: int
    employer: str
    follow_up_due: datetime.date
    overdue: bool


@dataclass(frozen=True)
class RatingTrend:
    field: str
    label: str
    values: tuple[int, ...]
    average: float | None

    @property
    def latest(self) -> int | None:
        return self.values[-1] if self.values else None


# Only the days that have one: the database keeps how many interviews of each day (UTC) have no
# debrief (DashboardCount's `undebriefed_on`, dashboard_counts), so the walk reads those days'
# interviews and skips the days in between, where every interview has its debrief (with hundreds
# of debriefed interviews since the fifth without one, the walk along the owner's interviews
# probed each for a debrief: 1.7-3.4 ms of the cold dashboard's statement). A day before today
# in the count has at least one before `moment`; today's may have none yet, so one day more
# than the list's length is read. Within a day, NOT EXISTS, not a LEFT JOIN filtered on the
# debrief's id (which PostgreSQL does not turn into an anti join), stopping at the fifth.
UNDEBRIEFED_SQL = """
SELECT i.id, a.employer, a.role_title, i.stage, i.scheduled_at, i.application_id, i.outcome
FROM (
    SELECT key::date AS day FROM debrief_dashboardcount
    WHERE owner_id = %(owner)s AND figure = 'undebriefed_on' AND value > 0
      AND key <= %(utc_day)s
    ORDER BY key DESC
    LIMIT %(length)s + 1
) AS days
CROSS JOIN LATERAL (
    SELECT i.id, i.stage, i.scheduled_at, i.application_id, i.outcome
    FROM debrief_interview i
    WHERE i.owner_id = %(owner)s AND i.scheduled_at >= days.day::timestamp AT TIME ZONE 'UTC'
      AND i.scheduled_at < least((days.day + 1)::timestamp AT TIME ZONE 'UTC', %(moment)s)
      AND NOT EXISTS (SELECT 1 FROM debrief_debrief d WHERE d.interview_id = i.id)
    ORDER BY i.scheduled_at DESC, i.id DESC
    LIMIT %(length)s
) AS i
JOIN debrief_application a ON a.id = i.application_id
ORDER BY i.scheduled_at DESC, i.id DESC
LIMIT %(length)s
"""


def undebriefed_before(rows: list, moment: datetime.datetime, total: int) -> dict:
    """The most recent interviews before `moment` without a debrief (UNDEBRIEFED_SQL's rows, as
    JSON) and how many there are (`total`, from dashboard_counts.interview_figures)."""
    return {
        "interviews": tuple(
            interview_line(pk, employer, role, stage, moment_of(when), application, outcome)
            for pk, employer, role, stage, when, application, outcome in rows
        ),
        "total": total,
        "as_of": moment,
    }


# Read on every visit, so written in SQL: the same query through the ORM (a window partitioned by
# a CASE) cost ~2.5 ms a request to compile, twenty times what it takes PostgreSQL to run. Each
# list is its first rows along the owner's index of interviews by date, and its total a count
# along the same index: ranking every interview of the window to count them (a thousand coming
# up in the bench's record) cost 0.6 ms. Only the rows shown are joined to their application.
INTERVIEWS_AROUND_NOW_SQL = """
WITH coming AS (
    SELECT i.id, i.stage, i.scheduled_at, i.application_id, i.outcome
    FROM debrief_interview i
    WHERE i.owner_id = %(owner)s AND i.scheduled_at >= %(now)s AND i.scheduled_at < %(until)s
    ORDER BY i.scheduled_at
    LIMIT %(length)s
), past AS (
    SELECT i.id, i.stage, i.scheduled_at, i.application_id, i.outcome
    FROM debrief_interview i
    WHERE i.owner_id = %(owner)s AND i.scheduled_at >= %(since)s AND i.scheduled_at < %(now)s
      AND NOT EXISTS (SELECT 1 FROM debrief_debrief d WHERE d.interview_id = i.id)
    ORDER BY i.scheduled_at DESC
    LIMIT %(length)s
), ranked AS (
    SELECT coming.*, true AS upcoming,
           row_number() OVER (ORDER BY coming.scheduled_at) AS position,
           (SELECT count(*) FROM debrief_interview
            WHERE owner_id = %(owner)s AND scheduled_at >= %(now)s
              AND scheduled_at < %(until)s) AS of_kind
    FROM coming
    UNION ALL
    SELECT past.*, false,
           row_number() OVER (ORDER BY past.scheduled_at DESC),
           (SELECT count(*) FROM debrief_interview i
            WHERE i.owner_id = %(owner)s AND i.scheduled_at >= %(since)s
              AND i.scheduled_at < %(now)s
              AND NOT EXISTS (SELECT 1 FROM debrief_debrief d WHERE d.interview_id = i.id))
    FROM past
), shown AS (
    SELECT r.id, a.employer, a.role_title, r.stage, r.scheduled_at, r.application_id, r.outcome,
           r.upcoming, r.of_kind, r.position
    FROM ranked r JOIN debrief_application a ON a.id = r.application_id
)
-- With the lists, when they can next change while the record does not: the next interview
-- starting (it moves from "coming up" to "just past") and the first one beyond the window (it
-- enters it UPCOMING_DAYS before it starts). Two index probes; one row even with no interview.
SELECT shown.id, shown.employer, shown.role_title, shown.stage, shown.scheduled_at,
       shown.application_id, shown.outcome, shown.upcoming, shown.of_kind,
       next.starts, next.enters
FROM (
    SELECT (SELECT scheduled_at FROM debrief_interview
            WHERE owner_id = %(owner)s AND scheduled_at >= %(now)s
            ORDER BY scheduled_at LIMIT 1) AS starts,
           (SELECT scheduled_at FROM debrief_interview
            WHERE owner_id = %(owner)s AND scheduled_at >= %(until)s
            ORDER BY scheduled_at LIMIT 1) AS enters
) AS next
LEFT JOIN shown ON true
ORDER BY shown.upcoming DESC, shown.position
"""


def around_parameters(owner: User, now: datetime.datetime, since: datetime.datetime) -> dict:
    return {
        "owner": owner.pk,
        "now": now,
        "since": since,
        "until": now + datetime.timedelta(UPCOMING_DAYS),
        "length": LIST_LENGTH,
    }


def interviews_needing_attention(owner: User, now: datetime.datetime, earlier: dict) -> dict:
    """The next interviews (within UPCOMING_DAYS) and the latest ones without a debrief.

    `earlier` holds the undebriefed interviews as of a moment earlier today (cached with the
    figures); only the interviews since then are read, an index range that stays small however
    long the record is.
    """
    with connection.prepared_cursor() as cursor:
        cursor.execute(INTERVIEWS_AROUND_NOW_SQL, around_parameters(owner, now, earlier["as_of"]))
        return attention_from(cursor.fetchall(), earlier)


def attention_from(rows: list, earlier: dict) -> dict:
    """interviews_needing_attention's lists from INTERVIEWS_AROUND_NOW_SQL's `rows`."""
    found = {True: [], False: []}
    totals = {True: 0, False: 0}
    for *line, upcoming, of_kind, _, _ in rows:
        if line[0] is not None:  # the one row with no interview: only the moments below
            found[upcoming].append(interview_line(*line))
            totals[upcoming] = of_kind
    starts, enters = rows[0][-2:]
    changes = [starts] if starts else []
    if enters:
        changes.append(enters - datetime.timedelta(UPCOMING_DAYS))
    return {
        "upcoming": found[True],
        "upcoming_total": totals[True],
        "undebriefed": (found[False] + list(earlier["interviews"]))[:LIST_LENGTH],
        "undebriefed_total": totals[False] + earlier["total"],
        # The first moment after `now` at which these lists may differ with the record unchanged
        # (None: not before it changes); until then they are the answer.
        "attention_changes_at": min(changes, default=None),
    }


# The latest decided interview is the first entry of the partial index interview_owner_decided;
# with it, what the first card needs (debrief.services.progress): whether it has a debrief and a
# feedback request, and the latest application waiting at "offer".
LATEST_DECISION_SQL = """
SELECT i.id, a.employer, i.outcome = 'offer', i.outcome_date,
       EXISTS (SELECT 1 FROM debrief_debrief d WHERE d.interview_id = i.id),
       EXISTS (
           SELECT 1 FROM debrief_feedbackrequest f
           WHERE f.interview_id = i.id AND f.status <> 'not_sent'
       ),
       offer.id, offer.employer, offer.role_title, i.application_id,
       -- Each along its foreign key's index: the lesson made an action from the debrief, or
       -- from the employer's feedback.
       EXISTS (
           SELECT 1 FROM debrief_debrief d JOIN debrief_actionitem x ON x.debrief_id = d.id
           WHERE d.interview_id = i.id
       ) OR EXISTS (
           SELECT 1 FROM debrief_feedbackrequest f
           JOIN debrief_actionitem x ON x.feedback_request_id = f.id
           WHERE f.interview_id = i.id
       )
FROM (
    -- The one row first: with the owner's thousands of decided interviews in view, the planner
    -- hashed every debrief and every feedback request of the database for the two EXISTS.
    SELECT id, application_id, outcome, outcome_date FROM debrief_interview
    WHERE owner_id = %(owner)s AND outcome IN ('rejected', 'offer') AND outcome_date IS NOT NULL
    ORDER BY outcome_date DESC, scheduled_at DESC
    LIMIT 1
) AS i
JOIN debrief_application a ON a.id = i.application_id
LEFT JOIN LATERAL (
    SELECT o.id, o.employer, o.role_title FROM debrief_application o
    WHERE o.owner_id = %(owner)s AND o.status = 'offer'
    ORDER BY o.updated_at DESC, o.id DESC
    LIMIT 1
) AS offer ON true
"""


def latest_decision(rows: list) -> Decision | None:
    """The most recent interview that ended in a rejection or an offer (LATEST_DECISION_SQL's
    row, as JSON)."""
    if not rows:
        return None
    pk, employer, is_offer, outcome_date, *rest = rows[0]
    return Decision(pk, employer, is_offer, datetime.date.fromisoformat(outcome_date), *rest)


# The owner's five earliest along the partial index feedbackrequest_owner_awaiting (owner,
# follow-up date), then their employers: found through the interviews instead, the planner walked
# every awaiting request in the database in date order (44 ms with the bench's 30,000).
FEEDBACK_DUE_SQL = """
SELECT due.id, a.employer, due.follow_up_due
FROM (
    SELECT f.id, f.follow_up_due, f.interview_id
    FROM debrief_feedbackrequest f
    WHERE f.owner_id = %(owner)s AND f.status = ANY(%(awaiting)s) AND f.follow_up_due <= %(soon)s
    ORDER BY f.follow_up_due, f.id
    LIMIT %(length)s
) AS due
JOIN debrief_interview i ON i.id = due.interview_id
JOIN debrief_application a ON a.id = i.application_id
ORDER BY due.follow_up_due, due.id
"""


def feedback_due(rows: list, today: datetime.date) -> tuple[FollowUpDue, ...]:
    """Requests awaiting a reply whose follow-up is overdue or due within a few days
    (FEEDBACK_DUE_SQL's rows, as JSON)."""
    due_dates = ((pk, employer, datetime.date.fromisoformat(due)) for pk, employer, due in rows)
    return tuple(
        FollowUpDue(pk, employer, due, follow_up_day_passed(due, today))
        for pk, employer, due in due_dates
    )


def moment_of(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text)


def as_json_rows(sql: str, columns: int) -> str:
    """A list's statement as one value: a JSON array of its rows in its order, each row an array
    of its columns (renamed by position, so two columns of one name stay apart)."""
    names = ", ".join(f"c{n}" for n in range(columns))
    return (
        f"(SELECT coalesce(json_agg(json_build_array({names})), '[]') "
        f"FROM ({sql.strip()}) AS listed ({names}))"
    )


# Trends read complete self-assessments only: a draft's ratings count once every one is given.
COMPLETE = f"num_nulls({', '.join(f'd.{name}' for name in DEBRIEF_RATINGS)}) = 0"

# The last debriefs, read backwards along the owner's interviews by date, and the first two
# (for progress.movements), in one statement; the counts and averages are kept by the database
# (dashboard_counts). Each walk starts at the last (or first) day with a complete
# self-assessment, which the database keeps too (DashboardCount's `rated_on`, by the interview's
# day, UTC): from the newest interview, the walk probed every interview coming up for a debrief
# first (a thousand of them in the bench's record: 2-3 ms of the cold dashboard's statement).
# Each interview's complete debrief is looked up by its key (a LATERAL with a LIMIT, which
# PostgreSQL does not flatten into a join): as a plain join, the planner guessed few debriefs
# complete and hashed every debrief of the database (200 ms beside a careers service's 80,000)
# rather than walk this owner's interviews until it had eight.
COMPLETE_DEBRIEF = f"""
CROSS JOIN LATERAL (
    SELECT d.id AS debrief_id, {", ".join(f"d.{name}" for name in DEBRIEF_RATINGS)}
    FROM debrief_debrief d WHERE d.interview_id = i.id AND {COMPLETE}
    LIMIT 1
) AS d"""


def rated_day(end: str) -> str:
    """The moment the owner's last (`max`, its end) or first (`min`, its start) day with a
    complete self-assessment begins or ends; NULL without one."""
    day = f"{end}(key)::date" + (" + 1" if end == "max" else "")
    return (
        f"(SELECT ({day})::timestamp AT TIME ZONE 'UTC' FROM debrief_dashboardcount "
        "WHERE owner_id = %(owner)s AND figure = 'rated_on' AND value > 0)"
    )


RATING_TRENDS_SQL = f"""
WITH last AS (
    SELECT i.id, i.scheduled_at, i.application_id, d.debrief_id,
           {", ".join(f"d.{name}" for name in DEBRIEF_RATINGS)}
    FROM debrief_interview i {COMPLETE_DEBRIEF}
    WHERE i.owner_id = %(owner)s AND i.scheduled_at < {rated_day("max")}
    ORDER BY i.scheduled_at DESC, d.debrief_id DESC
    LIMIT %(trend_length)s
), latest AS (
    -- Joined to their applications once chosen, not every interview of the same moment before.
    SELECT last.id, last.scheduled_at, a.employer,
           {", ".join(f"last.{name}" for name in DEBRIEF_RATINGS)}, last.debrief_id
    FROM last JOIN debrief_application a ON a.id = last.application_id
), first_two AS (
    SELECT i.scheduled_at, {", ".join(f"d.{name}" for name in DEBRIEF_RATINGS)}
    FROM debrief_interview i {COMPLETE_DEBRIEF}
    WHERE i.owner_id = %(owner)s AND i.scheduled_at >= {rated_day("min")}
    ORDER BY i.scheduled_at, d.debrief_id
    LIMIT 2
), earliest AS (
    SELECT min(scheduled_at) AS earliest_when,
           {", ".join(f"array_agg({name} ORDER BY scheduled_at)" for name in DEBRIEF_RATINGS)}
    FROM first_two
)
SELECT latest.*, earliest.* FROM earliest LEFT JOIN latest ON true
ORDER BY latest.scheduled_at DESC, latest.debrief_id DESC
"""


# Where each part of a RATING_TRENDS_SQL row starts.
EARLIEST_AT = 4 + len(DEBRIEF_RATINGS)


def rating_trends(rows: list, figures: dict) -> dict:
    """Each rating over the last TREND_LENGTH debriefs (by interview date, oldest first;
    RATING_TRENDS_SQL's rows, as JSON) with its average over every debrief, and how many
    interviews before the moment of `figures` (dashboard_counts.interview_figures) have no
    debrief."""
    latest = [[row[0], moment_of(row[1]), *row[2:EARLIEST_AT]] for row in rows if row[0]]
    latest.reverse()
    earliest_when, *first_ratings = rows[0][EARLIEST_AT:]
    earliest_when = moment_of(earliest_when) if earliest_when else None
    trends = tuple(
        RatingTrend(
            field=name,
            label=str(label),
            values=tuple(row[3 + position] for row in latest),
            average=figures["averages"][name],
        )
        for position, (name, label) in enumerate(DEBRIEF_RATINGS.items())
    )
    interviews = tuple(
        {"pk": pk, "when": when, "employer": employer} for pk, when, employer, *_ in latest
    )
    return {
        "trends": trends,
        "interviews": interviews,
        "total": figures["rated"],
        "undebriefed": figures["undebriefed"],
        # The first two debriefs' ratings over the whole record, for progress.movements.
        "earliest": {
            "when": earliest_when,
            "ratings": {
                name: tuple(v for v in ratings or () if v is not None)
                for name, ratings in zip(DEBRIEF_RATINGS, first_ratings, strict=True)
            },
        }
        if earliest_when
        else None,
    }


# The cold dashboard's short lists, each list one column of a statement; each stays the index walk
# it is alone (a subquery's order feeds json_agg in order). The kept figures come first, alone:
# six panels are written from them alone. The other lists (with the patterns, then the silence
# question) are sent in a pipeline while the panels written from the rows before are written
# (services/dashboard.figures_and_attention), so the server's reading overlaps Python's writing;
# one after another, each statement's round trip had cost more than what it read. The silence
# question and the patterns are statements of their own: beside other lists PostgreSQL planned
# them afresh on every run (0.7 ms) rather than reuse the prepared plan.
LIST_COLUMNS = {
    "counts": (dashboard_counts.COUNTS_SQL, 4),
    "undebriefed": (UNDEBRIEFED_SQL, 7),
    "decision": (LATEST_DECISION_SQL, 11),
    "due": (FEEDBACK_DUE_SQL, 3),
    "actions": (OPEN_ACTIONS_SQL, 3),
    "trends": (RATING_TRENDS_SQL, EARLIEST_AT + 1 + len(DEBRIEF_RATINGS)),
    "silences": (silence.DUE_SQL, 6),
    "patterns": (patterns.DETAILS_SQL, 4),
}
RECORD_LISTS = ("undebriefed", "decision", "due", "actions", "trends")


def lists_sql(*names: str) -> str:
    return "SELECT " + ",\n       ".join(as_json_rows(*LIST_COLUMNS[name]) for name in names)


KEPT_FIGURES_SQL = lists_sql("counts")
RECORD_LISTS_SQL = lists_sql(*RECORD_LISTS)
SILENCES_SQL = lists_sql("silences")
PATTERNS_SQL = lists_sql("patterns")


def lists_parameters(owner: User, today: datetime.date, moment: datetime.datetime) -> dict:
    """The statements' parameters: the lists as of `moment` (the interviews without a debrief
    before it)."""
    return {
        "owner": owner.pk,
        "moment": moment,
        "utc_day": moment.astimezone(datetime.UTC).date().isoformat(),
        "soon": today + datetime.timedelta(FOLLOW_UP_SOON_DAYS),
        "awaiting": FeedbackRequest.Status.awaiting_reply(),
        "length": LIST_LENGTH,
        "limit": LIST_LENGTH,
        "trend_length": TREND_LENGTH,
        **silence.due_parameters(owner, today, moment),
        **patterns.details_parameters(),
        **dashboard_counts.counts_parameters(owner.pk, today, moment),
    }


def lists_from(row: tuple, names: tuple[str, ...] = RECORD_LISTS) -> dict:
    """A lists statement's one row as the rows of each list it holds, by name: the kept
    figures' rows (dashboard_counts.COUNTS_SQL) and the rows of the interviews without a
    debrief, the latest decision, the follow-ups due, the first open actions, the rating trends,
    the silence question and the patterns' details (read by the functions above,
    record_figures.open_actions_of, silence.silences_of and patterns.patterns)."""
    return {name: rows_of(value) for name, value in zip(names, row, strict=True)}


def list_from(row: tuple) -> list:
    """The rows of a statement of one list (KEPT_FIGURES_SQL, SILENCES_SQL, PATTERNS_SQL)."""
    (value,) = row
    return rows_of(value)


def rows_of(value: str | list) -> list:
    """A list's column: JSON, unless the driver has read it already."""
    return json.loads(value) if isinstance(value, str) else value
