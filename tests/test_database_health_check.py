"""Issue 22: the health check before each request's first query sends nothing
(config/postgresql/base.py), and still finds a connection the server has ended; a statement
prepared on a connection still runs after a migration from another process changed its table."""

import time

import psycopg
import pytest
from django.db import connection, connections


@pytest.fixture
def own_connection(transactional_db):
    wrapper = connections.create_connection("default")
    assert wrapper.settings_dict["CONN_HEALTH_CHECKS"]
    wrapper.ensure_connection()
    yield wrapper
    wrapper.close()


def last_statement_of(pid: int) -> str | None:
    """What the server process last ran; None once it is gone."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT query FROM pg_stat_activity WHERE pid = %s", [pid])
        row = cursor.fetchone()
    return row[0] if row else None


def as_a_new_request_starts(wrapper) -> None:
    wrapper.health_check_done = False  # what close_old_connections does at request_started


def test_a_healthy_connection_is_kept_without_a_round_trip(own_connection):
    with own_connection.cursor() as cursor:
        cursor.execute("SELECT 'the last statement'")
    kept = own_connection.connection
    pid = kept.info.backend_pid

    as_a_new_request_starts(own_connection)
    own_connection.close_if_health_check_failed()

    assert own_connection.connection is kept
    assert own_connection.health_check_done
    assert last_statement_of(pid) == "SELECT 'the last statement'"  # no SELECT 1 was sent


def test_a_connection_the_server_ended_is_replaced_before_the_first_query(own_connection):
    ended = own_connection.connection
    pid = ended.info.backend_pid
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    deadline = time.monotonic() + 5
    while last_statement_of(pid) is not None and time.monotonic() < deadline:
        time.sleep(0.01)  # the server process is gone
    time.sleep(0.05)

    as_a_new_request_starts(own_connection)
    with own_connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        new_pid = cursor.fetchone()[0]

    assert own_connection.connection is not ended
    assert new_pid != pid


def test_a_connection_left_in_a_failed_transaction_is_replaced(own_connection):
    broken = own_connection.connection
    broken.autocommit = False
    with pytest.raises(psycopg.errors.DivisionByZero):
        broken.execute("SELECT 1 / 0")

    as_a_new_request_starts(own_connection)
    own_connection.close_if_health_check_failed()

    assert own_connection.connection is None


def test_a_prepared_cursor_has_the_server_plan_its_statement_once(own_connection):
    with own_connection.prepared_cursor() as cursor:
        for number in (1, 2, 3):
            cursor.execute("SELECT %s::int + 1", [number])
            assert cursor.fetchone() == (number + 1,)
        cursor.execute("SELECT count(*) FROM pg_prepared_statements")
        prepared = cursor.fetchone()[0]
    with own_connection.cursor() as cursor:  # Django's own cursors never prepare
        cursor.execute("SELECT %s::int + 1", [4])
        cursor.execute("SELECT count(*) FROM pg_prepared_statements")
        assert cursor.fetchone()[0] == prepared
    assert prepared == 2  # the sum, once for its three runs, and the count


@pytest.fixture
def probe_table(own_connection):
    """A table another process migrates under the connection's feet."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE prepared_probe (id int PRIMARY KEY, name varchar(10))")
        cursor.execute("INSERT INTO prepared_probe VALUES (1, 'kept')")
    yield
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE prepared_probe")


def migrate_the_probe() -> None:
    """What `migrate` from another process does to a column: here, a longer varchar."""
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE prepared_probe ALTER COLUMN name TYPE varchar(20)")


PROBE = "SELECT name FROM prepared_probe WHERE id = %s"


