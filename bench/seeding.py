"""The benchmark's database and data: the embedded PostgreSQL's `debrief_bench` database (or
DATABASE_URL), the production-like environment, the two job seekers of SIZES applications
(`manage.py seed_demo`), and sessions made directly in the database."""

import contextlib
import os
import secrets
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench import say

ROOT = Path(__file__).resolve().parent.parent
SIZES = (100, 10_000)
BENCH_DATABASE = "debrief_bench"


def email_for(size: int) -> str:
    return f"bench-{size}@debrief.example"


def with_database_name(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


@contextlib.contextmanager
def database():
    """DATABASE_URL if set; else a database of its own in the embedded PostgreSQL, which stops
    when this process ends (config/devdb.py registers that)."""
    if url := os.environ.get("DATABASE_URL"):
        yield url
        return
    import psycopg

    from config.devdb import embedded_database_url

    say("Starting the embedded PostgreSQL")
    development_url = embedded_database_url()
    with psycopg.connect(development_url, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DATABASE]
        ).fetchone()
        if not exists:
            connection.execute(f"CREATE DATABASE {BENCH_DATABASE}")
    yield with_database_name(development_url, BENCH_DATABASE)


def production_environment(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DEBRIEF_DEBUG": "0",
        "DEBRIEF_SECRET_KEY": secrets.token_urlsafe(50),
        "DEBRIEF_ALLOWED_HOSTS": "127.0.0.1",
        "DEBRIEF_SECURE_SSL_REDIRECT": "0",
        "DEBRIEF_SECURE_COOKIES": "0",
        "EMAIL_URL": "consolemail://",
        "DEBRIEF_CONN_MAX_AGE": "600",
        "DEBRIEF_LOG_LEVEL": "WARNING",
    }


def manage(*arguments: str) -> None:
    subprocess.run([sys.executable, "manage.py", *arguments], cwd=ROOT, check=True)


def seed(size: int) -> None:
    from debrief.models import Application

    if Application.objects.filter(owner__email=email_for(size)).exists():
        say(f"{email_for(size)} already has its applications")
        return
    say(f"Seeding {email_for(size)} with {size:,} applications")
    # --force: the benchmark runs with DEBUG off, and its users are not the public demo logins.
    manage("seed_demo", "--applications", str(size), "--email", email_for(size), "--force")


def session_cookie(user, **extra: str) -> str:
    """A signed-in session for the user, made directly in the database (no sign-in form, so
    django-axes and Argon2 stay out of the measurement); `extra` adds session keys, such as the
    two-step device of a staff member (bench/service.py)."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from debrief.models import SignedInSession

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.update(extra)
    session.create()
    # Listed on Signed-in devices, as every sign-in is (debrief/devices.py: record_session).
    SignedInSession.objects.create(user=user, session_key=session.session_key)
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def signed_in_cookie(size: int) -> str:
    """A session for the job seeker with that many applications."""
    from debrief.models import User

    return session_cookie(User.objects.get(email=email_for(size)))


def upcoming_interview(size: int) -> int:
    from debrief.models import Interview, User

    user = User.objects.get(email=email_for(size))
    interview = Interview.objects.for_user(user).upcoming().first()
    if interview is None:
        sys.exit(f"{email_for(size)} has no upcoming interview to prepare for.")
    return interview.pk
