"""Start `make run` or `make cluster` as a developer does, stop it with a signal to its process
group (as Ctrl-C or a service manager does), and look for anything left running.

Each run gets its own embedded PostgreSQL data directory (DEBRIEF_PGDATA) and free ports, so it
never meets a developer's `make run` or the tests' own database. `make -o .venv/bin/.installed`
never reinstalls the (shared) virtualenv: the test is about stopping, not installing.
"""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
STOP_WITHIN_SECONDS = 10


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def scratch_directory():
    """A directory PostgreSQL can use (as root it runs as another user, who must reach it)."""
    path = Path(tempfile.mkdtemp(prefix="debrief-stop-"))
    path.chmod(0o755)
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def start_make(target: str, *variables: str, data_dir: Path, log: Path) -> subprocess.Popen:
    env = {
        key: value
        for key, value in os.environ.items()
        # Not the tests' database, settings or make's own state.
        if not key.startswith(("DATABASE_", "DJANGO_SETTINGS", "REDIS_", "MAKE", "MFLAGS"))
    }
    env["DEBRIEF_PGDATA"] = str(data_dir)
    # The inbound SMTP process type (issue 17) listens on a port of its own: a free one here.
    env["DEBRIEF_INBOUND_SMTP_PORT"] = str(free_port())
    with log.open("w") as output:
        return subprocess.Popen(
            ["make", "--no-print-directory", "-o", ".venv/bin/.installed", target, *variables],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            # Its own process group, as a terminal or a service manager gives it.
            start_new_session=True,
        )


def wait_for_health(url: str, make: subprocess.Popen, log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert make.poll() is None, f"make exited with {make.returncode}:\n{log.read_text()}"
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=2) as response:
            if response.status == 200:
                return
        time.sleep(0.5)
    raise AssertionError(f"{url} never answered:\n{log.read_text()[-3000:]}")


def postmaster(data_dir: Path) -> psutil.Process | None:
    pid_file = data_dir / "postmaster.pid"
    with contextlib.suppress(FileNotFoundError, ValueError, psutil.NoSuchProcess):
        return psutil.Process(int(pid_file.read_text().split()[0]))
    return None


def running(process: psutil.Process) -> bool:
    """Alive: a zombie is finished (its parent has only not reaped it yet)."""
    try:
        return process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def describe(process: psutil.Process) -> str:
    try:
        return f"{process.pid} {' '.join(process.cmdline())[:120]}"
    except psutil.NoSuchProcess:  # ended while we looked
        return f"{process.pid} (ended)"


def listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def stop_and_find_survivors(
    make: subprocess.Popen, signum: int, *, ports: list[int], data_dirs: list[Path]
) -> tuple[float, list[str]]:
    """Send `signum` to the group three times (an impatient person, a service manager that asks
    again) and wait up to STOP_WITHIN_SECONDS for everything to end. Returns the time it took
    and what was still there."""
    tree = [psutil.Process(make.pid), *psutil.Process(make.pid).children(recursive=True)]
    # PostgreSQL detaches itself (pg_ctl starts it in a session of its own): found by data dir.
    tree += [server for server in map(postmaster, data_dirs) if server is not None]
    assert len(tree) > 5, "the processes under test were not running"
    began = time.monotonic()
    for _ in range(3):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(make.pid, signum)
        time.sleep(0.3)
    while time.monotonic() - began < STOP_WITHIN_SECONDS:
        if make.poll() is not None and not any(map(running, tree)):
            break
        time.sleep(0.1)
    elapsed = time.monotonic() - began
    survivors = [describe(process) for process in tree if running(process)]
    survivors += [f"port {port} still listening" for port in ports if listening(port)]
    if make.poll() is None:
        survivors.append("make itself")
        make.kill()
    for process in tree:  # leave nothing behind for the next test, whatever the outcome
        with contextlib.suppress(psutil.NoSuchProcess):
            if running(process):
                process.kill()
    return elapsed, survivors


SIGNALS = [signal.SIGINT, signal.SIGTERM]
