"""The job seeker's dashboard: where the search stands and what needs doing next.

The figures that depend only on the record and the date come from the rows the database keeps
(dashboard_counts) and a few short lists read along indexes; they are cached once per record
version and day as plain values (see record_figures), with the panels that show nothing else
rendered beside them as HTML strings. Read on every visit: what depends on the time
of day: the interviews coming up and the ones just past. The adviser notes are not figures: the
job seeker's view reads them live (views/dashboard.py), so an edited note or a renamed adviser
shows at once.
"""

import datetime
from dataclasses import dataclass, replace

from django.db import connection
from django.template.loader import render_to_string
from django.utils import timezone

from debrief.models import (
    DEBRIEF_RATINGS,
    WHAT_YOU_NOW_KNOW,
    Application,
    FeedbackRequest,
    Interview,
    Reason,
    User,
    follow_up_day_passed,
)
from debrief.services import progress
from debrief.services.dashboard_counts import (
    application_figures,
    feedback_figures,
    interview_figures,
    read_counts,
    star_coverage,
)
from debrief.services.record_figures import (
    LIST_LENGTH,
    LabelledCount,
    cached,
    open_actions,
    percent,
    reason_split,
    record_cache_key,
)

UPCOMING_DAYS = 14
TREND_LENGTH = 8
# How long a rejection or an offer sets the tone of the encouraging line.
RECENT_DAYS = 21
FOLLOW_UP_SOON_DAYS = 3

Status = Application.Status


# --- What the panels show -------------------------------------------------------------------------


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
    needs (debrief.services.progress): whether it has a debrief and a feedback request, and the
    latest application waiting at "offer"."""

    pk: int
    employer: str
    is_offer: bool
    outcome_date: datetime.date
    has_debrief: bool = False
    has_feedback: bool = False
    offer_pk: int | None = None
    offer_employer: str = ""
    offer_role: str = ""


@dataclass(frozen=True)
class FollowUpDue:
    pk: int
    employer: str
    follow_up_due: datetime.date
    overdue: bool


@dataclass(frozen=True)
class FunnelStage:
    label: str
    count: int
    rate: int | None
    rate_text: str


@dataclass(frozen=True)
class RatingTrend:
    field: str
    label: str
    values: tuple[int, ...]
    average: float | None

    @property
    def latest(self) -> int | None:
        return self.values[-1] if self.values else None


@dataclass(frozen=True)
class ReadingDifference:
    label: str
    unexpected: int
    feared: int
    agreed: int
    within_my_control: bool


@dataclass(frozen=True)
class Encouragement:
    kind: str
    heading: str
    text: str
    known: tuple[tuple[str, str], ...] = ()
    interview_pk: int | None = None
    # After a "no": (label, url) of the steps not yet taken (debrief.services.progress).
    next_steps: tuple[tuple[str, str], ...] = ()


# --- The figures ----------------------------------------------------------------------------------


def funnel(figures: dict) -> tuple[FunnelStage, ...]:
    applied, interviewed, offers = figures["total"], figures["interviewed"], figures["offers"]
    interview_rate, offer_rate = percent(interviewed, applied), percent(offers, interviewed)
    return (
        FunnelStage("Applied", applied, None, ""),
        FunnelStage(
            "Interviewed",
            interviewed,
            interview_rate,
            f"{interview_rate}% of applications" if interview_rate is not None else "",
        ),
        FunnelStage(
            "Offer",
            offers,
            offer_rate,
            f"{offer_rate}% of those interviewed" if offer_rate is not None else "",
        ),
    )


# The cold dashboard's lists are written in SQL: through the ORM each cost more to compile in
# Python (1-3 ms with their subqueries) than PostgreSQL takes to run it.

# NOT EXISTS, not a LEFT JOIN filtered on the debrief's id (which PostgreSQL does not turn into an
# anti join): an anti join along the owner's interviews by date, stopping at the fifth.
UNDEBRIEFED_SQL = """
SELECT i.id, a.employer, a.role_title, i.stage, i.scheduled_at, i.application_id, i.outcome
FROM debrief_interview i JOIN debrief_application a ON a.id = i.application_id
WHERE i.owner_id = %(owner)s AND i.scheduled_at < %(moment)s
  AND NOT EXISTS (SELECT 1 FROM debrief_debrief d WHERE d.interview_id = i.id)
