"""The preparation sheet, across employers: the questions asked before for this kind of role, the
competencies they and the role call for, and the user's STAR answers ranked by them.

"This kind of role" is any earlier application whose role title shares a meaningful word with
this one ("Data Analyst" and "Junior Data Analyst", "Analyst, Customer Insight"). An answer covers
a competency when it is tagged with it or when its title or questions name it, so an answer
written straight from a question ("Tell me about a conflict") counts before it is tagged.

Everything returned is plain values (frozen dataclasses, tuples, strings): the sheet is cached.
"""

import datetime
import re
from collections import Counter
from dataclasses import dataclass, replace

from django.db.models import Q

from debrief.models import Competency, DebriefQuestion, Interview, StarAnswer
from debrief.services.record_figures import StarSummary

# Words that say how senior or how permanent a role is, not what kind it is.
NOT_A_KIND = {
    "a", "an", "and", "the", "of", "for", "in", "to", "with", "at", "&", "-", "i", "ii", "iii",
    "junior", "senior", "graduate", "trainee", "apprentice", "lead", "principal", "head",
    "assistant", "associate", "intern", "internship", "entry", "level", "part", "time",
    "full", "contract", "temporary", "temp", "permanent", "remote", "hybrid",
}  # fmt: skip

# Words in a question or an answer's title that name a competency.
COMPETENCY_WORDS = {
    Competency.TEAMWORK: ["team", "colleague", "collaborat", "together"],
    Competency.LEADERSHIP: ["lead", "led ", "manag", "mentor", "motivat"],
    Competency.PROBLEM_SOLVING: ["problem", "solve", "solution", "analys", "fix", "data"],
    Competency.CONFLICT: ["conflict", "disagree", "difficult person", "difficult colleague"],
    Competency.COMMUNICATION: ["communicat", "explain", "present", "stakeholder", "persuad"],
    Competency.INITIATIVE: ["initiative", "improve", "own idea", "went beyond", "proactive"],
    Competency.CUSTOMER_FOCUS: ["customer", "client", "user", "service"],
    Competency.RESILIENCE: ["pressure", "setback", "fail", "mistake", "stress", "resilien"],
    Competency.ORGANISATION: ["deadline", "priorit", "organis", "plan", "time management"],
    Competency.ADAPTABILITY: ["change", "adapt", "new situation", "unfamiliar", "learn"],
}

QUESTIONS_SHOWN = 20
QUESTIONS_READ = 100
ANSWERS_READ = 200
ANSWERS_SHOWN = 5


def role_words(role_title: str) -> list[str]:
    words = re.findall(r"[a-z0-9+#]+", role_title.lower())
    return [w for w in words if w not in NOT_A_KIND and len(w) > 1]


def competencies_named(text: str) -> frozenset[str]:
    lowered = f" {text.lower()} "
    return frozenset(
        {
            competency.value
            for competency, words in COMPETENCY_WORDS.items()
            if any(word in lowered for word in words)
        }
    )


def answer_covers(title: str, questions: str, competencies) -> frozenset[str]:
    return frozenset(competencies) | competencies_named(f"{title}\n{questions}")


@dataclass(frozen=True)
class RankedAnswer:
    answer: StarSummary
    matches: tuple[str, ...] = ()  # competency labels called for

    @property
    def score(self) -> int:
        return len(self.matches)


@dataclass(frozen=True)
class StarRef:
    pk: int
    title: str


@dataclass(frozen=True)
class AskedTime:
    """One time a question was asked: where, when and how the answer went."""

    employer: str
    scheduled_at: datetime.datetime
    answer_rating: int | None
    star_answer: StarRef | None


@dataclass(frozen=True)
class AskedBefore:
    """One question, however many times it was asked."""

    question: str
    times: tuple[AskedTime, ...] = ()  # latest first

    @property
    def star_answer(self) -> StarRef | None:
        return next((t.star_answer for t in self.times if t.star_answer), None)

    @property
    def lowest_rating(self) -> int | None:
        ratings = [t.answer_rating for t in self.times if t.answer_rating]
        return min(ratings) if ratings else None


