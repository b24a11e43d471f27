"""What a job seeker's record adds up to: the dashboard and the preparation sheet.

Plain functions of the owner (or the interview) and today's date, so the adviser's read-only view
of a client renders the same figures. Every figure is computed in PostgreSQL with a fixed number
of queries whatever the size of the record: conditional aggregates (`COUNT … FILTER`), window
functions for "the first few rows and how many there are", and `unnest` over array columns.

Those aggregates grow with the record, so they are cached under the record's version
(RecordVersion, which database triggers move on every change) and today's date: a record that
has not changed since the last visit today costs one small query, whatever its size. Only what
depends on the time of day (the interviews coming up, the ones just past) is read on each visit.
"""

import datetime
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection
from django.db.models import (
    Avg,
    Count,
    F,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Window,
)
from django.utils import timezone

from debrief.models import (
    DEBRIEF_RATINGS,
    WHAT_YOU_NOW_KNOW,
    ActionItem,
    Application,
    Competency,
    Debrief,
    DebriefQuestion,
    FeedbackRequest,
    Interview,
    Reason,
    RecordVersion,
    StarAnswer,
    User,
)
from debrief.services import progress
from debrief.services.notes import notes_for_client
from debrief.services.role_preparation import role_preparation

UPCOMING_DAYS = 14
LIST_LENGTH = 5
TREND_LENGTH = 8
# How long a rejection or an offer sets the tone of the encouraging line.
RECENT_DAYS = 21
FOLLOW_UP_SOON_DAYS = 3
SILENT_AFTER = datetime.timedelta(days=30)
# Figures are keyed by the record's version and the day; a day is as long as they can be right.
FIGURES_CACHE_SECONDS = 60 * 60 * 24

Status = Application.Status
# An application reached interview if one is recorded, or its status says it got that far.
REACHED_INTERVIEW = [Status.INTERVIEWING, Status.OFFER, Status.ACCEPTED, Status.DECLINED]
REACHED_OFFER = [Status.OFFER, Status.ACCEPTED, Status.DECLINED]

# The guide's self-assessment, turned into what to do about a low rating.
RATING_ADVICE = {
    "rating_answers": "Prepare for the questions you have been asked before and check that each "
    "answer responds to what was asked.",
    "rating_star": "Structure every example as Situation, Task, Action, Result, and say what part "
    "you played in the result.",
    "rating_manner": "Be punctual, courteous to everyone you meet and attentive: a suitable, "
    "professional manner from the first minute.",
    "rating_suitability": "Take the job description point by point and give an example of your "
    "skills and experience for each.",
    "rating_enthusiasm": "Say why this role at this employer appeals to you: research them and "
    "mention something specific.",
    "rating_nerves": "Rehearse out loud, plan the journey or the call set-up, and pause before "
    "answering: nerves can give the wrong impression.",
}


