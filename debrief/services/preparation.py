"""The preparation sheet for an interview: "move on to the next", made concrete.

What the sheet gathers depends only on the record, the interview and the date, so it is computed
once per record version and day and cached as plain values (see record_figures).
"""

import datetime
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import OuterRef, Q, Subquery
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from debrief.models import (
    DEBRIEF_RATINGS,
    Application,
    DebriefQuestion,
    FeedbackRequest,
    Interview,
    StarAnswer,
)
from debrief.services.dashboard_counts import (
    Counts,
    feedback_figures,
    interview_figures,
    read_counts,
    star_coverage,
)
from debrief.services.notes import notes_for_client
from debrief.services.record_figures import (
    FIGURES_CACHE_SECONDS,
    LIST_LENGTH,
    Coverage,
    ReasonSplit,
    StarSummary,
    cached,
    open_actions,
    reason_split,
    record_cache_key,
)
from debrief.services.role_preparation import role_preparation

# The guide's self-assessment, turned into what to do about a low rating.
RATING_ADVICE = {
    "rating_answers": gettext_lazy(
        "Prepare for the questions you have been asked before and check that each "
        "answer responds to what was asked."
    ),
    "rating_star": gettext_lazy(
        "Structure every example as Situation, Task, Action, Result, and say what part "
        "you played in the result."
    ),
    "rating_manner": gettext_lazy(
        "Be punctual, courteous to everyone you meet and attentive: a suitable, "
        "professional manner from the first minute."
    ),
    "rating_suitability": gettext_lazy(
        "Take the job description point by point and give an example of your "
        "skills and experience for each."
    ),
    "rating_enthusiasm": gettext_lazy(
        "Say why this role at this employer appeals to you: research them and "
        "mention something specific."
    ),
    "rating_nerves": gettext_lazy(
        "Rehearse out loud, plan the journey or the call set-up, and pause before "
        "answering: nerves can give the wrong impression."
    ),
}


@dataclass(frozen=True)
class WeakArea:
    field: str
    label: str
    average: float
    advice: str


@dataclass(frozen=True)
class Lesson:
    """An earlier interview that ended in a rejection: what I would do better, what they said."""

    pk: int
    employer: str
    role_title: str
    stage_label: str
    scheduled_at: datetime.datetime
    do_better: str
    feedback_text: str


@dataclass(frozen=True)
class AskedQuestion:
    question: str
    answer_rating: int | None
    star_answer_title: str


@dataclass(frozen=True)
class EarlierStage:
    """An earlier interview for the same job, with my debrief and the questions I was asked."""

    pk: int
    stage_label: str
    scheduled_at: datetime.datetime
    interviewers: str
    has_debrief: bool
    went_well: str
    do_better: str
    questions: tuple[AskedQuestion, ...]


@dataclass(frozen=True)
class Suggestion:
    coverage: Coverage
    answer: StarSummary | None
    # The answer was already suggested for a competency above: named, not repeated in full.
    shown_above: bool = False


# An average this high is a strength worth saying first ("Very good" or better is 4).
STRENGTH_FROM = 3.5


def rated_areas(
    counts: Counts, count: int = 3
) -> tuple[tuple[WeakArea, ...], tuple[WeakArea, ...], int]:
    """The self-assessment ratings with the highest averages (strengths, at STRENGTH_FROM or
    more) and the lowest, over every complete self-assessment, and how many there are."""
    figures = interview_figures(counts)
    averages = figures["averages"]
    if not figures["rated"]:
        return (), (), 0
    areas = sorted(
        (
            WeakArea(name, str(label), averages[name], str(RATING_ADVICE[name]))
            for name, label in DEBRIEF_RATINGS.items()
        ),
        key=lambda area: area.average,
    )
    weakest = tuple(areas[:count])
    strongest = tuple(
        area for area in reversed(areas) if area.average >= STRENGTH_FROM and area not in weakest
    )[:count]
    return strongest, weakest, figures["rated"]


def earlier_lessons(interview: Interview) -> tuple[Lesson, ...]:
    """Earlier interviews that ended in a rejection, with what I would do better and what the
    employer said (the latest feedback received)."""
    received = FeedbackRequest.objects.filter(
        interview=OuterRef("pk"), status=FeedbackRequest.Status.RECEIVED
    ).order_by("-received_on", "-id")
    rows = (
        Interview.objects.filter(
            owner_id=interview.owner_id, scheduled_at__lt=interview.scheduled_at
        )
        .filter(
            Q(outcome=Interview.Outcome.REJECTED)
            | Q(application__status=Application.Status.REJECTED)
        )
        .exclude(pk=interview.pk)
        .annotate(feedback_text=Subquery(received.values("feedback_text")[:1]))
        .order_by("-scheduled_at")
        .values_list(
            "pk",
            "application__employer",
            "application__role_title",
            "stage",
            "scheduled_at",
            "debrief__do_better",
            "feedback_text",
        )[:LIST_LENGTH]
    )
    return tuple(
        Lesson(
            pk,
            employer,
            role,
            str(Interview.Stage(stage).label),
            when,
            do_better or "",
            feedback or "",
        )
        for pk, employer, role, stage, when, do_better, feedback in rows
    )