def test_a_statement_prepared_before_a_migration_still_runs_after_it(
    own_connection, probe_table, caplog
):
    with own_connection.prepared_cursor() as cursor:
        cursor.execute(PROBE, [1])
        assert cursor.fetchone() == ("kept",)
    migrate_the_probe()
    for _request in range(2):
        with own_connection.prepared_cursor() as cursor:
            cursor.execute(PROBE, [1])
            assert cursor.fetchone() == ("kept",)
    # Said once, for the operator: the migration's first request on this connection.
    [retried] = [r for r in caplog.records if "deallocated" in r.getMessage()]
    assert "cached plan must not change result type" in retried.getMessage()


def test_inside_a_transaction_the_refusal_stands_once_and_the_rollback_clears_it(
    own_connection, probe_table
):
    from django.db import DatabaseError

    with own_connection.prepared_cursor() as cursor:
        cursor.execute(PROBE, [1])
    migrate_the_probe()
    own_connection.set_autocommit(False)  # as atomic() begins, on this connection
    with pytest.raises(DatabaseError, match="cached plan"), own_connection.prepared_cursor() as cur:
        cur.execute(PROBE, [1])
    own_connection.rollback()
    own_connection.set_autocommit(True)
    with own_connection.prepared_cursor() as cursor:
        cursor.execute(PROBE, [1])
        assert cursor.fetchone() == ("kept",)


def test_in_a_pipeline_the_server_runs_a_statement_while_the_rows_before_it_are_used(
    own_connection,
):
    """Sent, not waited for: a statement that takes the server 300 ms has run by the time the
    page has spent 300 ms on the rows it already had."""
    with own_connection.pipeline(), own_connection.prepared_cursor() as first:
        first.execute("SELECT %s::int", [1])
        assert first.fetchone() == (1,)
        with own_connection.prepared_cursor() as slow:
            started = time.monotonic()
            slow.execute("SELECT pg_sleep(0.3), %s::int", [2])
            time.sleep(0.3)  # the page written from the first rows
            assert slow.fetchone() == ("", 2)
            took = time.monotonic() - started
    assert took < 0.45  # one after the other, 0.6 s


def test_in_a_pipeline_reading_a_statement_does_not_wait_for_those_sent_after_it(own_connection):
    """All sent at once, each read as soon as the server has run it: the first rows are there
    before the slow statement sent after them has run, and the rows after it still arrive."""
    with (
        own_connection.pipeline(),
        own_connection.prepared_cursor() as first,
        own_connection.prepared_cursor() as slow,
        own_connection.prepared_cursor() as last,
    ):
        started = time.monotonic()
        first.execute("SELECT %s::int", [1])
        slow.execute("SELECT pg_sleep(0.3), %s::int", [2])
        last.execute("SELECT %s::int", [3])
        assert first.fetchone() == (1,)
        assert time.monotonic() - started < 0.2
        assert last.fetchone() == (3,)
        assert slow.fetchone() == ("", 2)
        assert time.monotonic() - started >= 0.3


def test_a_pipeline_prepared_before_a_migration_reads_again_after_it(
    own_connection, probe_table, caplog
):
    def read() -> tuple:
        with own_connection.prepared_cursor() as cursor:
            cursor.execute(PROBE, [1])
            return cursor.fetchone()

    assert own_connection.pipelined(read) == ("kept",)
    migrate_the_probe()
    for _request in range(2):
        assert own_connection.pipelined(read) == ("kept",)
    [retried] = [r for r in caplog.records if "reading done again" in r.getMessage()]
    assert "cached plan must not change result type" in retried.getMessage()


def test_in_a_transaction_a_pipeline_leaves_the_refusal_to_the_rollback(
    own_connection, probe_table
):
    from django.db import DatabaseError

    def read() -> tuple:
        with own_connection.prepared_cursor() as cursor:
            cursor.execute(PROBE, [1])
            return cursor.fetchone()

    own_connection.pipelined(read)
    migrate_the_probe()
    own_connection.set_autocommit(False)
    with pytest.raises(DatabaseError, match="cached plan"):
        own_connection.pipelined(read)
    own_connection.rollback()
    own_connection.set_autocommit(True)
    assert own_connection.pipelined(read) == ("kept",)
