"""Debrief as several processes behind a load balancer, on 127.0.0.1 only (`make cluster`).

    python -m config.cluster [--web 3] [--workers 2] [--port 8080]

PostgreSQL (the embedded server and a streaming replica of it, or DATABASE_URL and optionally
DATABASE_REPLICA_URL), Redis (the shared cache: dashboard figures, rate limits, the scheduler's
lock), N gunicorn web replicas, N task workers (`db_worker`), one scheduler (`crontask`) and
HAProxy on 127.0.0.1:PORT in front of the web replicas, health-checking `/healthz`. The commands
are the Procfile's (config/procfile.py): `web` and `worker` run in N replicas, any other type once,
each with a PORT of its own. Each process runs in its own process group with its output prefixed by
its name (or written to a log file); a process that dies is started again; Ctrl-C (or SIGTERM, any
number of times) stops every one, the databases last, and nothing is left running.

`Cluster` is also the library `make loadtest` (bench/cluster.py) drives: it kills and restarts
replicas, drains them in HAProxy through its admin socket and reads HAProxy's view of them.
"""

import argparse
import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from config.procfile import GRACE_SECONDS, PROCFILE, STOP_SIGNALS, process_types

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
TEMPLATE = ROOT / "deploy" / "haproxy.cfg.template"
# Process types run in --web / --workers replicas; every other Procfile type runs once.
REPLICATED = ("web", "worker")


class Stopping(Exception):
    """Raised once, by the first stop signal while the cluster is starting."""


def relay(name: str, stream) -> None:
    for line in iter(stream.readline, ""):
        sys.stdout.write(f"{name:<9}| {line}")
        sys.stdout.flush()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def answers(url: str, timeout: float = 2) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status == 200
    except OSError:
        return False


def wait_until(predicate, timeout: float, what: str, interval: float = 0.2) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    raise TimeoutError(f"timed out waiting for {what}")


class Process:
    """One supervised command in its own process group."""

    def __init__(self, name: str, command: list[str] | str, env: dict, log_dir: Path | None):
        if isinstance(command, str):  # a Procfile line: run by the shell, as honcho does
            command = ["/bin/sh", "-c", command]
        self.name, self.command, self.env, self.log_dir = name, command, env, log_dir
        self.popen: subprocess.Popen | None = None
        self.wanted = False  # running on purpose (a dead wanted process is restarted)

    def start(self) -> None:
        if self.log_dir is not None:
            output = open(self.log_dir / f"{self.name}.log", "a")  # noqa: SIM115
            self.popen = subprocess.Popen(
                self.command,
                stdout=output,
                stderr=subprocess.STDOUT,
                env=self.env,
                cwd=ROOT,
                start_new_session=True,
            )
            output.close()
        else:
            self.popen = subprocess.Popen(
                self.command,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                bufsize=1,
                env=self.env,
                cwd=ROOT,
                start_new_session=True,
            )
            threading.Thread(target=relay, args=(self.name, self.popen.stdout), daemon=True).start()
        self.wanted = True

    @property
    def pid(self) -> int | None:
        return self.popen.pid if self.popen else None

    def running(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def signal(self, signum: int) -> None:
        """Send a signal to the whole group (gunicorn's master and its workers alike)."""
        if self.running():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, signum)

    def kill(self) -> None:
        """SIGKILL, as a crash would: nothing gets to finish."""
        self.wanted = False
        self.signal(signal.SIGKILL)
        self.popen.wait()

    def stop(self, grace: float = GRACE_SECONDS) -> None:
        self.wanted = False
        if not self.running():
            return
        self.signal(signal.SIGTERM)
        try:
            self.popen.wait(grace)
        except subprocess.TimeoutExpired:
            self.signal(signal.SIGKILL)
            self.popen.wait()


