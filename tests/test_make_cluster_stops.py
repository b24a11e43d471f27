"""Ctrl-C or SIGTERM to `make cluster`'s process group stops every process (HAProxy, the web
replicas, workers, scheduler, Redis) and both PostgreSQL servers (the embedded primary and its
streaming replica) within 10 s, however often it is asked."""

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


@pytest.fixture(scope="module")
def data_dir():
    with scratch_directory() as path:
        yield path


@pytest.mark.parametrize("signum", SIGNALS, ids=lambda signum: signum.name)
def test_a_signal_to_make_cluster_stops_everything(signum, data_dir, tmp_path):
    port = free_port()
    log = tmp_path / "make-cluster.log"
    run_dir = data_dir / "cluster"
    make = start_make(
        "cluster",
        f"CLUSTER_PORT={port}",
        f"CLUSTER_ARGS=--dir {run_dir} --web 2 --workers 1",
        data_dir=data_dir / "pgdata",
        log=log,
    )
    wait_for_health(f"http://127.0.0.1:{port}/healthz", make, log, timeout=240)
    assert postmaster(run_dir / "replica") is not None, "the replica should be running"

    elapsed, survivors = stop_and_find_survivors(
        make, signum, ports=[port], data_dirs=[data_dir / "pgdata", run_dir / "replica"]
    )

    assert survivors == [], f"{survivors}\n{log.read_text()[-3000:]}"
    assert elapsed < STOP_WITHIN_SECONDS
