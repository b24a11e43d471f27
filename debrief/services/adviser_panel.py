"""The "From your adviser" panel of the job seeker's dashboard: the newest notes, the suggestions
waiting for an answer, the appointments to come and a handover proposal, in ONE query whatever
the record holds (each list is a PostgreSQL array of JSON objects on the user's own row), so the
dashboard keeps its fixed query count. It is read live on every visit, never cached with the
figures: an edited note or a cancelled appointment shows at once.
"""

import datetime
from dataclasses import dataclass

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce, JSONObject
from django.utils import timezone

from debrief.models import (
    ActionSuggestion,
    AdviserNote,
    Appointment,
    Handover,
    NoteReply,
    User,
)

NOTES_SHOWN = 3
SUGGESTIONS_SHOWN = 3
APPOINTMENTS_SHOWN = 3
# A note this recent is marked "New".
NEW_FOR = datetime.timedelta(days=7)


@dataclass(frozen=True)
class NoteLine:
    pk: int
    text: str
    adviser: str
    created_at: datetime.datetime
    replies: int
    is_new: bool


@dataclass(frozen=True)
class SuggestionLine:
    pk: int
    text: str
    adviser: str
    due_date: datetime.date | None


@dataclass(frozen=True)
class AppointmentLine:
    pk: int
    kind: str
    adviser: str
    date: datetime.date
    time: datetime.time
    response: str


@dataclass(frozen=True)
class HandoverLine:
    to_adviser: str
    from_adviser: str
    reason: str
    expires_on: datetime.date


def _count(queryset) -> Subquery:
    return Coalesce(
        Subquery(queryset.order_by().values("client").annotate(n=Count("pk")).values("n")), 0
    )


def _moment(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text)


def from_your_adviser(user: User, now: datetime.datetime | None = None) -> dict | None:
    """What the panel shows, or None when no adviser has anything for this person."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    notes = AdviserNote.objects.filter(client=OuterRef("pk"))
    pending = ActionSuggestion.objects.filter(
        client=OuterRef("pk"), status=ActionSuggestion.Status.PENDING
    )
    coming = Appointment.objects.live().filter(
        client=OuterRef("pk"), date__gte=today, time__isnull=False
    )
    row = (
        User.objects.filter(pk=user.pk)
        .annotate(
            panel_notes=ArraySubquery(
                notes.order_by("-created_at", "-pk").values(
                    json=JSONObject(
                        pk="pk",
                        text="text",
                        adviser="adviser__display_name",
                        created_at="created_at",
                        replies=Coalesce(
                            Subquery(
                                NoteReply.objects.filter(note=OuterRef("pk"))
                                .order_by()
                                .values("note")
                                .annotate(n=Count("pk"))
                                .values("n")
                            ),
                            0,
                        ),
                    )
                )[:NOTES_SHOWN]
            ),
            panel_notes_total=_count(notes),
            panel_suggestions=ArraySubquery(
                pending.order_by("-created_at", "-pk").values(
                    json=JSONObject(
                        pk="pk", text="text", adviser="adviser__display_name", due="due_date"
                    )
                )[:SUGGESTIONS_SHOWN]
            ),
            panel_suggestions_total=_count(pending),
            panel_appointments=ArraySubquery(
                coming.order_by("date", "time", "pk").values(
                    json=JSONObject(
                        pk="pk",
                        kind="kind",
                        adviser="adviser__display_name",
                        date="date",
                        time="time",
                        response="response",
                    )
                )[:APPOINTMENTS_SHOWN]
            ),
            panel_appointments_total=_count(coming),
            panel_handover=ArraySubquery(
                Handover.objects.open(now)
                .filter(client=OuterRef("pk"))
                .order_by("-proposed_at")
                .values(
                    json=JSONObject(
                        to="to_adviser__display_name",
                        by="from_adviser__display_name",
                        reason="reason",
                        proposed_at="proposed_at",
                    )
                )[:1]
            ),
        )
        .values(
            "panel_notes",
            "panel_notes_total",
            "panel_suggestions",
            "panel_suggestions_total",
            "panel_appointments",
            "panel_appointments_total",
            "panel_handover",
        )
        .get()
    )
    if not (
        row["panel_notes"]
        or row["panel_suggestions"]
        or row["panel_appointments"]
        or row["panel_handover"]
    ):
        return None
    return {
        "notes": [
            NoteLine(
                pk=note["pk"],
                text=note["text"],
                adviser=note["adviser"],
                created_at=_moment(note["created_at"]),
                replies=note["replies"],
                is_new=_moment(note["created_at"]) > now - NEW_FOR,
            )
            for note in row["panel_notes"]
        ],
        "notes_total": row["panel_notes_total"],
        "suggestions": [
            SuggestionLine(
                pk=item["pk"],
                text=item["text"],
                adviser=item["adviser"],
                due_date=datetime.date.fromisoformat(item["due"]) if item["due"] else None,
            )
            for item in row["panel_suggestions"]
        ],
        "suggestions_total": row["panel_suggestions_total"],
        "appointments": [
            AppointmentLine(
                pk=item["pk"],
                kind=str(Appointment.Kind(item["kind"]).label),
                adviser=item["adviser"],
                date=datetime.date.fromisoformat(item["date"]),
                time=datetime.time.fromisoformat(item["time"]),
                response=str(Appointment.Response(item["response"]).label),
            )
            for item in row["panel_appointments"]
        ],
        "appointments_total": row["panel_appointments_total"],
        "handover": [
            HandoverLine(
                to_adviser=item["to"],
                from_adviser=item["by"],
                reason=item["reason"],
                expires_on=timezone.localdate(_moment(item["proposed_at"]) + Handover.LIFETIME),
            )
            for item in row["panel_handover"]
        ][:1],
    }
