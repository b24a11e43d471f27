"""Environment variables: Debrief's own are named DEBRIEF_…; the old DJANGO_… names still work with
a warning that names the new one; production is the default; .env.example and
docs/configuration.md list every variable the code reads."""

import os
import re
import subprocess
import sys
from pathlib import Path

from config.settings import RENAMED_VARIABLES

ROOT = Path(__file__).resolve().parent.parent
PRINT_SETTINGS = "from django.conf import settings; print(settings.DEBUG, settings.TIME_ZONE)"


def settings_with(env: dict) -> subprocess.CompletedProcess:
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DEBRIEF_", "CRONTASK_"))
    }
    return subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", PRINT_SETTINGS],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_an_old_name_still_works_and_warns_with_the_new_name():
    result = settings_with({"DJANGO_DEBUG": "1", "DJANGO_TIME_ZONE": "Asia/Tokyo"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "Asia/Tokyo"]
    assert "DJANGO_DEBUG is deprecated: rename it DEBRIEF_DEBUG" in result.stderr
    assert "DJANGO_TIME_ZONE is deprecated: rename it DEBRIEF_TIME_ZONE" in result.stderr


def test_the_new_name_wins_when_both_are_set():
    both = {"DEBRIEF_TIME_ZONE": "Europe/Paris", "DJANGO_TIME_ZONE": "Asia/Tokyo"}
    result = settings_with({"DEBRIEF_DEBUG": "1", **both})
    assert result.stdout.split() == ["True", "Europe/Paris"]
    assert "DJANGO_TIME_ZONE is deprecated: rename it DEBRIEF_TIME_ZONE (both are set" in (
        result.stderr
    )


def test_the_new_names_alone_warn_about_nothing():
    result = settings_with({"DEBRIEF_DEBUG": "1", "DEBRIEF_TIME_ZONE": "Europe/Paris"})
    assert result.stdout.split() == ["True", "Europe/Paris"]
    assert "Warning" not in result.stderr


def test_debug_is_off_unless_asked_for():
    result = settings_with({"DATABASE_URL": "postgresql://x@db/x", "EMAIL_URL": "consolemail://"})
    assert result.returncode != 0
    assert "DEBRIEF_SECRET_KEY must be set when DEBRIEF_DEBUG is off" in result.stderr


def variables_the_code_reads() -> set[str]:
    patterns = [
        r'env\.\w+\(\s*"([A-Z][A-Z0-9_]+)"',
        r'required_in_production\(\s*"([A-Z][A-Z0-9_]+)"',
        r'os\.environ\.get\(\s*"([A-Z][A-Z0-9_]+)"',
        r"os\.environ\.get\(\s*'([A-Z][A-Z0-9_]+)'",
    ]
    names = set()
    for source in (ROOT / "config").glob("*.py"):
        for pattern in patterns:
            names.update(re.findall(pattern, source.read_text()))
    return names - set(RENAMED_VARIABLES) - {"PATH"}


def test_the_code_reads_the_variables_we_expect():
    # The finder above must see the settings, gunicorn's and the development tools' variables.
    assert {"DEBRIEF_DEBUG", "DATABASE_URL", "PORT", "DEBRIEF_PGDATA"} <= variables_the_code_reads()
    assert not {name for name in variables_the_code_reads() if name.startswith("DJANGO_")}


def test_env_example_lists_every_variable_with_its_default():
    listed = dict(
        re.findall(r"^([A-Z][A-Z0-9_]+)=(.*)$", (ROOT / ".env.example").read_text(), re.MULTILINE)
    )
    missing = variables_the_code_reads() - set(listed) - {"CLUSTER_PORT"}
    assert not missing, f".env.example lacks {sorted(missing)}"
    assert listed["DEBRIEF_DEBUG"] == "0"
    assert not set(listed) & set(RENAMED_VARIABLES), "only the new names"


def test_the_configuration_page_has_one_row_per_variable():
    table = (ROOT / "docs" / "configuration.md").read_text()
    rows = set(re.findall(r"^\| `([A-Z][A-Z0-9_]+)` \|", table, re.MULTILINE))
    missing = variables_the_code_reads() - rows
    assert not missing, f"docs/configuration.md lacks {sorted(missing)}"
    for old_name, new_name in RENAMED_VARIABLES.items():
        assert f"`{old_name}`" in table, f"the rename {old_name} → {new_name} is documented"
