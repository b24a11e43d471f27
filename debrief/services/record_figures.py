"""What a job seeker's record adds up to, shared by the dashboard and the preparation sheet.

Plain functions of the owner and today's date, so the adviser's read-only view of a client renders
the same figures, with a fixed number of queries whatever the size of the record: the figures over
the whole record are kept by the database (DashboardCount, read by dashboard_counts), the lists
are read along indexes.

They are cached under the record's version
(RecordVersion, which database triggers move on every change) and today's date. The cache holds
plain values only — frozen dataclasses of strings, numbers and dates, tuples, dicts — never a model
instance: a pickled instance carries every loaded field (a related user's password hash included)
into the cache, and its shape belongs to the release that wrote it. The cache's KEY_PREFIX names
the release (settings.py), so a deploy never reads what another release wrote.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection
from django.utils import translation

from debrief.models import (
    ActionItem,
    Reason,
    RecordVersion,
    User,
)

LIST_LENGTH = 5
# Figures are keyed by the record's version and the day; a day is as long as they can be right.
FIGURES_CACHE_SECONDS = 60 * 60 * 24


def percent(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


# --- Caching --------------------------------------------------------------------------------------


def record_cache_key(
    kind: str, owner: User, today: datetime.date, *more, version: int | None = None
) -> str:
    """A key that changes whenever the owner's record changes, and every day; the language is
    part of it, as the cached panels are HTML in the language they were rendered in. The version
    is the owner's as loaded, unless given (the caseload's: read where the page is read, before
    it, services/caseload_body.py)."""
    if version is None:
        version = RecordVersion.of(owner)
    parts = (kind, owner.pk, version, today.isoformat(), translation.get_language(), *more)
    return ":".join(str(part) for part in parts)


def cached[T](key: str, compute: Callable[[], T]) -> T:
    figures = cache.get(key)
    if figures is None:
        figures = compute()
        cache.set(key, figures, FIGURES_CACHE_SECONDS)
    return figures


# --- Reasons: what employers said -----------------------------------------------------------------


@dataclass(frozen=True)
class LabelledCount:
    """How many of one choice (a reason, a status): its stored value, its words, the count."""

    value: str
    label: str
    count: int


@dataclass(frozen=True)
class ReasonSplit:
    within: tuple[LabelledCount, ...]
    outside: tuple[LabelledCount, ...]

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

    def counts(values: list[str]) -> tuple[LabelledCount, ...]:
        found = [
            LabelledCount(value, str(Reason(value).label), row[f"said_{value}"])
            for value in values
            if row[f"said_{value}"]
        ]
        return tuple(sorted(found, key=lambda reason: -reason.count))

    return ReasonSplit(
        within=counts(Reason.within_my_control()), outside=counts(Reason.outside_my_control())
    )


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


@dataclass(frozen=True)
class StarSummary:
    """A STAR answer as the preparation sheet shows it."""

    pk: int
    title: str
    strength: int
    situation: str
    task: str
    action: str
    result: str

    FIELDS = ("pk", "title", "strength", "situation", "task", "action", "result")


# --- Open actions ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class OpenAction:
    text: str
    area_label: str
    due_date: datetime.date | None


@dataclass(frozen=True)
class OpenActions:
    shown: tuple[OpenAction, ...]
    total: int


OPEN_ACTIONS_SQL = """
SELECT text, area, due_date FROM debrief_actionitem
WHERE owner_id = %(owner)s AND status = 'open'
ORDER BY due_date ASC NULLS LAST, created_at DESC
LIMIT %(limit)s
"""


def open_actions(owner_id: int, total: int, limit: int = LIST_LENGTH) -> OpenActions:
    """The first open actions (soonest due first), read along their partial index
    (actionitem_open_by_due), and `total`, how many there are (kept by the database:
    dashboard_counts). Written in SQL: the ORM took longer to compile it than PostgreSQL to run
    it."""
    with connection.cursor() as cursor:
        cursor.execute(OPEN_ACTIONS_SQL, {"owner": owner_id, "limit": limit})
        return open_actions_of(cursor.fetchall(), total)


def open_actions_of(rows, total: int) -> OpenActions:
    """OPEN_ACTIONS_SQL's rows (the due date a date, or its ISO text when read as JSON)."""
    shown = tuple(
        OpenAction(
            text,
            str(ActionItem.Area(area).label),
            datetime.date.fromisoformat(due) if isinstance(due, str) else due,
        )
        for text, area, due in rows
    )
    return OpenActions(shown, total)