def percent(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


# --- Reasons: what employers said, and what I thought --------------------------------------------


@dataclass(frozen=True)
class ReasonCount:
    value: str
    label: str
    count: int


@dataclass
class ReasonSplit:
    within: list[ReasonCount]
    outside: list[ReasonCount]

    @property
    def within_total(self) -> int:
        return sum(reason.count for reason in self.within)

    @property
    def outside_total(self) -> int:
        return sum(reason.count for reason in self.outside)

    @property
    def total(self) -> int:
        return self.within_total + self.outside_total

    @property
    def largest(self) -> int:
        return max((reason.count for reason in self.within + self.outside), default=0)


def reason_split(row: dict) -> ReasonSplit:
    """The reasons employers gave, within and outside my control, most frequent first."""

    def counts(values: list[str]) -> list[ReasonCount]:
        found = [
            ReasonCount(value, Reason(value).label, row[f"said_{value}"])
            for value in values
            if row[f"said_{value}"]
        ]
        return sorted(found, key=lambda reason: -reason.count)

    return ReasonSplit(
        within=counts(Reason.within_my_control()), outside=counts(Reason.outside_my_control())
    )


@dataclass(frozen=True)
class ReadingDifference:
    label: str
    unexpected: int
    feared: int
    agreed: int
    within_my_control: bool


def reading_differences(row: dict) -> list[ReadingDifference]:
    differences = [
        ReadingDifference(
            label=reason.label,
            unexpected=row[f"unexpected_{reason.value}"],
            feared=row[f"feared_{reason.value}"],
            agreed=row[f"agreed_{reason.value}"],
            within_my_control=reason.is_within_my_control,
        )
        for reason in Reason
    ]
    return [d for d in differences if d.unexpected or d.feared or d.agreed]


def reading_summary(differences: list[ReadingDifference]) -> dict:
    return {
        "unexpected": sum(d.unexpected for d in differences),
        "feared": sum(d.feared for d in differences),
        "agreed": sum(d.agreed for d in differences),
    }


# --- STAR coverage --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Coverage:
    value: str
    label: str
    answers: int = 0
    strongest: int | None = None
    times_asked: int = 0
    asked_rating: float | None = None

    @property
    def is_gap(self) -> bool:
        return self.answers == 0

    @property
    def is_weak(self) -> bool:
        """No answer, only weak answers, or answers I felt went badly when asked."""
        return (
            self.is_gap
            or (self.strongest or 0) <= 2
            or (self.asked_rating is not None and self.asked_rating < 3)
        )


# Uses are counted per answer first, then answers per competency: joining the questions straight
# to the unnested competencies repeats each answer once per use and needs COUNT(DISTINCT), which
# sorted ~30,000 rows (21 ms) for a record of 10,000 applications; this takes a third of that.
STAR_COVERAGE_SQL = """
SELECT competency, count(*), max(strength), sum(uses),
       sum(rating_total)::float / nullif(sum(rated), 0)
FROM (
    SELECT s.competencies, s.strength, count(q.id) AS uses,
           sum(q.answer_rating) AS rating_total, count(q.answer_rating) AS rated
    FROM debrief_staranswer s
    LEFT JOIN debrief_debriefquestion q ON q.star_answer_id = s.id
    WHERE s.owner_id = %s
    GROUP BY s.id
) AS answer, unnest(answer.competencies) AS competency
GROUP BY competency
"""


def star_coverage(owner_id: int) -> list[Coverage]:
    """Every competency with the answers that cover it, the strongest, and how often an answer
    for it was used in an interview and how well it went. One grouped query."""
    with connection.cursor() as cursor:
        cursor.execute(STAR_COVERAGE_SQL, [owner_id])
        found = {row[0]: row[1:] for row in cursor.fetchall()}
    return [
        Coverage(competency.value, competency.label, *found[competency.value])
        if competency.value in found
        else Coverage(competency.value, competency.label)
        for competency in Competency
    ]


# --- The dashboard --------------------------------------------------------------------------------


@dataclass(frozen=True)
class StatusCount:
    value: str
    label: str
    count: int


@dataclass(frozen=True)
class FunnelStage:
    label: str
    count: int
    rate: int | None
    rate_text: str


@dataclass
class RatingTrend:
    field: str
    label: str
    values: list[int]
    average: float | None

    @property
    def latest(self) -> int | None:
        return self.values[-1] if self.values else None


@dataclass
class Encouragement:
    kind: str
    heading: str
    text: str
    known: list[tuple[str, str]] = field(default_factory=list)
    interview: Interview | None = None
    # After a "no": (label, url) of the steps not yet taken (debrief.services.progress).
    next_steps: list[tuple[str, str]] = field(default_factory=list)


def application_figures(owner: User, today: datetime.date) -> dict:
    interviewed_applications = Interview.objects.filter(owner=owner).values("application_id")
    return Application.objects.for_user(owner).aggregate(
        total=Count("id"),
        # Applied over a month ago and nothing since: probably ghosted.
        silent=Count(
            "id",
            filter=Q(status=Status.APPLIED, date_applied__lt=today - SILENT_AFTER)
            & ~Q(pk__in=interviewed_applications),
        ),
        interviewed=Count(
            "id",
            filter=Q(status__in=REACHED_INTERVIEW) | Q(pk__in=interviewed_applications),
        ),
        offers=Count("id", filter=Q(status__in=REACHED_OFFER)),
        **{f"status_{value}": Count("id", filter=Q(status=value)) for value in Status.values},
    )


def funnel(figures: dict) -> list[FunnelStage]:
    applied, interviewed, offers = figures["total"], figures["interviewed"], figures["offers"]
    interview_rate, offer_rate = percent(interviewed, applied), percent(offers, interviewed)
    return [
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
    ]


def undebriefed_before(owner: User, moment: datetime.datetime) -> dict:
    """The most recent interviews before `moment` without a debrief, and how many there are:
    a window count read from the first rows, in one query."""
    interviews = list(
        Interview.objects.for_user(owner)
        .filter(scheduled_at__lt=moment, debrief__isnull=True)
        .select_related("application")
        .annotate(of_kind=Window(Count("id")))
        .order_by("-scheduled_at", "-id")[:LIST_LENGTH]
    )
    return {
        "interviews": interviews,
        "total": interviews[0].of_kind if interviews else 0,
        "as_of": moment,
    }


# Read on every visit, so written in SQL: the same query through the ORM (a window partitioned by
# a CASE) cost ~2.5 ms a request to compile, twenty times what it takes PostgreSQL to run. The
# window runs over narrow rows; only the few rows shown are joined to their application.
INTERVIEWS_AROUND_NOW_SQL = """
WITH candidate AS (
    SELECT i.id, i.stage, i.format, i.outcome, i.scheduled_at, i.application_id,
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
SELECT r.id, r.stage, r.format, r.outcome, r.scheduled_at, r.application_id, r.upcoming,
       r.of_kind, a.employer, a.role_title
FROM ranked r JOIN debrief_application a ON a.id = r.application_id
WHERE r.position <= %(length)s
ORDER BY r.upcoming DESC, r.position
"""


def interviews_needing_attention(owner: User, now: datetime.datetime, earlier: dict) -> dict:
    """The next interviews (within UPCOMING_DAYS) and the latest ones without a debrief.

    `earlier` holds the undebriefed interviews as of a moment earlier today (cached with the
    figures); only the interviews since then are read, an index range that stays small however
    long the record is. The interviews come back with just what the panels show.
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
    for (
        pk,
        stage,
        interview_format,
        outcome,
        when,
        application_id,
        upcoming,
        of_kind,
        employer,
        role,
    ) in rows:
        application = Application(
            pk=application_id, owner=owner, employer=employer, role_title=role
        )
        found[upcoming].append(
            Interview(
                pk=pk,
                owner=owner,
                application=application,
                stage=stage,
                format=interview_format,
                outcome=outcome,
                scheduled_at=when,
            )
        )
        totals[upcoming] = of_kind
    return {
        "upcoming": found[True],
        "upcoming_total": totals[True],
        "undebriefed": (found[False] + earlier["interviews"])[:LIST_LENGTH],
        "undebriefed_total": totals[False] + earlier["total"],
    }


def latest_decision(owner: User) -> Interview | None:
    """The most recent interview that ended in a rejection or an offer."""
    return (
        Interview.objects.for_user(owner)
        .filter(
            outcome__in=[Interview.Outcome.REJECTED, Interview.Outcome.OFFER],
            outcome_date__isnull=False,
        )
        .select_related("application")
        .annotate(**progress.decision_annotations(owner))
        .order_by("-outcome_date", "-scheduled_at")
        .first()
    )


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


def feedback_due(owner: User, today: datetime.date) -> list[FeedbackRequest]:
    """Requests awaiting a reply whose follow-up is overdue or due within a few days."""
    soon = today + datetime.timedelta(FOLLOW_UP_SOON_DAYS)
    return list(
        FeedbackRequest.objects.for_user(owner)
        .awaiting_reply()
        .filter(follow_up_due__lte=soon)
        .select_related("interview__application")
        .order_by("follow_up_due", "id")[:LIST_LENGTH]
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
        "rows": [
            ("received", "Answered with feedback", received),
            ("declined", "Declined to give feedback", declined),
            ("no_response", "Never answered", no_response),
            ("requested", "Still waiting for a reply", waiting),
            ("not_sent", "Not sent yet", figures["status_not_sent"]),
        ],
        "largest": largest,
        "ended": ended,
        "answered_rate": percent(received, ended),
        "sent": ended + waiting,
    }


def rating_averages(owner_id: int) -> dict:
    """Each rating's average over every debrief, and how many debriefs there are."""
    return Debrief.objects.filter(interview__owner_id=owner_id).aggregate(
        debriefs=Count("id"), **{name: Avg(name) for name in DEBRIEF_RATINGS}
    )


def rating_trends(owner_id: int) -> dict:
    """Each rating over the last TREND_LENGTH debriefs (by interview date, oldest first), with
    its average over all of them: window aggregates over every debrief, read from the last rows,
    so one query gives both."""
    rows = list(
        Debrief.objects.filter(interview__owner_id=owner_id)
        .annotate(
            debriefs=Window(Count("id")),
            **{f"average_{name}": Window(Avg(name)) for name in DEBRIEF_RATINGS},
            **progress.earliest_windows(),
        )
        .order_by("-interview__scheduled_at", "-id")
        .values(
            "interview_id",
            "interview__scheduled_at",
            "interview__application__employer",
            "debriefs",
            *DEBRIEF_RATINGS,
            *(f"average_{name}" for name in DEBRIEF_RATINGS),
            *progress.earliest_windows(),
        )[:TREND_LENGTH]
    )
    rows.reverse()
    trends = [
        RatingTrend(
            field=name,
            label=label,
            values=[row[name] for row in rows],
            average=rows[0][f"average_{name}"] if rows else None,
        )
        for name, label in DEBRIEF_RATINGS.items()
    ]
    interviews = [
        {
            "pk": row["interview_id"],
            "when": row["interview__scheduled_at"],
            "employer": row["interview__application__employer"],
        }
        for row in rows
    ]
    return {
        "trends": trends,
        "interviews": interviews,
        "total": rows[0]["debriefs"] if rows else 0,
        "earliest": progress.earliest(rows[-1]) if rows else None,
    }


def open_actions(owner_id: int, limit: int = LIST_LENGTH) -> list[ActionItem]:
    return list(
        ActionItem.objects.filter(owner_id=owner_id, status=ActionItem.Status.OPEN)
        .annotate(of_kind=Window(Count("id")))
        .order_by(F("due_date").asc(nulls_last=True), "-created_at")[:limit]
    )


def encouragement(
    *, figures: dict, decision: Interview | None, upcoming: list, today: datetime.date
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
        employer = decision.application.employer
        if decision.outcome == Interview.Outcome.OFFER:
            return Encouragement(
                "offer",
                f"Congratulations on the offer from {employer}!",
                "Your preparation paid off. Take the time you need to weigh it up.",
                interview=decision,
            )
        return Encouragement(
            "rejection",
            f"{employer} said no thank you — it's business, not personal.",
            "You are not back at the bottom of the ladder. What you now know that you did not "
            "before:",
            known=list(WHAT_YOU_NOW_KNOW.items()),
            interview=decision,
        )
    if upcoming:
        interview = upcoming[0]
        return Encouragement(
            "upcoming",
            f"Next: {interview.application.employer}, "
            f"{with_year(timezone.localtime(interview.scheduled_at))}.",
            "Your preparation sheet gathers your lessons, your weakest areas and the STAR "
            "answers to rehearse.",
            interview=interview,
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


def record_cache_key(kind: str, owner: User, today: datetime.date, *more) -> str:
    """A key that changes whenever the owner's record changes, and every day."""
    version = RecordVersion.of(owner)
    return ":".join(str(part) for part in (kind, owner.pk, version, today.isoformat(), *more))


def cached(key: str, compute) -> dict:
    figures = cache.get(key)
    if figures is None:
        figures = compute()
        cache.set(key, figures, FIGURES_CACHE_SECONDS)
    return figures


def dashboard_figures(user: User, today: datetime.date) -> dict:
    """Everything on the dashboard that depends only on the record and the date."""
    figures = application_figures(user, today)
    feedback = feedback_figures(user.pk, today)
    actions = open_actions(user.pk)
    differences = reading_differences(feedback)
    return {
        "application_figures": figures,
        "undebriefed_earlier": undebriefed_before(user, timezone.now()),
        "latest_decision": latest_decision(user),
        "is_new": figures["total"] == 0,
        "status_counts": [
            StatusCount(value, label, figures[f"status_{value}"]) for value, label in Status.choices
        ],
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
        "rating_trends": rating_trends(user.pk),
        "star_coverage": star_coverage(user.pk),
        "open_actions": actions,
        "open_actions_total": actions[0].of_kind if actions else 0,
        "adviser_notes": notes_for_client(user),
    }


def dashboard_context(user: User, today: datetime.date) -> dict:
    figures_key = record_cache_key("dashboard", user, today)
    figures = cached(figures_key, lambda: dashboard_figures(user, today))
    interviews = interviews_needing_attention(user, timezone.now(), figures["undebriefed_earlier"])
    usual = encouragement(
        figures=figures["application_figures"],
        decision=figures["latest_decision"],
        upcoming=interviews["upcoming"],
        today=today,
    )
    return {
        **figures,
        **interviews,
        "today": today,
        "figures_key": figures_key,
        "upcoming_days": UPCOMING_DAYS,
        "encouragement": usual,
        "first_card": progress.first_card(
            today=today,
            upcoming=interviews["upcoming"],
            usual=usual,
            decision=figures["latest_decision"],
        ),
        "movements": progress.movements(figures["rating_trends"]),
        "star_answers_total": sum(item.answers for item in figures["star_coverage"]),
    }


# --- The preparation sheet ------------------------------------------------------------------------


@dataclass(frozen=True)
class WeakArea:
    field: str
    label: str
    average: float
    advice: str


def weakest_areas(owner_id: int, count: int = 3) -> tuple[list[WeakArea], int]:
    """The self-assessment ratings with the lowest averages over every debrief."""
    averages = rating_averages(owner_id)
    if not averages["debriefs"]:
        return [], 0
    areas = sorted(
        (
            WeakArea(name, label, averages[name], RATING_ADVICE[name])
            for name, label in DEBRIEF_RATINGS.items()
        ),
        key=lambda area: area.average,
    )
    return areas[:count], averages["debriefs"]


def earlier_lessons(interview: Interview) -> list[Interview]:
    """Earlier interviews that ended in a rejection, with what I would do better and what the
    employer said (the latest feedback received)."""
    received = FeedbackRequest.objects.filter(
        interview=OuterRef("pk"), status=FeedbackRequest.Status.RECEIVED
    ).order_by("-received_on", "-id")
    return list(
        Interview.objects.filter(
            owner_id=interview.owner_id, scheduled_at__lt=interview.scheduled_at
        )
        .filter(
            Q(outcome=Interview.Outcome.REJECTED)
            | Q(application__status=Application.Status.REJECTED)
        )
        .exclude(pk=interview.pk)
        .select_related("application", "debrief")
        .annotate(
            feedback_text=Subquery(received.values("feedback_text")[:1]),
        )
        .order_by("-scheduled_at")[:LIST_LENGTH]
    )


def earlier_stages(interview: Interview) -> list[Interview]:
    """The earlier interviews for the same job, with what I noted and the questions I was asked:
    the best preparation for the next stage with the same people."""
    return list(
        Interview.objects.filter(
            application_id=interview.application_id, scheduled_at__lt=interview.scheduled_at
        )
        .select_related("debrief")
        .prefetch_related(
            Prefetch(
                "debrief__questions",
                queryset=DebriefQuestion.objects.select_related("star_answer"),
            )
        )
        .order_by("scheduled_at")
    )


@dataclass(frozen=True)
class Suggestion:
    coverage: Coverage
    answer: StarAnswer | None
    # The answer was already suggested for a competency above: named, not repeated in full.
    shown_above: bool = False


def suggested_answers(owner_id: int, coverage: list[Coverage], limit: int = 6) -> list[Suggestion]:
    """The competencies that have been weak (answers that went badly when asked, only weak
    answers, or none), then the ones asked about most; for each, the strongest STAR answer to
    rehearse that is not suggested already."""

    def priority(item: Coverage) -> tuple:
        went_badly = item.asked_rating is not None and item.asked_rating < 3
        return (not went_badly, not item.is_weak, item.is_gap, -item.times_asked)

    chosen = sorted((item for item in coverage if item.times_asked or item.is_weak), key=priority)
    chosen = chosen[:limit]
    wanted = [item.value for item in chosen]
    answers = (
        list(
            StarAnswer.objects.filter(owner_id=owner_id, competencies__overlap=wanted)
            .only("title", "competencies", "situation", "task", "action", "result", "strength")
            .order_by("-strength", "title")[: limit * 5]
        )
        if wanted
        else []
    )
    suggestions, suggested = [], set()
    for item in chosen:
        covering = [answer for answer in answers if item.value in answer.competencies]
        fresh = next((answer for answer in covering if answer.pk not in suggested), None)
        if fresh:
            suggested.add(fresh.pk)
            suggestions.append(Suggestion(item, fresh))
        else:
            suggestions.append(
                Suggestion(item, covering[0] if covering else None, shown_above=bool(covering))
            )
    return suggestions


def preparation_figures(interview: Interview, today: datetime.date) -> dict:
    owner_id = interview.owner_id
    weakest, debriefs = weakest_areas(owner_id)
    actions = open_actions(owner_id, limit=10)
    return {
        "open_actions": actions,
        "open_actions_total": actions[0].of_kind if actions else 0,
        "lessons": earlier_lessons(interview),
        "earlier_stages": earlier_stages(interview),
        "weakest_areas": weakest,
        "debriefs_total": debriefs,
        "themes": reason_split(feedback_figures(owner_id, today)),
        # Questions and answers across employers; it also fills the suggestions' false gaps.
        **role_preparation(interview, suggested_answers(owner_id, star_coverage(owner_id))),
    }


def preparation_context(interview: Interview, today: datetime.date) -> dict:
    figures_key = record_cache_key("prepare", interview.owner, today, interview.pk)
    return {
        **cached(figures_key, lambda: preparation_figures(interview, today)),
        "interview": interview,
        "application": interview.application,
        "today": today,
        "is_upcoming": not interview.is_past,
        "figures_key": figures_key,
    }


def with_year(when: datetime.datetime) -> str:
    """'3 December', or '3 December 2027' outside the current year."""
    text = f"{when:%-d %B}"
    return text if when.year == timezone.localdate().year else f"{text} {when.year}"
