"""The preparation sheet opens with strengths, then what to work on, and shows the note an
adviser wrote for that interview (and not their other notes)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from debrief.models import Application, Interview, User
from debrief.services.preparation import preparation_context
from tests.factories import (
    grant_access,
    make_application,
    make_debrief,
    make_interview,
    make_note,
    make_user,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


@pytest.fixture
def upcoming(owner):
    earlier = make_interview(
        make_application(owner, employer="Acme", status=Application.Status.REJECTED),
        scheduled_at=timezone.now() - datetime.timedelta(days=10),
        outcome=Interview.Outcome.REJECTED,
    )
    make_debrief(earlier, rating=4, rating_star=2, rating_nerves=5)
    # A quick debrief with no ratings counts in neither list.
    quick = make_interview(
        make_application(owner, employer="Beta"),
        scheduled_at=timezone.now() - datetime.timedelta(days=5),
    )
    from debrief.models import Debrief

    Debrief.objects.create(interview=quick, do_better="Breathe.")
    return make_interview(
        make_application(owner, employer="Delta"),
        scheduled_at=timezone.now() + datetime.timedelta(days=3),
    )


def test_strengths_come_first_then_what_to_work_on(owner_client, upcoming):
    context = preparation_context(upcoming, timezone.localdate())
    assert context["strongest_areas"][0].label == "Managed nerves"
    assert context["weakest_areas"][0].label == "Structured answers with STAR"
    assert "Managed nerves" not in [a.label for a in context["weakest_areas"]]
    assert context["debriefs_total"] == 1
    page = owner_client.get(reverse("debrief:interview-prepare", args=[upcoming.pk])).text
    assert page.index("Your strengths") < page.index("What to work on")


def test_it_shows_the_advisers_note_for_that_interview_only(owner_client, owner, upcoming):
    adviser = make_user("ada@example.com", "Ada Adviser", role=User.Role.ADVISER)
    grant_access(owner, adviser)
    make_note(adviser, owner, "Lead with the migration story at Delta.", interview=upcoming)
    make_note(adviser, owner, "A general note about your CV.")
    page = owner_client.get(reverse("debrief:interview-prepare", args=[upcoming.pk])).text
    assert "Notes from your adviser" in page
    assert "Lead with the migration story at Delta." in page
    assert "A general note about your CV." not in page
