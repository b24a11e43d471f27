"""The applications list remembers what it printed (views.applications.remembered_row_html and
remembered_controls), by exactly what it was printed from: the page is the one printed afresh,
a change shows at once, and neither the language nor whose record it is can be mixed up."""

import re

import pytest
from django.test import Client

from debrief.models import Application
from debrief.views import applications
from tests.adviser_helpers import sign_in_verified
from tests.factories import grant_access, make_application, make_interview

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

LIST = "/applications/"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"|nonce="[^"]*"')


def main_of(page: str) -> str:
    return CSRF.sub("", page[page.index("<main") : page.index("</main>")])


def forget() -> None:
    applications.remembered_row_html.cache_clear()
    applications.remembered_controls.cache_clear()


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"status": "interviewing", "sort": "employer", "hide_closed": "on"},
        {"q": "acme", "sort": "-updated_at"},
        {"q": "x" * 101},  # too long: the error is shown beside the search box
        {"status": "no-such-status"},
    ],
)
def test_a_remembered_page_is_the_page_printed_afresh(owner_client, owner, query):
    make_application(owner, employer="Acme", status="interviewing", location="Leeds")
    make_interview(make_application(owner, employer="Beta <b>"))
    make_application(owner, employer="Gamma", status="rejected")
    first = owner_client.get(LIST, query).text
    remembered = owner_client.get(LIST, query).text

    forget()
    afresh = owner_client.get(LIST, query).text

    assert main_of(first) == main_of(remembered) == main_of(afresh)


def test_the_search_box_keeps_what_was_typed_and_says_what_is_wrong(owner_client, owner):
    make_application(owner)

    page = owner_client.get(LIST, {"q": "a&b", "hide_closed": "on"}).text
    assert 'name="q" id="id_q" value="a&amp;b"' in page
    assert re.search(r'name="hide_closed" id="id_hide_closed" value="on" checked', page)

    page = owner_client.get(LIST, {"q": "x" * 101}).text
    assert 'class="form-control is-invalid"' in page
    assert 'id="q-error"' in page


def test_a_change_to_an_application_shows_at_once(owner_client, owner):
    application = make_application(owner, employer="Acme", status="applied")
    assert "Acme" in owner_client.get(LIST).text

    Application.objects.filter(pk=application.pk).update(employer="Acme Renamed")
    application.refresh_from_db()
    application.change_status(Application.Status.INTERVIEWING)

    page = owner_client.get(LIST).text
    assert "Acme Renamed" in page
    assert "status-interviewing" in page
    assert "Interviewing (1)" in page


def test_the_same_lines_in_welsh_are_in_welsh(owner_client, owner):
    make_application(owner, employer="Acme")
    english = owner_client.get(LIST).text
    assert "Your applications" in english

    owner_client.post("/language/", {"language": "cy", "next": LIST})
    welsh = owner_client.get(LIST).text

    assert "Your applications" not in welsh
    assert "They said no" not in welsh
    assert "Search employer or role" not in welsh


def test_an_advisers_lines_link_to_the_advisers_pages(owner_client, owner, adviser):
    application = make_application(owner, employer="Acme")
    assert f'href="/applications/{application.pk}/"' in owner_client.get(LIST).text
    grant_access(owner, adviser)
    advisers = Client()
    sign_in_verified(advisers, adviser)

    page = advisers.get(f"/adviser/clients/{owner.pk}/applications/").text

    assert f'href="/applications/{application.pk}/"' not in page
    assert f"/adviser/clients/{owner.pk}/applications/{application.pk}/" in page
    assert "They said no" not in page