def earlier_stages(interview: Interview) -> tuple[EarlierStage, ...]:
    """The earlier interviews for the same job, with what I noted and the questions I was asked:
    the best preparation for the next stage with the same people. Two queries."""
    stages = list(
        Interview.objects.filter(
            application_id=interview.application_id, scheduled_at__lt=interview.scheduled_at
        )
        .order_by("scheduled_at")
        .values_list(
            "pk",
            "stage",
            "scheduled_at",
            "interviewers",
            "debrief__id",
            "debrief__went_well",
            "debrief__do_better",
        )
    )
    asked: dict[int, list[AskedQuestion]] = {}
    debrief_ids = [stage[4] for stage in stages if stage[4] is not None]
    if debrief_ids:
        for debrief_id, question, rating, title in (
            DebriefQuestion.objects.filter(debrief_id__in=debrief_ids)
            .order_by("debrief_id", "pk")
            .values_list("debrief_id", "question", "answer_rating", "star_answer__title")
        ):
            asked.setdefault(debrief_id, []).append(AskedQuestion(question, rating, title or ""))
    return tuple(
        EarlierStage(
            pk=pk,
            stage_label=str(Interview.Stage(stage).label),
            scheduled_at=when,
            interviewers=interviewers,
            has_debrief=debrief_id is not None,
            went_well=went_well or "",
            do_better=do_better or "",
            questions=tuple(asked.get(debrief_id, ())),
        )
        for pk, stage, when, interviewers, debrief_id, went_well, do_better in stages
    )


def suggested_answers(
    owner_id: int, coverage: tuple[Coverage, ...], limit: int = 6
) -> tuple[Suggestion, ...]:
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
        [
            (set(competencies), StarSummary(*summary))
            for *summary, competencies in StarAnswer.objects.filter(
                owner_id=owner_id, competencies__overlap=wanted
            )
            .order_by("-strength", "title")
            .values_list(
                "pk",
                "title",
                "strength",
                "situation",
                "task",
                "action",
                "result",
                "competencies",
            )[: limit * 5]
        ]
        if wanted
        else []
    )
    suggestions, suggested = [], set()
    for item in chosen:
        covering = [answer for competencies, answer in answers if item.value in competencies]
        fresh = next((answer for answer in covering if answer.pk not in suggested), None)
        if fresh:
            suggested.add(fresh.pk)
            suggestions.append(Suggestion(item, fresh))
        else:
            suggestions.append(
                Suggestion(item, covering[0] if covering else None, shown_above=bool(covering))
            )
    return tuple(suggestions)


def preparation_figures(interview: Interview, today: datetime.date) -> dict:
    owner_id = interview.owner_id
    counts = read_counts(owner_id, today, timezone.now())
    strongest, weakest, debriefs = rated_areas(counts)
    actions = open_actions(owner_id, counts("open_actions"), limit=10)
    themes: ReasonSplit = reason_split(feedback_figures(counts))
    return {
        "open_actions": actions.shown,
        "open_actions_total": actions.total,
        "lessons": earlier_lessons(interview),
        "earlier_stages": earlier_stages(interview),
        "strongest_areas": strongest,
        "weakest_areas": weakest,
        "debriefs_total": debriefs,
        "themes": themes,
        # Questions and answers across employers; it also fills the suggestions' false gaps.
        **role_preparation(interview, suggested_answers(owner_id, star_coverage(counts))),
    }


def figures_and_sheet(interview: Interview, today: datetime.date) -> dict:
    """The figures, and the sheet's sections rendered from them for the job seeker's own view
    (includes/prepare_body.html), as a plain str: one cache entry holds both."""
    figures = preparation_figures(interview, today)
    context = {**figures, "interview": interview, "application": interview.application}
    # A plain str: the cache holds plain data, not Django's SafeString.
    sheet = str.__str__(render_to_string("debrief/includes/prepare_body.html", context))
    return {**figures, "sheet": sheet}


def preparation_context(interview: Interview, today: datetime.date) -> dict:
    key = record_cache_key("prepare", interview.owner, today, interview.pk)
    figures = cached(key, lambda: figures_and_sheet(interview, today))
    return {
        **figures,
        # Rendered by the template above from the record's own values, escaped there. An
        # adviser's view renders the sections live, in the adviser's words.
        "sheet_html": mark_safe(figures["sheet"]),
        "interview": interview,
        "application": interview.application,
        "today": today,
        "is_upcoming": not interview.is_past,
    }


def interview_notes(owner, interview: Interview, today: datetime.date) -> list:
    """The adviser notes about this interview (notes.notes_for_client), read live; not read
    at all while the record has none for it. A note written, moved or deleted moves the record's
    version (summaries/record_version.py), so "none" is cached under it; a reply or an
    adviser's new name does not, which is why notes themselves are never cached."""
    key = record_cache_key("prepare-notes", owner, today, interview.pk)
    if cache.get(key) is False:
        return []
    notes = notes_for_client(owner, interview)
    cache.set(key, bool(notes), FIGURES_CACHE_SECONDS)
    return notes
