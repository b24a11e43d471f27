"""The "From your adviser" panel of the job seeker's dashboard: the newest notes, the suggestions
waiting for an answer, the appointments to come and a handover proposal, as columns of one row
whatever the record holds (each list a PostgreSQL array of JSON objects), read with the other
live panels in one statement (services/dashboard_live.py), so the dashboard keeps its fixed
query count. It is read live on every visit, never cached with the figures: an edited note or a
cancelled appointment shows at once.
"""

import datetime
import json
from dataclasses import dataclass

from django.utils import timezone

from debrief.models import (
    ActionSuggestion,
    Appointment,
    Handover,
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


def _moment(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text)


# The panel's lists, each a PostgreSQL array of JSON objects, and their totals: columns of one
# row, so the dashboard reads them in the same statement as the other live panels
# (services/dashboard_live.py). Written in SQL: through the ORM (seven subqueries of JSON) the
# statement took 5-25 ms to compile for 0.1 ms in PostgreSQL, on every visit of the dashboard.
# Each list is read along its index by client; appointments are live (Appointment.objects.live)
# and a handover open (Handover.objects.open): proposed, and younger than Handover.LIFETIME.
PANEL_COLUMNS = """
ARRAY(
    SELECT json_build_object(
        'pk', n.id, 'text', n.text, 'adviser', au.display_name, 'created_at', n.created_at,
        'replies', (SELECT count(*) FROM debrief_notereply r WHERE r.note_id = n.id))
    FROM debrief_advisernote n JOIN debrief_user au ON au.id = n.adviser_id
    WHERE n.client_id = %(client)s
    ORDER BY n.created_at DESC, n.id DESC
    LIMIT %(notes_shown)s
) AS panel_notes,
(SELECT count(*) FROM debrief_advisernote n WHERE n.client_id = %(client)s) AS panel_notes_total,
ARRAY(
    SELECT json_build_object(
        'pk', x.id, 'text', x.text, 'adviser', au.display_name, 'due', x.due_date)
    FROM debrief_actionsuggestion x JOIN debrief_user au ON au.id = x.adviser_id
    WHERE x.client_id = %(client)s AND x.status = %(pending)s
    ORDER BY x.created_at DESC, x.id DESC
    LIMIT %(suggestions_shown)s
) AS panel_suggestions,
(SELECT count(*) FROM debrief_actionsuggestion x
 WHERE x.client_id = %(client)s AND x.status = %(pending)s) AS panel_suggestions_total,
ARRAY(
    SELECT json_build_object(
        'pk', m.id, 'kind', m.kind, 'adviser', au.display_name, 'date', m.date,
        'time', m.time, 'response', m.response)
    FROM debrief_appointment m JOIN debrief_user au ON au.id = m.adviser_id
    WHERE m.client_id = %(client)s AND m.cancelled_at IS NULL AND m.date >= %(today)s
      AND m.time IS NOT NULL
    ORDER BY m.date, m.time, m.id
    LIMIT %(appointments_shown)s
) AS panel_appointments,
(SELECT count(*) FROM debrief_appointment m
 WHERE m.client_id = %(client)s AND m.cancelled_at IS NULL AND m.date >= %(today)s
   AND m.time IS NOT NULL) AS panel_appointments_total,
ARRAY(
    SELECT json_build_object(
        'to', tu.display_name, 'by', fu.display_name, 'reason', h.reason,
        'proposed_at', h.proposed_at)
    FROM debrief_handover h
    JOIN debrief_user tu ON tu.id = h.to_adviser_id
    JOIN debrief_user fu ON fu.id = h.from_adviser_id
    WHERE h.client_id = %(client)s AND h.status = %(proposed)s
      AND h.proposed_at > %(handover_since)s
    ORDER BY h.proposed_at DESC
    LIMIT 1
) AS panel_handover
"""
PANEL_NAMES = (
    "panel_notes",
    "panel_notes_total",
    "panel_suggestions",
    "panel_suggestions_total",
    "panel_appointments",
    "panel_appointments_total",
    "panel_handover",
)


def panel_parameters(user: User, now: datetime.datetime) -> dict:
    return {
        "client": user.pk,
        "today": timezone.localdate(now),
        "pending": ActionSuggestion.Status.PENDING,
        "proposed": Handover.Status.PROPOSED,
        "handover_since": now - Handover.LIFETIME,
        "notes_shown": NOTES_SHOWN,
        "suggestions_shown": SUGGESTIONS_SHOWN,
        "appointments_shown": APPOINTMENTS_SHOWN,
    }


def _json(value):
    """A JSON value as psycopg gives it from an array of json: parsed already, or text."""
    return json.loads(value) if isinstance(value, str) else value


def panel_from_row(row: dict, now: datetime.datetime) -> dict | None:
    """The panel from PANEL_COLUMNS's values, by name."""
    row = {
        name: [_json(item) for item in value] if isinstance(value, list) else value
        for name, value in row.items()
    }
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
