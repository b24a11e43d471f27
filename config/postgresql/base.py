"""Django's PostgreSQL backend, with two savings on the round trips and the planning every page
pays (issue 22: the floor).

A health check that sends nothing. With CONN_HEALTH_CHECKS, Django sends `SELECT 1` before the
first query of every request that reuses a connection: a round trip on every page. A connection
the server has ended (a restart, a failover, `pg_terminate_backend`) shows it without one: the
server says why and closes the socket, so the idle socket turns readable. A connection whose
socket is quiet is kept; one whose socket is readable, or that libpq already knows is broken or
left in a failed transaction, is closed and the request opens a new one, as Django's own check
would. (A connection silently cut by the network passes both checks alike: TCP keepalives, not a
query, find it.) After a query has failed, Django still asks `is_usable()` (`SELECT 1`).

Statements planned once per connection. Django binds parameters on the client, so the server
parses and plans every statement afresh; for the statements every page runs, written once by
hand (the session with the signed-in person, debrief/sessions.py), planning a join of six tables
cost more than running it. `prepared_cursor()` gives a cursor that binds on the server and
prepares each statement on its first use on the connection; Django's own cursors are unchanged
(they never prepare). Its statements are counted, logged and wrapped in Django's errors as any
other cursor's.

Statements sent before the rows of the one before are read (`pipeline()`, psycopg's pipeline
mode): the server runs a statement while the page is written from the rows it already has. The
cold dashboard sends all its statements at once and writes each panel as soon as the rows it is
written from arrive (services/dashboard.figures_and_attention).
"""

import contextlib
import logging
import select
from collections.abc import Callable

from django.db import DatabaseError
from django.db.backends.postgresql import base
from psycopg import errors, generators, pq

BROKEN = (pq.TransactionStatus.INERROR, pq.TransactionStatus.UNKNOWN)
logger = logging.getLogger(__name__)


def connection_is_lost(pgconn: pq.abc.PGconn) -> bool:
    """Whether libpq knows the connection is broken, or the server has spoken on it between
    queries: on a connection that listens for nothing, that is only ever a goodbye."""
    if pgconn.status != pq.ConnStatus.OK or pgconn.transaction_status in BROKEN:
        return True
    poller = select.poll()
    poller.register(pgconn.socket, select.POLLIN | select.POLLERR | select.POLLHUP)
    return bool(poller.poll(0))


# What the server says when a statement prepared on this connection no longer fits its tables:
# a migration (from another process) changed a column's type, even only a varchar's length.
PLAN_OUTDATED = (errors.FeatureNotSupported, errors.InvalidSqlStatementName)


class PlanOutdated(Exception):
    """A pipeline's statement was refused as prepared before a migration; they are deallocated."""


class PreparedCursor(base.ServerBindingCursor):
    """Binds on the server, and prepares each statement the first time the connection runs it.

    After a migration has changed a table a prepared statement reads, the server refuses it
    ("cached plan must not change result type") and would on every request of this connection
    until it closes: psycopg keeps the statement, and Django's `SELECT 1` finds the connection
    usable. Outside a transaction, every statement prepared on the connection is deallocated
    (psycopg forgets its own on seeing DEALLOCATE ALL) and the statement runs once more; inside
    one, the error stands, and the rollback that follows makes psycopg forget them too."""

    def _fetch_pipeline(self) -> None:
        # psycopg reads every result sent on the pipeline before it returns this cursor's rows
        # (Pipeline._fetch_gen): one statement's rows would wait for every statement sent after
        # it. Read only up to this cursor's own.
        pipeline = self._conn._pipeline
        if pipeline and self._execmany_returning is not False and not self.pgresult:
            with self._conn.lock:
                self._conn.wait(results_up_to(pipeline, self))

    def execute(self, query, params=None, *, prepare=None, binary=None):
        prepare = prepare is not False
        try:
            executed = super().execute(query, params, prepare=prepare, binary=binary)
        except PLAN_OUTDATED as error:
            if self.connection.info.transaction_status != pq.TransactionStatus.IDLE:
                raise
            logger.warning("Prepared statements deallocated and the statement run again: %s", error)
            self.connection.execute("DEALLOCATE ALL")
            return super().execute(query, params, prepare=prepare, binary=binary)
        if self._conn._pipeline:
            # The server sends a statement's rows when asked to flush, not when it has them:
            # asked now, they are on their way before the statements sent after this one run.
            with self._conn.lock:
                self._pgconn.send_flush_request()
                self._conn.wait(generators.send(self._pgconn))
        return executed


def results_up_to(pipeline, cursor):
    """psycopg's Pipeline._fetch_gen (3.3), stopping at `cursor`'s results: those sent after it
    stay on the connection, read by whoever reads them next, or at the pipeline's end. The
    server has been asked to send each statement's rows as soon as it has run it (execute)."""
    while pipeline.result_queue:
        results = yield from generators.fetch_many(pipeline.pgconn)
        if not results:
            return
        queued = pipeline.result_queue.popleft()
        pipeline._process_results(queued, results)
        if queued is not None and queued[0] is cursor:
            return


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params):
        connection = super().get_new_connection(conn_params)
        # Django turns preparing off (for connection poolers, which Debrief does not use);
        # only a PreparedCursor asks for it, as Django's client-side cursors never do.
        connection.prepare_threshold = 0
        return connection

    def prepared_cursor(self):
        self.close_if_health_check_failed()
        self.ensure_connection()
        with self.wrap_database_errors:
            return self._prepare_cursor(PreparedCursor(self.connection))

    @contextlib.contextmanager
    def pipeline(self):
        """Within it, a cursor's `execute` sends its statement and returns; its rows are read when
        fetched. The server runs the statements in the order they were sent, so reading one waits
        for every statement sent before it, never for one sent after (PreparedCursor). An error
        is raised where the rows are read, or at the end of the block.

        After a migration, a statement prepared before it is refused when its rows are read, not
        when it is sent, so PreparedCursor cannot run it again: outside a transaction, every
        prepared statement is deallocated and the error raised as `PlanOutdated`, for the caller
        to do its reading again (`pipelined`)."""
        self.close_if_health_check_failed()
        self.ensure_connection()
        try:
            with self.wrap_database_errors, self.connection.pipeline():
                yield
        except DatabaseError as error:
            in_transaction = self.connection.info.transaction_status != pq.TransactionStatus.IDLE
            if not isinstance(error.__cause__, PLAN_OUTDATED) or in_transaction:
                raise
            logger.warning("Prepared statements deallocated, the reading done again: %s", error)
            self.connection.execute("DEALLOCATE ALL")
            raise PlanOutdated from error

    def pipelined[T](self, read: Callable[[], T]) -> T:
        """`read()` within `pipeline()`; once more, without it, after a migration."""
        try:
            with self.pipeline():
                return read()
        except PlanOutdated:
            return read()

    def close_if_health_check_failed(self):
        if (
            self.connection is None
            or self.pool
            or not self.health_check_enabled
            or self.health_check_done
        ):
            return
        if connection_is_lost(self.connection.pgconn):
            self.close()
        self.health_check_done = True
