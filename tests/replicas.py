"""Real web replicas for the tests of running Debrief as several processes.

`web_replicas(n)` starts a Redis server (Debian's redis-server: `make test` installs it when
missing) and n gunicorn processes, each on a free port of 127.0.0.1, in production mode
(DEBRIEF_DEBUG=0, collected static files) against the test database, sharing Redis as
their cache; it stops them all afterwards. The test writes its data with the ORM in a
transactional test (django_db(transaction=True)), so the replicas see it committed.

`Browser` is one person's cookie jar that can send each request to any replica.
"""

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

import requests
from django.contrib.auth.hashers import make_password
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
SECRET_KEY = "replica-tests-secret-key-" + "x" * 40
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url(settings_dict: dict | None = None) -> str:
    """The URL of the database this test runs against (the test database)."""
    db = settings_dict or connection.settings_dict
    user = quote(db["USER"] or "")
    password = f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    host = db["HOST"] or db.get("OPTIONS", {}).get("host", "")
    if host.startswith("/"):
        return f"postgresql://{user}{password}@/{db['NAME']}?host={quote(host)}" + (
            f"&port={db['PORT']}" if db.get("PORT") else ""
        )
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgresql://{user}{password}@{host}{port}/{db['NAME']}"


def wait_for(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the replica serving {url} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer")


@contextlib.contextmanager
def redis_server():
    binary = shutil.which("redis-server")
    assert binary, "redis-server is missing: `make test` installs it (make redis-deps)"
    port = free_port()
    with tempfile.TemporaryDirectory() as workdir:
        process = subprocess.Popen(
            [binary, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--dir", workdir],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                with (
                    contextlib.suppress(OSError),
                    socket.create_connection(("127.0.0.1", port), timeout=1) as probe,
                ):
                    probe.sendall(b"PING\r\n")
                    if probe.recv(16).startswith(b"+PONG"):
                        break
                time.sleep(0.1)
            yield f"redis://127.0.0.1:{port}/0"
        finally:
            process.terminate()
            process.wait(10)


@contextlib.contextmanager
def collected_static():
    with tempfile.TemporaryDirectory() as static_root:
        env = {
            **replica_environment(),
            "DEBRIEF_STATIC_ROOT": static_root,
            "DEBRIEF_EMAIL_DIR": static_root,  # settings load; nothing is sent
        }
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        yield static_root


def replica_environment(**extra: str) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST", "DATABASE_", "REDIS_", "CACHE_URL"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBRIEF_DEBUG="0",
        DEBRIEF_SECRET_KEY=SECRET_KEY,
        DATABASE_URL=database_url(),
        DEBRIEF_ALLOWED_HOSTS="127.0.0.1,localhost",
        DEBRIEF_SECURE_SSL_REDIRECT="0",
        DEBRIEF_SECURE_COOKIES="0",
        DEBRIEF_RELEASE="replica-tests",
        DEBRIEF_LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


@contextlib.contextmanager
def web_replicas(count: int, *, static_root: str, **extra_env: str):
    """`count` gunicorn replicas sharing one Redis; yields their base URLs."""
    with redis_server() as redis_url, tempfile.TemporaryDirectory() as email_dir:
        ports = [free_port() for _ in range(count)]
        processes = []
        try:
            for port in ports:
                env = replica_environment(
                    REDIS_URL=redis_url,
                    DEBRIEF_STATIC_ROOT=static_root,
                    GUNICORN_BIND=f"127.0.0.1:{port}",
                    WEB_CONCURRENCY="1",
                    GUNICORN_ACCESS_LOG="",
                    DEBRIEF_EMAIL_DIR=email_dir,
                    **extra_env,
                )
                processes.append(
                    subprocess.Popen(
                        [
                            sys.executable,
                            "-m",
                            "gunicorn",
                            "-c",
                            "config/gunicorn.conf.py",
                            "config.wsgi:application",
                        ],
                        cwd=ROOT,
                        env=env,
                        start_new_session=True,
                    )
                )
            urls = [f"http://127.0.0.1:{port}" for port in ports]
            for url, process in zip(urls, processes, strict=True):
                wait_for(f"{url}/healthz", process)
            yield urls
        finally:
            for process in processes:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGTERM)
            for process in processes:
                try:
                    process.wait(20)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()


def production_password(password: str) -> str:
    """A hash the replicas' production hashers verify (the tests' own MD5 is not one of them);
    PBKDF2 with few iterations keeps the test fast (the replica upgrades it on sign-in)."""
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    return make_password(
        password, hasher=type("Quick", (PBKDF2PasswordHasher,), {"iterations": 1000})()
    )


class Browser:
    """One person's cookies, sending each request to whichever replica it is told."""

    def __init__(self):
        self.session = requests.Session()

    def get(self, url: str, **kwargs) -> requests.Response:
        return self.session.get(url, allow_redirects=False, timeout=30, **kwargs)

    def post(self, url: str, data: dict, *, form_page: str | None = None) -> requests.Response:
        """POST with the CSRF token of the form page (by default the same URL), as a browser."""
        page = self.session.get(form_page or url, timeout=30)
        token = CSRF_FIELD.search(page.text)
        assert token, f"no CSRF token on {form_page or url}"
        return self.session.post(
            url,
            data={"csrfmiddlewaretoken": token.group(1), **data},
            headers={"Referer": url},
            allow_redirects=False,
            timeout=30,
        )

    def sign_in(self, base: str, email: str, password: str) -> requests.Response:
        return self.post(f"{base}/accounts/login/", {"username": email, "password": password})