@dataclass(frozen=True)
class EarlierQuestion:
    question: str
    employer: str
    scheduled_at: datetime.datetime
    answer_rating: int | None
    star_answer_pk: int | None
    star_answer_title: str
    star_answer_competencies: tuple[str, ...]

    def time(self) -> AskedTime:
        star = StarRef(self.star_answer_pk, self.star_answer_title) if self.star_answer_pk else None
        return AskedTime(self.employer, self.scheduled_at, self.answer_rating, star)


def group_questions(questions: list[EarlierQuestion]) -> tuple[AskedBefore, ...]:
    grouped: dict[str, tuple[str, list[AskedTime]]] = {}
    for question in questions:
        key = " ".join(re.findall(r"[a-z0-9']+", question.question.lower()))
        grouped.setdefault(key, (question.question, []))[1].append(question.time())
    return tuple(AskedBefore(text, tuple(times)) for text, times in grouped.values())[
        :QUESTIONS_SHOWN
    ]


def earlier_role_questions(interview: Interview) -> list[EarlierQuestion]:
    """Every question asked before in an interview for this kind of role, at any employer,
    latest first."""
    words = role_words(interview.application.role_title)
    if not words:
        return []
    same_kind = Q()
    for word in words:
        same_kind |= Q(debrief__interview__application__role_title__icontains=word)
    rows = (
        DebriefQuestion.objects.filter(
            same_kind,
            debrief__interview__owner_id=interview.owner_id,
            debrief__interview__scheduled_at__lt=interview.scheduled_at,
        )
        .exclude(debrief__interview__application_id=interview.application_id)
        .order_by("-debrief__interview__scheduled_at", "id")
        .values_list(
            "question",
            "debrief__interview__application__employer",
            "debrief__interview__scheduled_at",
            "answer_rating",
            "star_answer_id",
            "star_answer__title",
            "star_answer__competencies",
        )[:QUESTIONS_READ]
    )
    return [
        EarlierQuestion(text, employer, when, rating, star_pk, title or "", tuple(tags or ()))
        for text, employer, when, rating, star_pk, title, tags in rows
    ]


def role_preparation(interview: Interview, suggestions: tuple) -> dict:
    """The questions asked before for this kind of role, the user's STAR answers ranked by the
    competencies those questions and the role call for, and the sheet's suggestions with any
    "no answer yet" that an untagged answer does cover filled in. Two queries."""
    questions = earlier_role_questions(interview)
    called_for = Counter()
    for question in questions:
        named = competencies_named(question.question) | set(question.star_answer_competencies)
        called_for.update(named)
    called_for.update(competencies_named(interview.application.role_title))
    rows = (
        StarAnswer.objects.filter(owner_id=interview.owner_id)
        .order_by("-strength", "title")
        .values_list(*StarSummary.FIELDS, "questions", "competencies")[:ANSWERS_READ]
    )
    answers = []
    covers = {}
    for *summary, asked, competencies in rows:
        answer = StarSummary(*summary)
        answers.append(answer)
        covers[answer.pk] = answer_covers(answer.title, asked, competencies)
    ranked = []
    for answer in answers:
        wanted = sorted(covers[answer.pk] & set(called_for), key=lambda c: -called_for[c])
        if wanted:
            ranked.append(RankedAnswer(answer, tuple(str(Competency(c).label) for c in wanted)))
    ranked.sort(
        key=lambda r: (-sum(called_for[c] for c in covers[r.answer.pk]), -r.answer.strength)
    )
    return {
        "role_questions": group_questions(questions),
        "role_kind": str(interview.application.role_title),
        "role_answers": tuple(ranked[:ANSWERS_SHOWN]),
        "called_for": tuple(str(Competency(c).label) for c, _ in called_for.most_common(5)),
        "suggestions": fill_gaps(suggestions, answers, covers),
    }


def fill_gaps(suggestions: tuple, answers: list[StarSummary], covers: dict) -> tuple:
    """A suggestion that says "no answer yet" for a competency an answer covers gets it."""
    filled = []
    for suggestion in suggestions:
        item = suggestion.coverage
        if item.is_gap:
            found = next((a for a in answers if item.value in covers[a.pk]), None)
            if found is not None:
                item = replace(item, answers=1, strongest=found.strength)
                suggestion = replace(suggestion, coverage=item, answer=found, shown_above=False)
        filled.append(suggestion)
    return tuple(filled)
