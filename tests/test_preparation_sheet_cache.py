"""The preparation sheet's sections are rendered once per record version and day and cached as
plain HTML with its figures: the job seeker's sheet is the same as one rendered on the visit, and a
change to the record shows at once."""

import pickle

import pytest
from django.core.cache import cache
from django.urls import reverse

from debrief.services import preparation
from tests.factories import make_action_item
from tests.test_cache_plain_data import fill_record, raw_entries
from tests.test_dashboard_panel_cache import main_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


def test_the_cached_sheet_is_the_sheet_rendered_on_the_visit(
    owner_client, owner, adviser, monkeypatch
):
    upcoming = fill_record(owner, adviser)
    url = reverse("debrief:interview-prepare", args=[upcoming.pk])
    first, pasted = owner_client.get(url).text, owner_client.get(url).text
    (entry,) = [pickle.loads(raw) for raw in raw_entries().values()]
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