ORDER BY i.scheduled_at DESC, i.id DESC
LIMIT %(length)s
"""


def undebriefed_before(owner: User, moment: datetime.datetime, total: int) -> dict:
    """The most recent interviews before `moment` without a debrief and how many there are
    (`total`, from dashboard_counts.interview_figures)."""
    with connection.cursor() as cursor:
        cursor.execute(
            UNDEBRIEFED_SQL, {"owner": owner.pk, "moment": moment, "length": LIST_LENGTH}
        )
        rows = cursor.fetchall()
    return {
        "interviews": tuple(interview_line(*row) for row in rows),
        "total": total,
        "as_of": moment,
    }


# Read on every visit, so written in SQL: the same query through the ORM (a window partitioned by
# a CASE) cost ~2.5 ms a request to compile, twenty times what it takes PostgreSQL to run. The
# window runs over narrow rows; only the few rows shown are joined to their application.
INTERVIEWS_AROUND_NOW_SQL = """
WITH candidate AS (
    SELECT i.id, i.stage, i.scheduled_at, i.application_id, i.outcome,
           i.scheduled_at >= %(now)s AS upcoming
    FROM debrief_interview i
    WHERE i.owner_id = %(owner)s
      AND i.scheduled_at >= %(since)s AND i.scheduled_at < %(until)s
      AND (i.scheduled_at >= %(now)s
           OR NOT EXISTS (SELECT 1 FROM debrief_debrief d WHERE d.interview_id = i.id))
), ranked AS (
    SELECT candidate.*,
           row_number() OVER (
               PARTITION BY upcoming
               ORDER BY CASE WHEN upcoming THEN scheduled_at END, scheduled_at DESC
           ) AS position,
           count(*) OVER (PARTITION BY upcoming) AS of_kind
    FROM candidate
)
SELECT r.id, a.employer, a.role_title, r.stage, r.scheduled_at, r.application_id, r.outcome,
       r.upcoming, r.of_kind
FROM ranked r JOIN debrief_application a ON a.id = r.application_id
WHERE r.position <= %(length)s
ORDER BY r.upcoming DESC, r.position
"""


def interviews_needing_attention(owner: User, now: datetime.datetime, earlier: dict) -> dict:
    """The next interviews (within UPCOMING_DAYS) and the latest ones without a debrief.

    `earlier` holds the undebriefed interviews as of a moment earlier today (cached with the
    figures); only the interviews since then are read, an index range that stays small however
    long the record is.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            INTERVIEWS_AROUND_NOW_SQL,
            {
                "owner": owner.pk,
                "now": now,
                "since": earlier["as_of"],
                "until": now + datetime.timedelta(UPCOMING_DAYS),
                "length": LIST_LENGTH,
            },
        )
        rows = cursor.fetchall()
    found = {True: [], False: []}
    totals = {True: 0, False: 0}
    for *line, upcoming, of_kind in rows:
        found[upcoming].append(interview_line(*line))
        totals[upcoming] = of_kind
    return {
        "upcoming": found[True],
        "upcoming_total": totals[True],
        "undebriefed": (found[False] + list(earlier["interviews"]))[:LIST_LENGTH],
        "undebriefed_total": totals[False] + earlier["total"],
    }


