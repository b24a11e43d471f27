"""Reading from a streaming replica where it pays, and never at the cost of reading your own writes.

With DATABASE_REPLICA_URL set, settings.py adds the `replica` database and this module's router.
Every query goes to the primary (`default`) except the reads of a GET or HEAD request to a view
that opted in with `@reads_from_replica` (read-only report pages: the caseload; the careers
service's outcome report), and even then only when the replica has already replayed the viewer's
last write:

- after any request that may have written (every method but GET, HEAD, OPTIONS),
  `RememberWritesMiddleware` keeps the primary's WAL position in the session;
- `@reads_from_replica` asks the replica whether it has replayed that far
  (`pg_last_wal_replay_lsn() >= …`, one query); if not, or if the replica cannot be reached, the
  page reads from the primary, as every other page always does.

So an adviser who requests access and is sent back to the caseload sees their request at once,
while a caseload read by someone who wrote nothing lately costs the primary nothing. The session,
sign-in throttle, two-step devices and task queue are read from the primary in any case
(`PRIMARY_ONLY_APPS`), and nothing is ever written to or migrated on the replica.
"""

import functools
import logging
from contextvars import ContextVar

from django.conf import settings
from django.db import DatabaseError, connections, router
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)

REPLICA = "replica"
SAFE_METHODS = frozenset({"GET", "HEAD"})
WROTE_AT = "_primary_wal_lsn"  # the session key: the primary's WAL position after your last write
# Tables whose reads decide who you are or what runs: always the primary's current rows.
PRIMARY_ONLY_APPS = frozenset({"sessions", "axes", "otp_totp", "otp_static", "django_tasks_db"})

_reading_from_replica: ContextVar[bool] = ContextVar("reading_from_replica", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


class ReplicaRouter:
    """Reads from the replica only inside an opted-in view (see `reads_from_replica`)."""

    def db_for_read(self, model, **hints):
        if _reading_from_replica.get() and model._meta.app_label not in PRIMARY_ONLY_APPS:
            return REPLICA
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, two copies of it

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


def primary_position() -> str:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()::text")
        return cursor.fetchone()[0]


def replica_has_replayed(position: str | None) -> bool:
    """Whether the replica answers and has replayed the primary's WAL up to `position`."""
    try:
        with connections[REPLICA].cursor() as cursor:
            if position is None:
                cursor.execute("SELECT 1")
                return True
            cursor.execute(
                "SELECT COALESCE(pg_last_wal_replay_lsn() >= %s::pg_lsn, true)", [position]
            )
            return cursor.fetchone()[0]
    except DatabaseError:
        logger.warning("The read replica does not answer: reading from the primary")
        return False


def connection_for_reading(model):
    """The connection the ORM would read `model` from here: raw SQL inside an opted-in view reads
    the replica as its querysets do."""
    return connections[router.db_for_read(model)]


def reads_from_replica(view):
    """Opt a read-only report page in to reading from the replica (GET and HEAD only)."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method not in SAFE_METHODS or not replica_configured():
            return view(request, *args, **kwargs)
        wrote_at = request.session.get(WROTE_AT)
        if not replica_has_replayed(wrote_at):
            return view(request, *args, **kwargs)
        if wrote_at is not None:
            del request.session[WROTE_AT]  # caught up: no need to ask again
        token = _reading_from_replica.set(True)
        try:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response.render()  # a lazy response's queries belong to this view too
            return response
        finally:
            _reading_from_replica.reset(token)

    wrapped.reads_from_replica = True
    return wrapped


class RememberWritesMiddleware:
    """After a request that may have written, keep the primary's WAL position in the session, so
    that this person's next opted-in page waits for the replica to have it (read-your-writes).
    Placed after SessionMiddleware; does nothing without a replica."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.method not in SAFE_METHODS
            and request.method != "OPTIONS"
            and replica_configured()
            and getattr(request, "user", None) is not None
            and request.user.is_authenticated
        ):
            try:
                request.session[WROTE_AT] = primary_position()
            except DatabaseError:
                logger.warning("Could not read the primary's WAL position")
        return response
