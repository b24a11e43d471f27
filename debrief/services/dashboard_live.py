"""What the job seeker's dashboard reads on every visit, never cached with its figures, in ONE
statement: the "From your adviser" panel (an edited note or a cancelled appointment shows at once)
and the forwarded emails waiting for an answer (mail arrives at any moment)."""

import datetime

from django.db import connection
from django.utils import timezone

from debrief.inbound.filing import (
    WAITING_COLUMNS,
    WAITING_NAMES,
    waiting_from_row,
    waiting_parameters,
)
from debrief.models import User
from debrief.services.adviser_panel import (
    PANEL_COLUMNS,
    PANEL_NAMES,
    panel_from_row,
    panel_parameters,
)

LIVE_SQL = f"SELECT {PANEL_COLUMNS}, {WAITING_COLUMNS}"


def live_panels(user: User, now: datetime.datetime | None = None) -> dict:
    """`from_adviser` (None when no adviser has anything for this person) and `inbound`."""
    now = now or timezone.now()
    with connection.prepared_cursor() as cursor:
        cursor.execute(LIVE_SQL, {**panel_parameters(user, now), **waiting_parameters(user)})
        row = dict(zip(PANEL_NAMES + WAITING_NAMES, cursor.fetchone(), strict=True))
    return {"from_adviser": panel_from_row(row, now), "inbound": waiting_from_row(row)}