class Cluster:
    def __init__(
        self,
        *,
        web: int = 3,
        workers: int = 2,
        port: int = 8080,
        run_dir: Path = ROOT / ".cluster",
        database: str = "debrief",
        fresh_database: bool = False,
        quiet: bool = False,
        extra_env: dict | None = None,
    ):
        self.web_count, self.worker_count, self.port = web, workers, port
        self.run_dir = run_dir
        self.database, self.fresh_database = database, fresh_database
        self.log_dir = run_dir / "logs" if quiet else None
        self.extra_env = extra_env or {}
        self.processes: dict[str, Process] = {}
        self.web_ports: dict[str, int] = {}
        self.primary = None  # the embedded server, when this cluster started it
        self.replica = None
        self.admin_socket = run_dir / "haproxy.sock"
        self.email_dir = run_dir / "emails"
        self.received: list[int] = []  # stop signals (make cluster)
        self.interrupting = False

    # --- Signals ----------------------------------------------------------------------------------

    def on_signal(self, signum, frame) -> None:
        """Only records the signal (a handler that takes a lock, as threading.Event.set does, can
        deadlock against the main thread holding it), except during an interruptible wait."""
        self.received.append(signum)
        if self.interrupting:
            self.interrupting = False
            raise Stopping

    @contextlib.contextmanager
    def interruptible(self):
        """A stop signal ends start-up at once during this block (a wait, a manage.py command);
        elsewhere start-up finishes its step first, so nothing is left half-started (a database
        started but not yet known, a process forked but not yet recorded)."""
        if self.received:
            raise Stopping
        self.interrupting = True
        try:
            yield
        finally:
            self.interrupting = False

    # --- Start ------------------------------------------------------------------------------------

    def say(self, message: str) -> None:
        print(f"cluster  | {message}", flush=True)

    def databases(self) -> tuple[str, str]:
        url = os.environ.get("DATABASE_URL", "")
        replica_url = os.environ.get("DATABASE_REPLICA_URL", "")
        if url:
            self.say("PostgreSQL: DATABASE_URL" + (" and its replica" if replica_url else ""))
            return url, replica_url
        from config.devdb import DATA_DIR, create_database, embedded_server
        from config.pgreplica import StreamingReplica

        self.primary = embedded_server()
        url = create_database(self.primary, self.database, fresh=self.fresh_database)
        self.replica = StreamingReplica(DATA_DIR, self.run_dir / "replica")
        self.replica.start()
        self.replica.wait_until_streaming()
        self.say("PostgreSQL: the embedded primary (.pgdata) and a streaming replica of it")
        return url, self.replica.url(self.database)

    def django_env(self, database_url: str, replica_url: str, redis_url: str) -> dict:
        env = {
            **os.environ,
            "PYTHONUNBUFFERED": "1",
            # The Procfile says `python`, `gunicorn`: this virtualenv's.
            "PATH": f"{Path(PYTHON).parent}{os.pathsep}{os.environ.get('PATH', '')}",
            "HOST": "127.0.0.1",
            "DEBRIEF_DEBUG": "0",
            "DEBRIEF_SECRET_KEY": os.environ.get("DEBRIEF_SECRET_KEY") or self.secret_key(),
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "DEBRIEF_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DEBRIEF_SITE_URL": f"http://127.0.0.1:{self.port}",
            # Plain HTTP on 127.0.0.1: no HTTPS redirect, cookies without Secure.
            "DEBRIEF_SECURE_SSL_REDIRECT": "0",
            "DEBRIEF_SECURE_COOKIES": "0",
            "DEBRIEF_PROXY_COUNT": "1",  # HAProxy appends X-Forwarded-For
            "DEBRIEF_CONN_MAX_AGE": "600",
            "DEBRIEF_RELEASE": "cluster",
            "DEBRIEF_EMAIL_DIR": str(self.email_dir),
            "DEBRIEF_PLAN_SCHEDULE": "* * * * *",
            "DEBRIEF_REMINDER_LOST_AFTER": "30",
            "WEB_CONCURRENCY": os.environ.get("WEB_CONCURRENCY", "2"),
            "GUNICORN_ACCESS_LOG": "",
            "DEBRIEF_LOG_LEVEL": "WARNING",
            **self.extra_env,
        }
        if replica_url:
            env["DATABASE_REPLICA_URL"] = replica_url
        else:
            env.pop("DATABASE_REPLICA_URL", None)
        return env

    def secret_key(self) -> str:
        key_file = self.run_dir / "secret_key"
        if not key_file.exists():
            key_file.write_text(secrets.token_urlsafe(50))
            key_file.chmod(0o600)
        return key_file.read_text()

    def add(self, name: str, command: list[str], env: dict) -> Process:
        process = Process(name, command, env, self.log_dir)
        self.processes[name] = process
        return process

    def manage(self, env: dict, *args: str) -> None:
        with self.interruptible():  # subprocess.run kills the command when interrupted
            subprocess.run([PYTHON, "manage.py", *args], env=env, cwd=ROOT, check=True)

    def start(self, *, seed_demo: bool = True) -> None:
        self.run_dir.mkdir(exist_ok=True)
        if self.log_dir is not None:
            shutil.rmtree(self.log_dir, ignore_errors=True)  # this run's logs only
            self.log_dir.mkdir()
        shutil.rmtree(self.email_dir, ignore_errors=True)
        self.email_dir.mkdir()
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                raise SystemExit(
                    f"127.0.0.1:{self.port} is in use: set CLUSTER_PORT to another port."
                )
        for tool in ("redis-server", "haproxy"):
            if shutil.which(tool) is None:
                raise SystemExit(
                    f"{tool} is missing: `make cluster` installs it (Debian's package)."
                )

        database_url, replica_url = self.databases()
        redis_port = free_port()
        redis = self.add(
            "redis",
            [
                "redis-server",
                "--bind", "127.0.0.1",
                "--port", str(redis_port),
                "--save", "",
                "--appendonly", "no",
                "--dir", str(self.run_dir),
                "--loglevel", "warning",
            ],
            dict(os.environ),
        )  # fmt: skip
        redis.start()
        redis_url = f"redis://127.0.0.1:{redis_port}/0"
        self.env = env = self.django_env(database_url, replica_url, redis_url)
        with self.interruptible():
            wait_until(lambda: self.redis_ping(redis_port), 10, "Redis")
        self.say(f"Redis on 127.0.0.1:{redis_port}")

        self.manage(env, "migrate", "--no-input", "-v", "0")
        self.manage(env, "collectstatic", "--no-input", "-v", "0")
        if seed_demo:
            self.manage(env, "seed_demo", "--force")

        for kind, name, command in self.plan():
            self.add_type(kind, name, command)
        for process in self.processes.values():
            if not process.running():
                process.start()
        with self.interruptible():
            for name in self.web_ports:
                self.wait_web(name)

        config = self.run_dir / "haproxy.cfg"
        config.write_text(self.haproxy_config())
        self.add("haproxy", ["haproxy", "-f", str(config), "-db"], dict(os.environ)).start()
        with self.interruptible():
            wait_until(lambda: all(self.server_states().get(n) == "UP" for n in self.web_ports),
                       30, "HAProxy to see every web replica up")  # fmt: skip
        self.say(
            f"Debrief on http://127.0.0.1:{self.port}/ : {self.web_count} web replicas, "
            f"{self.worker_count} workers, the scheduler, inbound mail on "
            f"127.0.0.1:{self.env.get('DEBRIEF_INBOUND_SMTP_PORT', '2525')}, HAProxy "
            f"(emails in {self.email_dir})"
        )

    def plan(self, procfile: Path = PROCFILE) -> list[tuple[str, str, str]]:
        """(type, process name, command) for every process of every Procfile type: web1…webN,
        worker1…workerN, one of any other type."""
        counts = {"web": self.web_count, "worker": self.worker_count}
        return [
            (kind, f"{kind}{number}" if kind in REPLICATED else kind, command)
            for kind, command in process_types(procfile).items()
            for number in range(1, counts.get(kind, 1) + 1)
        ]

    def add_type(self, kind: str, name: str, command: str) -> Process:
        """One process of a Procfile type, with a PORT of its own (the web replicas' are the
        ones HAProxy sends requests to)."""
        port = free_port()
        if kind == "web":
            port = self.web_ports.setdefault(name, port)
        return self.add(name, command, {**self.env, "PORT": str(port)})

    def wait_web(self, name: str, timeout: float = 60) -> None:
        url = f"http://127.0.0.1:{self.web_ports[name]}/healthz"
        wait_until(lambda: answers(url), timeout, f"{name} to answer /healthz")

    @staticmethod
    def redis_ping(port: int) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as connection:
                connection.sendall(b"PING\r\n")
                return connection.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def haproxy_config(self) -> str:
        servers = "\n".join(
            f"    server {name} 127.0.0.1:{port}" for name, port in self.web_ports.items()
        )
        return (
            TEMPLATE.read_text()
            .replace("{admin_socket}", str(self.admin_socket))
            .replace("{bind}", f"127.0.0.1:{self.port}")
            .replace("{servers}", servers)
            .replace("{maxconn}", self.env["WEB_CONCURRENCY"])
        )

    # --- HAProxy's runtime API --------------------------------------------------------------------

    def haproxy(self, command: str) -> str:
        with socket.socket(socket.AF_UNIX) as connection:
            connection.settimeout(5)
            connection.connect(str(self.admin_socket))
            connection.sendall(command.encode() + b"\n")
            chunks = []
            while chunk := connection.recv(65536):
                chunks.append(chunk)
        return b"".join(chunks).decode()

    def server_stats(self) -> dict[str, dict]:
        """HAProxy's row per web replica (status, scur: requests it is serving now, …)."""
        try:
            lines = self.haproxy("show stat").splitlines()
        except OSError:
            return {}
        header = lines[0].lstrip("# ").split(",")
        rows = {}
        for line in lines[1:]:
            row = dict(zip(header, line.split(","), strict=False))
            if row.get("pxname") == "web" and row.get("svname") in self.web_ports:
                rows[row["svname"]] = row
        return rows

    def server_states(self) -> dict[str, str]:
        return {name: row["status"].split()[0] for name, row in self.server_stats().items()}

    # --- Operations -------------------------------------------------------------------------------

    def kill(self, name: str) -> None:
        self.processes[name].kill()

    def bring_back(self, name: str) -> None:
        self.processes[name].start()

    def rolling_restart(self, name: str) -> None:
        """Zero-downtime restart of one web replica: HAProxy stops sending it new requests
        (maintenance), the requests in hand finish, SIGTERM (gunicorn's graceful stop), start it
        again, and HAProxy sends it requests once its health checks pass."""
        self.haproxy(f"set server web/{name} state maint")
        wait_until(lambda: self.server_stats()[name]["scur"] == "0", 30, f"{name} to drain")
        self.processes[name].stop(grace=30)
        self.processes[name].start()
        self.wait_web(name)
        self.haproxy(f"set server web/{name} state ready")
        wait_until(lambda: self.server_states().get(name) == "UP", 30, f"{name} to be up")

    def supervise(self) -> None:
        """Start again any process that died (make cluster), until a stop signal is received."""
        while not self.received:
            for process in self.processes.values():
                if process.wanted and not process.running():
                    self.say(
                        f"{process.name} stopped (exit {process.popen.returncode}): restarting"
                    )
                    process.start()
            time.sleep(0.2)

    # --- Stop -------------------------------------------------------------------------------------

    def stop(self) -> None:
        """HAProxy first (no new requests), then the app's processes, Redis, the replica and the
        embedded primary."""
        order = ["haproxy", *[n for n in self.processes if n.startswith("web")]]
        order += [n for n in self.processes if n not in order and n != "redis"] + ["redis"]
        for name in order:
            if name in self.processes:
                self.processes[name].wanted = False
                self.processes[name].signal(signal.SIGTERM)
        for name in order:
            if name in self.processes:
                self.processes[name].stop()
        if self.replica is not None:
            self.replica.stop()
        if self.primary is not None:
            from config.devdb import release

            release(self.primary)
            self.primary = None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--web", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=int(os.environ.get("CLUSTER_PORT", "8080")))
    parser.add_argument("--dir", type=Path, default=ROOT / ".cluster", help="logs, replica, Redis")
    options = parser.parse_args()

    cluster = Cluster(
        web=options.web, workers=options.workers, port=options.port, run_dir=options.dir
    )
    for signum in STOP_SIGNALS:
        signal.signal(signum, cluster.on_signal)
    try:
        cluster.start()
        cluster.supervise()
    except Stopping:
        pass
    finally:
        cluster.say(
            "Stopping HAProxy, the web replicas, workers, scheduler, inbound mail, Redis and "
            "PostgreSQL"
        )
        cluster.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
