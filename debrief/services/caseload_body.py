"""The caseload page's body, cached under the adviser's record version until it can next change.

An adviser opens the caseload many times a day, and between two changes it is the same page: the
statement over every client's figures took about half of a visit at 500 clients, writing the page
most of the rest. The adviser's RecordVersion moves with every write to a client's record, a
client's new name or address, a consent given or ended, the adviser's tags and suggestions
(debrief/summaries/record_version.py). A figure that moves with time alone is read with the page
as the first moment it changes (needs_attention.changes_sql), and the day, the language and the
time zone are part of the key; the query string too (the filters, the order, the page). A visit
between two changes pastes the page as it was written, with this visit's CSRF token in its slots
(debrief/csrf_slot.py). Only the addresses the page's own form and links write are kept
(views/adviser.py, `is_kept_query`): a search is written on every visit (its words rarely come
back), and so is any other address, so made-up ones cannot fill the cache. The requests waiting
for an answer and the form to ask one more are written on every visit (views/adviser.py).

The page is kept under the adviser's version as read where the page is read (the replica, when
one serves the visit), before anything the page shows: whatever the page then reads is at least
as new, so a page is never kept under a version newer than what it shows (a replica that has not
caught up keeps it under the older version; a change made while it is written moves the version
past it).
"""

import datetime
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone

from debrief import csrf_slot
from debrief.models import RecordVersion, User
from debrief.services.record_figures import FIGURES_CACHE_SECONDS, record_cache_key


@dataclass(frozen=True, slots=True)
class Written:
    """The body as written (with CSRF slots), when it stops being right by time alone (None:
    only a change to the data or the day ends it), and whether it may be kept for its address."""

    html: str
    until: datetime.datetime | None
    keep: bool


def version_seen(adviser: User) -> int:
    """The adviser's record version where this visit reads (the router's choice)."""
    found = RecordVersion.objects.filter(user=adviser).values_list("version", flat=True)
    return next(iter(found), 0)


def address(request: HttpRequest) -> str:
    """The filters, order and page asked, as a key: one order, and without the empty values and
    the first page, so every way the page's form and links write an address is one key."""
    asked = ((name, value) for name, value in request.GET.items() if value)
    return urlencode(
        sorted((name, value) for name, value in asked if (name, value) != ("page", "1"))
    )


def body_key(adviser: User, today: datetime.date, query: str, version: int | None = None) -> str:
    asked = hashlib.sha256(query.encode()).hexdigest()[:32]
    return record_cache_key(
        "caseload-page",
        adviser,
        today,
        timezone.get_current_timezone_name(),
        asked,
        version=version,
    )


def caseload_body(
    *,
    request: HttpRequest,
    today: datetime.date,
    now: datetime.datetime,
    write: Callable[[], Written],
) -> str:
    """The body for the signed-in adviser and the query string asked: as kept, or written now
    (`write`) and kept."""
    adviser, query = request.user, address(request)
    entry = cache.get(body_key(adviser, today, query))
    if entry is None or (entry["until"] is not None and now >= entry["until"]):
        version = version_seen(adviser)  # before anything the page shows
        written = write()
        entry = {"html": written.html, "until": written.until}
        if written.keep:
            key = body_key(adviser, today, query, version=version)
            cache.set(key, entry, FIGURES_CACHE_SECONDS)
    return csrf_slot.with_token(entry["html"], request)
