"""Ctrl-C or SIGTERM to `make run`'s process group stops every process (make, the database
wrapper, honcho's supervisor, web, worker, scheduler) and the embedded PostgreSQL within 10 s,
however often it is asked, in every one of three runs per signal."""

import pytest

from tests.stopping import (
    SIGNALS,
    STOP_WITHIN_SECONDS,
    free_port,
    scratch_directory,
    start_make,
    stop_and_find_survivors,
    wait_for_health,
)

pytestmark = pytest.mark.processes


@pytest.fixture(scope="module")
def data_dir():
    with scratch_directory() as path:
        yield path


@pytest.mark.parametrize("attempt", [1, 2, 3])
@pytest.mark.parametrize("signum", SIGNALS, ids=lambda signum: signum.name)
def test_a_signal_to_make_run_stops_everything(signum, attempt, data_dir, tmp_path):
    port = free_port()
    log = tmp_path / "make-run.log"
    make = start_make("run", f"PORT={port}", data_dir=data_dir / "pgdata", log=log)
    wait_for_health(f"http://127.0.0.1:{port}/healthz", make, log, timeout=180)
    output = log.read_text()
    assert "job seeker: demo@debrief.example" in output
    assert "adviser:    adviser@debrief.example" in output

    elapsed, survivors = stop_and_find_survivors(
        make, signum, ports=[port], data_dirs=[data_dir / "pgdata"]
    )

    assert survivors == [], f"{survivors}\n{log.read_text()[-3000:]}"
    assert elapsed < STOP_WITHIN_SECONDS
