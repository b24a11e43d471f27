"""The dashboard cache holds plain values: no model instance, no user, no password hash; its keys
name the release; adviser notes are read live."""

import dataclasses
import datetime
import decimal
import os
import pickle
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from debrief.models import Application, Interview, User
from tests.factories import (
    grant_access,
    make_action_item,
    make_application,
    make_debrief,
    make_feedback_request,
    make_interview,
    make_note,
    make_question,
    make_star_answer,
)

pytestmark = pytest.mark.django_db

PLAIN_SCALARS = (
    str,
    int,
    float,
    bool,
    decimal.Decimal,
    datetime.date,
    datetime.datetime,
    type(None),
)


def impure_parts(value, path: str = "value") -> list[str]:
    """Where a value holds something other than plain data: each path and the type found."""
    # Exact types: a str subclass (a lazy translation, a choices member) is not plain data.
    if type(value) in PLAIN_SCALARS:
        return []
    if type(value) in (tuple, list):
        return [part for i, item in enumerate(value) for part in impure_parts(item, f"{path}[{i}]")]
    if type(value) is dict:
        return [
            part
            for key, item in value.items()
            for part in impure_parts(key, f"{path} key") + impure_parts(item, f"{path}[{key!r}]")
        ]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [
            part
            for field in dataclasses.fields(value)
            for part in impure_parts(getattr(value, field.name), f"{path}.{field.name}")
        ]
    return [f"{path}: {type(value).__module__}.{type(value).__qualname__}"]


def raw_entries() -> dict[str, bytes]:
    """Every entry of the cache as stored: the pickled bytes (the local-memory backend's store,
    which is what Redis would hold)."""
    assert settings.CACHES["default"]["BACKEND"].endswith("LocMemCache")
    return dict(cache._cache)


def fill_record(owner: User, adviser: User) -> Interview:
    """A record that fills every panel of the dashboard and the preparation sheet, and a note
    from an adviser (whose password hash must stay out of the cache). Returns the upcoming
    interview, which has an earlier stage with a debrief and its questions."""
    grant_access(owner, adviser)
    application = make_application(owner, employer="Acme", status=Application.Status.INTERVIEWING)
    first = make_interview(application, outcome="rejected", outcome_date=timezone.localdate())
    answer = make_star_answer(owner, "Led the migration", competencies=["teamwork"], strength=2)
    debrief = make_debrief(first, rating=2, do_better="Bring numbers.", my_reasons=["skills_gap"])
    make_question(debrief, "A team success?", answer_rating=2, star_answer=answer)
    make_feedback_request(
        first,
        status="received",
        requested_on=timezone.localdate(),
        received_on=timezone.localdate(),
        reasons=["skills_gap"],
        feedback_text="More SQL.",
    )
    make_interview(make_application(owner, employer="Beta"))  # past, no debrief
    make_action_item(owner, "Learn SQL", due_date=timezone.localdate())
    make_note(adviser, owner, "Bring numbers to the next one.")
    upcoming = make_interview(
        application, scheduled_at=timezone.now() + datetime.timedelta(days=2), stage="second"
    )
    return upcoming


@pytest.fixture
def full_record(owner, adviser) -> Interview:
    return fill_record(owner, adviser)


def test_it_caches_the_dashboard_as_plain_values_without_any_password_hash(
    owner_client, owner, adviser, full_record
):
    response = owner_client.get(reverse("debrief:dashboard"))

    assert "Bring numbers to the next one." in response.text
    assert "Acme" in response.text
    entries = raw_entries()
    # The figures with their panels, and the page body made of them (own_dashboard_panels).
    assert len(entries) == 2
    for key, raw in entries.items():
        assert adviser.password.encode() not in raw
        assert owner.password.encode() not in raw
        assert b"debrief.models" not in raw, key
        assert impure_parts(pickle.loads(raw)) == [], key


def test_it_caches_the_preparation_sheet_as_plain_values(owner_client, owner, full_record):
    response = owner_client.get(reverse("debrief:interview-prepare", args=[full_record.pk]))

    assert "A team success?" in response.text  # the earlier stage's question
    assert "Bring numbers." in response.text
    entries = raw_entries()
    # The figures with the sheet, and whether the interview has adviser notes (a bool).
    assert len(entries) == 2
    for key, raw in entries.items():
        assert owner.password.encode() not in raw
        assert b"debrief.models" not in raw, key
        assert impure_parts(pickle.loads(raw)) == [], key


def test_the_walk_finds_a_model_instance_or_a_user(owner):
    # The check above must be able to fail: a cached user is found wherever it hides.
    assert impure_parts({"notes": ({"adviser": owner},)}) == [
        "value['notes'][0]['adviser']: debrief.models.people.User"
    ]


def test_a_renamed_adviser_shows_on_the_clients_next_visit(owner_client, adviser, full_record):
    assert "Ada Adviser" in owner_client.get(reverse("debrief:dashboard")).text

    # No record-version trigger sees the users table: only a live read can show this.
    User.objects.filter(pk=adviser.pk).update(display_name="Ada Lovelace")

    page = owner_client.get(reverse("debrief:dashboard")).text
    assert "Ada Lovelace" in page
    assert "Ada Adviser" not in page


def test_an_edited_note_shows_on_the_clients_next_visit(owner_client, owner, adviser, full_record):
    owner_client.get(reverse("debrief:dashboard"))
    owner.adviser_notes.update(text="Rehearse the STAR answers aloud.")

    assert "Rehearse the STAR answers aloud." in owner_client.get(reverse("debrief:dashboard")).text


def test_every_cache_key_starts_with_the_release(owner_client, full_record):
    owner_client.get(reverse("debrief:dashboard"))

    keys = list(raw_entries())
    assert keys
    assert all(key.startswith(f"{settings.DEBRIEF_RELEASE}:") for key in keys)


def settings_in_a_fresh_process(**environment) -> str:
    code = "from config import settings; print(settings.CACHES['default']['KEY_PREFIX'])"
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.BASE_DIR,
        # Development settings (the default is production, which needs a secret key).
        env={**os.environ, "DEBRIEF_DEBUG": "1", **environment},
    )
    return result.stdout.strip()


def test_the_release_comes_from_the_environment_or_else_from_the_source():
    assert settings_in_a_fresh_process(DEBRIEF_RELEASE="2026.11.28-abc123") == "2026.11.28-abc123"
    fingerprint = settings_in_a_fresh_process(DEBRIEF_RELEASE="")
    assert fingerprint.startswith("src-")
    assert len(fingerprint) == len("src-") + 12
