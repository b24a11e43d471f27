"""The dashboard's figure panels are rendered once per record version and day and cached as
plain HTML beside the figures: the job seeker's page is the same as when every panel is rendered
on the visit, a change to the record shows at once, and an adviser's view of the client is never
served the job seeker's wording."""

import pickle
import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from debrief.services import dashboard
from tests.adviser_helpers import sign_in_verified
from tests.factories import make_star_answer
from tests.test_cache_plain_data import fill_record, raw_entries

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

NONCE = re.compile(r' nonce="[^"]*"')


def main_of(page: str) -> str:
    """The page's <main>, without the per-request CSP nonces."""
    return NONCE.sub("", page[page.index("<main") : page.index("</main>")])


def test_the_cached_panels_make_the_same_page_as_panels_rendered_on_the_visit(
    owner_client, owner, adviser, monkeypatch
):
    fill_record(owner, adviser)
    first = owner_client.get(reverse("debrief:dashboard")).text
    pasted = owner_client.get(reverse("debrief:dashboard")).text

    cache.clear()
    monkeypatch.setattr(dashboard, "CACHED_PANELS", ())
    rendered = owner_client.get(reverse("debrief:dashboard")).text

    assert main_of(pasted) == main_of(first) == main_of(rendered)
    assert "From application to offer" in main_of(pasted)
    assert "STAR answers by competency" in main_of(pasted)


def test_it_caches_the_panels_as_plain_strings_in_the_one_entry(owner_client, owner, adviser):
    fill_record(owner, adviser)
    owner_client.get(reverse("debrief:dashboard"))

    # The figures with their panels, and the page made of them (test_dashboard_page_cache.py).
    entries = [pickle.loads(raw) for raw in raw_entries().values()]
    (entry,) = [entry for entry in entries if "panels" in entry]
    assert len(entries) == 2
    assert set(entry["panels"]) == set(dashboard.CACHED_PANELS)
    assert all(type(html) is str for html in entry["panels"].values())


def test_a_change_to_the_record_shows_in_the_cached_panels_at_once(owner_client, owner, adviser):
    fill_record(owner, adviser)
    gaps = owner_client.get(reverse("debrief:dashboard")).text.count("No answer yet")

    make_star_answer(owner, "Calmed a client", competencies=["conflict"], strength=4)

    page = owner_client.get(reverse("debrief:dashboard")).text
    assert page.count("No answer yet") == gaps - 1
    assert "4/5" in page


def test_an_advisers_view_after_the_clients_visit_is_in_the_advisers_words(
    owner_client, owner, adviser
):
    fill_record(owner, adviser)
    assert "Your STAR bank" in owner_client.get(reverse("debrief:dashboard")).text

    advisers = Client()
    sign_in_verified(advisers, adviser)
    page = advisers.get(reverse("debrief:adviser-dashboard", args=[owner.pk])).text

    assert "Olivia’s STAR bank" in page
    assert "Your STAR bank" not in page
    assert reverse("debrief:adviser-star-list", args=[owner.pk]) in page
    assert 'href="/actions/new/"' not in page
