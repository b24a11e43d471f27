"""Health check, security headers, error pages, settings guards and demo data."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import OperationalError, connection
from django.test import RequestFactory
from django.utils.functional import SimpleLazyObject

from debrief.models import User
from debrief.views.pages import server_error

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_is_down(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"


@pytest.mark.django_db
def test_pages_carry_a_strict_content_security_policy(client):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "object-src 'none'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_no_page_template_has_inline_script_or_style():
    for template in (ROOT / "templates").rglob("*.html"):
        text = template.read_text()
        assert "<style" not in text, template
        assert " style=" not in text, template
        for line in text.splitlines():
            if "<script" in line:
                assert "src=" in line or "json_script" in line, f"{template}: {line}"


@pytest.mark.django_db
def test_an_unknown_page_is_a_friendly_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.text


def test_the_500_page_renders_without_touching_the_database():
    def dead_database():
        raise OperationalError("connection refused")

    request = RequestFactory().get("/dashboard/")
    # As the authentication middleware leaves it: the user is loaded on first use.
    request.user = SimpleLazyObject(dead_database)
    response = server_error(request)
    assert response.status_code == 500
    assert "Something went wrong" in response.text
    assert "Nothing you saved has been lost" in response.text
    assert "Sign in" in response.text


def run_settings(env: dict, *args: str) -> subprocess.CompletedProcess:
    clean_env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DEBRIEF_", "DATABASE_URL", "EMAIL_URL"))
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean_env, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_without_a_secret_key_refuses_to_start():
    # DEBRIEF_DEBUG unset is production: a host that forgets it never runs on a development key.
    result = run_settings({"DATABASE_URL": "postgresql://x@db/x"}, "check")
    assert result.returncode != 0
    assert "DEBRIEF_SECRET_KEY must be set when DEBRIEF_DEBUG is off" in result.stderr


def test_production_without_a_database_url_refuses_to_start():
    env = {"DEBRIEF_DEBUG": "0", "DEBRIEF_SECRET_KEY": secrets.token_urlsafe(50)}
    result = run_settings(env, "check")
    assert result.returncode != 0
    assert "DATABASE_URL must be set" in result.stderr


def test_production_settings_pass_the_deployment_checklist():
    env = {
        "DEBRIEF_DEBUG": "0",
        "DEBRIEF_SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": "postgresql://debrief@db.internal:5432/debrief",
        "DEBRIEF_ALLOWED_HOSTS": "debrief.example.org",
        "EMAIL_URL": "smtp+tls://mailer:secret@smtp.example.org:587",
    }
    result = run_settings(env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_seed_demo_is_idempotent_and_prints_the_logins(capsys, settings):
    settings.DEBUG = True  # as on a development machine
    call_command("seed_demo")
    call_command("seed_demo")
    output = capsys.readouterr().out
    assert "demo@debrief.example" in output
    assert "adviser@debrief.example" in output
    assert User.objects.filter(email="demo@debrief.example").count() == 1
    assert User.objects.get(email="adviser@debrief.example").is_adviser


@pytest.mark.django_db(transaction=True)
def test_the_docker_healthcheck_passes_against_a_running_server(live_server):
    port = live_server.url.rsplit(":", 1)[1]
    result = subprocess.run(
        [sys.executable, "config/healthcheck.py"],
        cwd=ROOT,
        env={**os.environ, "PORT": port, "DEBRIEF_ALLOWED_HOSTS": "localhost"},
        capture_output=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    stopped = subprocess.run(
        [sys.executable, "config/healthcheck.py"],
        cwd=ROOT,
        env={**os.environ, "PORT": "1", "DEBRIEF_ALLOWED_HOSTS": "localhost"},
        capture_output=True,
        timeout=30,
    )
    assert stopped.returncode == 1
