"""The preparation sheet's sections are rendered once per record version and day and cached as
plain HTML with its figures: the job seeker's sheet is the same as one rendered on the visit, and a
change to the record shows at once."""

import pickle
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from debrief.models import AdviserNote, NoteReply
from debrief.services import preparation
from tests.factories import make_action_item, make_application, make_interview, make_note
from tests.test_cache_plain_data import fill_record, raw_entries
from tests.test_dashboard_panel_cache import main_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


def test_the_cached_sheet_is_the_sheet_rendered_on_the_visit(
    owner_client, owner, adviser, monkeypatch
):
    upcoming = fill_record(owner, adviser)
    url = reverse("debrief:interview-prepare", args=[upcoming.pk])
    first, pasted = owner_client.get(url).text, owner_client.get(url).text
    # The figures with the sheet, and whether the interview has adviser notes (False or True).
    (entry,) = [entry for raw in raw_entries().values() if type(entry := pickle.loads(raw)) is dict]
    assert type(entry["sheet"]) is str
    assert "What to work on: your weakest areas" in entry["sheet"]

    cache.clear()
    computed = preparation.figures_and_sheet
    monkeypatch.setattr(
        preparation, "figures_and_sheet", lambda *args: {**computed(*args), "sheet": ""}
    )
    rendered = owner_client.get(url).text

    assert main_of(pasted) == main_of(first) == main_of(rendered)
    assert "A team success?" in main_of(rendered)


def test_a_change_to_the_record_shows_on_the_sheet_at_once(owner_client, owner, adviser):
    upcoming = fill_record(owner, adviser)
    url = reverse("debrief:interview-prepare", args=[upcoming.pk])
    assert "Rehearse with a friend" not in owner_client.get(url).text

    make_action_item(owner, "Rehearse with a friend")

    assert "Rehearse with a friend" in owner_client.get(url).text


def test_a_warm_sheet_with_no_adviser_note_reads_no_note(
    owner_client, owner, adviser, django_assert_num_queries
):
    upcoming = fill_record(owner, adviser)
    url = reverse("debrief:interview-prepare", args=[upcoming.pk])
    owner_client.get(url)

    # the session with the person, the interview with its application and documents (and no
    # transaction: no savepoints)
    with django_assert_num_queries(2):
        page = owner_client.get(url).text
    assert "Notes from your adviser" not in page


def test_a_note_about_the_interview_shows_at_once_and_so_do_its_replies(
    owner_client, owner, adviser
):
    upcoming = fill_record(owner, adviser)
    url = reverse("debrief:interview-prepare", args=[upcoming.pk])
    assert "Notes from your adviser" not in owner_client.get(url).text

    note = make_note(adviser, owner, "Ask them about the team.", interview=upcoming)
    assert "Ask them about the team." in owner_client.get(url).text

    # A reply does not move the record's version: the notes are read live once there are some.
    NoteReply.objects.create(note=note, author=owner, text="Will do.")
    assert "1 reply: read and reply" in owner_client.get(url).text

    AdviserNote.objects.filter(pk=note.pk).update(interview=None)
    assert "Ask them about the team." not in owner_client.get(url).text
    note.delete()
    assert "Notes from your adviser" not in owner_client.get(url).text


def test_the_sheets_one_statement_reads_the_interview_and_application_as_the_orm_does(owner):
    """views.preparation.interview_of builds them from its own statement (debrief/statements.py)
    with the ORM's converters: every field reads the same as through a queryset."""
    from debrief.models import Interview
    from debrief.views.preparation import interview_of

    application = make_application(owner, employer="Delta", role_title="Analyst")
    interview = make_interview(application, scheduled_at=timezone.now() + timedelta(days=2))
    read, _ = interview_of(owner, interview.pk)
    expected = Interview.objects.select_related("application").get(pk=interview.pk)
    for model_field in Interview._meta.concrete_fields:
        assert getattr(read, model_field.attname) == getattr(expected, model_field.attname)
    for model_field in type(application)._meta.concrete_fields:
        name = model_field.attname
        assert getattr(read.application, name) == getattr(expected.application, name), name
