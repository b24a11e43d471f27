"""The preparation sheet's questions and answers for this kind of role, across employers, are
cached as plain values like the rest of the sheet."""

import datetime
import pickle

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    make_application,
    make_debrief,
    make_interview,
    make_question,
    make_star_answer,
)
from tests.test_cache_plain_data import impure_parts, raw_entries

pytestmark = pytest.mark.django_db


def test_it_caches_the_role_questions_and_ranked_answers_as_plain_values(owner_client, owner):
    earlier = make_interview(make_application(owner, employer="Beta", role_title="Data Analyst"))
    answer = make_star_answer(owner, "Fixed the broken report", competencies=["problem_solving"])
    debrief = make_debrief(earlier)
    make_question(debrief, "Tell me about a data problem you solved", answer_rating=2)
    make_question(debrief, "A time you worked in a team?", answer_rating=4, star_answer=answer)
    upcoming = make_interview(
        make_application(owner, employer="Gamma", role_title="Junior Data Analyst"),
        scheduled_at=timezone.now() + datetime.timedelta(days=3),
    )

    response = owner_client.get(reverse("debrief:interview-prepare", args=[upcoming.pk]))

    assert "Tell me about a data problem you solved" in response.text
    assert "Beta" in response.text
    assert "Fixed the broken report" in response.text
    assert "Write a STAR answer for this" in response.text
    entries = raw_entries()
    # The figures with the sheet, and whether the interview has adviser notes (a bool).
    assert len(entries) == 2
    for key, raw in entries.items():
        assert b"debrief.models" not in raw, key
        assert impure_parts(pickle.loads(raw)) == [], key
