"""Ctrl-C or SIGTERM to the process group of `make run` or `make cluster` stops every process and
the embedded PostgreSQL within 10 s, however often it is asked.

`make run`: make, the database wrapper, honcho's supervisor, web, worker and scheduler, in three
runs per signal (the hangs this replaced showed in some runs only). `make cluster`: HAProxy, the web
replicas, workers, scheduler, Redis and both PostgreSQL servers (the primary and its streaming
replica)."""

import pytest

from tests.stopping import (
    SIGNALS,
    STOP_WITHIN_SECONDS,
    free_port,
    postmaster,
    scratch_directory,
    start_make,
    stop_and_find_survivors,
    wait_for_health,
)

pytestmark = pytest.mark.processes
signal_names = pytest.mark.parametrize("signum", SIGNALS, ids=lambda signum: signum.name)


@pytest.fixture(scope="module")
def scratch():
    with scratch_directory() as path:
        yield path


@pytest.mark.parametrize("attempt", [1, 2, 3])
@signal_names
def test_a_signal_to_make_run_stops_everything(signum, attempt, scratch, tmp_path):
    port = free_port()
    log = tmp_path / "make-run.log"
    make = start_make("run", f"PORT={port}", data_dir=scratch / "pgdata", log=log)
    wait_for_health(f"http://127.0.0.1:{port}/healthz", make, log, timeout=180)
    output = log.read_text()
    assert "job seeker: demo@debrief.example" in output
    assert "adviser:    adviser@debrief.example" in output

    elapsed, survivors = stop_and_find_survivors(
        make, signum, ports=[port], data_dirs=[scratch / "pgdata"]
    )

    assert survivors == [], f"{survivors}\n{log.read_text()[-3000:]}"
    assert elapsed < STOP_WITHIN_SECONDS


@signal_names
def test_a_signal_to_make_cluster_stops_everything(signum, scratch, tmp_path):
    port = free_port()
    log = tmp_path / "make-cluster.log"
    run_dir = scratch / "cluster"
    make = start_make(
        "cluster",
        f"CLUSTER_PORT={port}",
        f"CLUSTER_ARGS=--dir {run_dir} --web 2 --workers 1",
        data_dir=scratch / "pgdata",
        log=log,
    )
    wait_for_health(f"http://127.0.0.1:{port}/healthz", make, log, timeout=240)
    assert postmaster(run_dir / "replica") is not None, "the replica should be running"

    elapsed, survivors = stop_and_find_survivors(
        make, signum, ports=[port], data_dirs=[scratch / "pgdata", run_dir / "replica"]
    )

    assert survivors == [], f"{survivors}\n{log.read_text()[-3000:]}"
    assert elapsed < STOP_WITHIN_SECONDS
