"""The applications list stays cheap: no second count of the record, hand-written selects that
still show the chosen filter and sort, each tied to its label."""

import re

import pytest
from django.urls import reverse

from tests.factories import make_application

pytestmark = pytest.mark.django_db

LIST = "/applications/"


def selected(page: str, name: str) -> list[str]:
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', page, re.DOTALL)
    assert select, name
    return re.findall(r'<option value="([^"]*)" selected>', select.group(1))


def test_the_chosen_status_and_sort_stay_selected(owner_client, owner):
    make_application(owner, status="rejected")

    page = owner_client.get(LIST, {"status": "rejected", "sort": "employer"}).text

    assert selected(page, "status") == ["rejected"]
    assert selected(page, "sort") == ["employer"]
    assert selected(owner_client.get(LIST).text, "status") == [""]  # Any status


def test_each_select_is_tied_to_its_label(owner_client):
    page = owner_client.get(LIST).text

    for name, label in (("status", "Status"), ("sort", "Sort by")):
        field_id = re.search(rf'<select[^>]*name="{name}"[^>]*id="([^"]+)"', page).group(1)
        assert f'<label class="form-label" for="{field_id}">{label}</label>' in page


def test_it_counts_the_record_once(owner_client, owner, django_assert_num_queries):
    for number in range(30):
        make_application(owner, employer=f"Employer {number}", status="rejected")
    make_application(owner, employer="Searched for")

    # the session with the person, counts by status, the page of rows (and no transaction)
    with django_assert_num_queries(3):
        page = owner_client.get(LIST, {"status": "rejected"}).text
    assert "Page 1 of 2" in page
    with django_assert_num_queries(3):
        assert "Page 1 of 2" in owner_client.get(LIST).text
    # A search is not in the counts by status: it is counted.
    with django_assert_num_queries(4):
        assert "Searched for" in owner_client.get(LIST, {"q": "Searched"}).text
    assert reverse("debrief:application-list") == LIST