# The latest decided interview is the first entry of the partial index interview_owner_decided;
# with it, what the first card needs (debrief.services.progress): whether it has a debrief and a
# feedback request, and the latest application waiting at "offer".
LATEST_DECISION_SQL = """
SELECT i.id, a.employer, i.outcome = 'offer', i.outcome_date,
       EXISTS (SELECT 1 FROM debrief_debrief d WHERE d.interview_id = i.id),
       EXISTS (SELECT 1 FROM debrief_feedbackrequest f WHERE f.interview_id = i.id),
       offer.id, offer.employer, offer.role_title
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


def latest_decision(owner: User) -> Decision | None:
    """The most recent interview that ended in a rejection or an offer."""
    with connection.cursor() as cursor:
        cursor.execute(LATEST_DECISION_SQL, {"owner": owner.pk})
        row = cursor.fetchone()
    return Decision(*row) if row else None


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


def feedback_due(owner: User, today: datetime.date) -> tuple[FollowUpDue, ...]:
    """Requests awaiting a reply whose follow-up is overdue or due within a few days."""
    with connection.cursor() as cursor:
        cursor.execute(
            FEEDBACK_DUE_SQL,
            {
                "owner": owner.pk,
                "soon": today + datetime.timedelta(FOLLOW_UP_SOON_DAYS),
                "awaiting": FeedbackRequest.Status.awaiting_reply(),
                "length": LIST_LENGTH,
            },
        )
        return tuple(
            FollowUpDue(pk, employer, due, follow_up_day_passed(due, today))
            for pk, employer, due in cursor.fetchall()
        )


def feedback_response(figures: dict) -> dict:
    """How often employers answer: of the requests that ended, how many brought feedback."""
    received = figures["status_received"]
    declined = figures["status_declined"]
    no_response = figures["status_no_response"]
    waiting = figures["status_requested"] + figures["status_followed_up"]
    ended = received + declined + no_response
    largest = max(received, declined, no_response, waiting, figures["status_not_sent"])
    return {
        "rows": (
            ("received", "Answered with feedback", received),
            ("declined", "Declined to give feedback", declined),
            ("no_response", "Never answered", no_response),
            ("requested", "Still waiting for a reply", waiting),
            ("not_sent", "Not sent yet", figures["status_not_sent"]),
        ),
        "largest": largest,
        "ended": ended,
        "answered_rate": percent(received, ended),
        "sent": ended + waiting,
    }


def reading_differences(row: dict) -> tuple[ReadingDifference, ...]:
    differences = (
        ReadingDifference(
            label=str(reason.label),
            unexpected=row[f"unexpected_{reason.value}"],
            feared=row[f"feared_{reason.value}"],
            agreed=row[f"agreed_{reason.value}"],
            within_my_control=reason.is_within_my_control,
        )
        for reason in Reason
    )
    return tuple(d for d in differences if d.unexpected or d.feared or d.agreed)


def reading_summary(differences: tuple[ReadingDifference, ...]) -> dict:
    return {
        "unexpected": sum(d.unexpected for d in differences),
        "feared": sum(d.feared for d in differences),
        "agreed": sum(d.agreed for d in differences),
    }


# The last debriefs, read backwards along the owner's interviews by date, and the first two
# (for progress.movements), in one statement; the counts and averages are kept by the database
# (dashboard_counts).
RATING_TRENDS_SQL = f"""
WITH last AS (
    SELECT i.id, i.scheduled_at, i.application_id, d.id AS debrief_id,
           {", ".join(f"d.{name}" for name in DEBRIEF_RATINGS)}
    FROM debrief_interview i
    JOIN debrief_debrief d ON d.interview_id = i.id
    WHERE i.owner_id = %(owner)s
    ORDER BY i.scheduled_at DESC, d.id DESC
    LIMIT %(length)s
), latest AS (
    -- Joined to their applications once chosen, not every interview of the same moment before.
    SELECT last.id, last.scheduled_at, a.employer,
           {", ".join(f"last.{name}" for name in DEBRIEF_RATINGS)}, last.debrief_id
    FROM last JOIN debrief_application a ON a.id = last.application_id
), first_two AS (
    SELECT i.scheduled_at, {", ".join(f"d.{name}" for name in DEBRIEF_RATINGS)}
    FROM debrief_interview i
    JOIN debrief_debrief d ON d.interview_id = i.id
    WHERE i.owner_id = %(owner)s
    ORDER BY i.scheduled_at, d.id
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


def rating_trends(owner_id: int, figures: dict) -> dict:
    """Each rating over the last TREND_LENGTH debriefs (by interview date, oldest first) with
    its average over every debrief, and how many interviews before the moment of `figures`
    (dashboard_counts.interview_figures) have no debrief."""
    with connection.cursor() as cursor:
        cursor.execute(RATING_TRENDS_SQL, {"owner": owner_id, "length": TREND_LENGTH})
        rows = cursor.fetchall()
    latest = [row[:EARLIEST_AT] for row in rows if row[0]]
    latest.reverse()
    earliest_when, *first_ratings = rows[0][EARLIEST_AT:]
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
        "total": figures["debriefs"],
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


def encouragement(
    *, figures: dict, decision: Decision | None, upcoming: list, today: datetime.date
) -> Encouragement:
    """One line that fits the moment, in the guide's words."""
    if not figures["total"]:
        return Encouragement(
            "start",
            "Start with your first application",
            "Add the jobs you have applied for. After each interview, debrief yourself while it "
            "is fresh and ask the employer for feedback: every step teaches you something.",
        )
    recent = today - datetime.timedelta(RECENT_DAYS)
    if decision and decision.outcome_date >= recent:
        if decision.is_offer:
            return Encouragement(
                "offer",
                f"Congratulations on the offer from {decision.employer}!",
                "Your preparation paid off. Take the time you need to weigh it up.",
                interview_pk=decision.pk,
            )
        return Encouragement(
            "rejection",
            f"{decision.employer} said no thank you — it's business, not personal.",
            "You are not back at the bottom of the ladder. What you now know that you did not "
            "before:",
            known=tuple(WHAT_YOU_NOW_KNOW.items()),
            interview_pk=decision.pk,
        )
    if upcoming:
        interview = upcoming[0]
        when = progress.with_year(timezone.localtime(interview.scheduled_at))
        return Encouragement(
            "upcoming",
            f"Next: {interview.employer}, {when}.",
            "Your preparation sheet gathers your lessons, your weakest areas and the STAR "
            "answers to rehearse.",
            interview_pk=interview.pk,
        )
    if not figures["interviewed"]:
        return Encouragement(
            "applying",
            "Every application teaches you how to land an interview.",
            "Keep applying, and note where each job came from: the sources that lead to "
            "interviews will show here.",
        )
    return Encouragement(
        "steady",
        "Keep going: you know more after every interview.",
        "Debrief each interview, ask for feedback, and turn what you learn into actions.",
    )


def dashboard_figures(user: User, today: datetime.date) -> dict:
    """Everything on the dashboard that depends only on the record and the date: plain values,
    cached."""
    now = timezone.now()
    counts = read_counts(user.pk, today, now)
    figures = application_figures(counts)
    trends = rating_trends(user.pk, interview_figures(counts))
    feedback = feedback_figures(counts)
    actions = open_actions(user.pk, counts("open_actions"))
    differences = reading_differences(feedback)
    coverage = star_coverage(counts)
    return {
        "application_figures": figures,
        "undebriefed_earlier": undebriefed_before(user, now, trends["undebriefed"]),
        "latest_decision": latest_decision(user),
        "is_new": figures["total"] == 0,
        "status_counts": tuple(
            LabelledCount(value, str(label), figures[f"status_{value}"])
            for value, label in Status.choices
        ),
        "applications_total": figures["total"],
        "applications_silent": figures["silent"],
        "funnel": funnel(figures),
        "feedback_due": feedback_due(user, today),
        "feedback_overdue": feedback["overdue"],
        "feedback_response": feedback_response(feedback),
        "reasons": reason_split(feedback),
        "reading_compared": feedback["compared"],
        "reading_differences": differences,
        "reading_summary": reading_summary(differences),
        "rating_trends": trends,
        "star_coverage": coverage,
        "star_answers_total": sum(item.answers for item in coverage),
        "open_actions": actions.shown,
        "open_actions_total": actions.total,
    }


# The panels that show nothing but the figures above: rendered with them for the job seeker's own
# view and cached beside them as HTML, a plain string (templatetags.debrief_tags.dashboard_panel).
# One cache entry per record version and day holds both, so the warm dashboard pastes these
# panels instead of rendering them (about half its time); what depends on the time of day (the
# interviews coming up and just past, the first card) and the adviser's notes are read and
# rendered on every visit.
CACHED_PANELS = (
    "feedback_due",
    "funnel",
    "status",
    "reasons",
    "reading",
    "trend",
    "feedback_response",
    "star",
    "actions",
)


def figures_and_panels(user: User, today: datetime.date) -> dict:
    figures = dashboard_figures(user, today)
    context = {**figures, "today": today}
    panels = {
        # A plain str: the cache holds plain data, not Django's SafeString.
        name: str.__str__(render_to_string(f"debrief/includes/dashboard_{name}.html", context))
        for name in CACHED_PANELS
    }
    return {**figures, "panels": panels}


def dashboard_context(user: User, today: datetime.date) -> dict:
    figures = cached(
        record_cache_key("dashboard", user, today), lambda: figures_and_panels(user, today)
    )
    interviews = interviews_needing_attention(user, timezone.now(), figures["undebriefed_earlier"])
    usual = encouragement(
        figures=figures["application_figures"],
        decision=figures["latest_decision"],
        upcoming=interviews["upcoming"],
        today=today,
    )
    first_card, next_steps = progress.first_card(
        today=today,
        upcoming=interviews["upcoming"],
        usual=usual,
        decision=figures["latest_decision"],
    )
    return {
        **figures,
        **interviews,
        "today": today,
        "upcoming_days": UPCOMING_DAYS,
        "encouragement": replace(usual, next_steps=next_steps),
        "first_card": first_card,
        "movements": progress.movements(figures["rating_trends"]),
    }
