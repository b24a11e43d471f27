"""The caseload a page at a time: the order, the filters and the page are the database's, so every
order is over the whole caseload, every client can be reached (pages, search, tag, those needing
attention first), the order lives in the URL and the CSV stays complete."""

import csv
import datetime
import io

import pytest

from debrief.models import ClientTag, ClientTagging, Interview
from tests.adviser_helpers import sign_in_verified
from tests.factories import grant_access, make_application, make_interview, make_user

pytestmark = pytest.mark.django_db

CASELOAD = "/adviser/"


@pytest.fixture
def thirty(adviser):
    """Client 00 … Client 29; client n has n % 7 applications."""
    people = []
    for n in range(30):
        person = make_user(f"client{n:02d}@example.com", f"Client {n:02d}")
        grant_access(person, adviser)
        for _ in range(n % 7):
            make_application(person)
        people.append(person)
    return people


def names(response) -> list[str]:
    return [row.client.display_name for row in response.context["page_obj"].object_list]


def test_a_figure_orders_the_whole_caseload_not_one_page(adviser_client, thirty):
    first = names(adviser_client.get(CASELOAD, {"sort": "applications"}))
    second = names(adviser_client.get(CASELOAD, {"sort": "applications", "page": 2}))
    # Six applications: clients 6, 13, 20, 27; then five: 5, 12, 19, 26; … ties by name.
    assert first[:4] == ["Client 06", "Client 13", "Client 20", "Client 27"]
    assert first[4:8] == ["Client 05", "Client 12", "Client 19", "Client 26"]
    assert second == ["Client 00", "Client 07", "Client 14", "Client 21", "Client 28"]
    assert sorted(first + second) == [f"Client {n:02d}" for n in range(30)]


def test_those_needing_attention_come_first_and_can_be_shown_alone(adviser_client, adviser, thirty):
    for late in (thirty[3], thirty[17]):
        make_interview(
            make_application(late),
            scheduled_at=datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=2),
        )
    response = adviser_client.get(CASELOAD, {"sort": "attention"})
    assert names(response)[:2] == ["Client 03", "Client 17"]
    assert names(response)[2] == "Client 00"
    assert [row.needs_attention for row in response.context["page_obj"].object_list][:3] == [
        True,
        True,
        False,
    ]
    alone = adviser_client.get(CASELOAD, {"attention": "on"})
    assert names(alone) == ["Client 03", "Client 17"]
    assert "2 clients" in alone.text
    assert Interview.objects.count() == 2


def test_the_order_is_in_the_url_and_each_column_links_to_its_order(adviser_client, thirty):
    response = adviser_client.get(CASELOAD, {"sort": "applications", "q": "client"})
    page = response.text
    assert (
        '<th scope="col" class="text-end" aria-sort="descending">'
        '<a href="?q=client&amp;sort=applications">Applications</a></th>' in page
    )
    assert '<a href="?q=client&amp;sort=name">Client</a>' in page
    # The page links keep the order and the search.
    assert 'href="?sort=applications&amp;q=client&amp;page=2"' in page
    assert "Sorted by applications" in page
    assert "1 to 25 shown" in page


def test_a_page_past_the_last_shows_the_last(adviser_client, thirty):
    response = adviser_client.get(CASELOAD, {"page": 9})
    assert response.status_code == 200
    assert names(response) == [f"Client {n}" for n in range(25, 30)]
    assert "Page 2 of 2" in response.text
    assert names(adviser_client.get(CASELOAD, {"page": "x"}))[0] == "Client 00"


def test_search_and_tag_reach_every_client(adviser_client, adviser, thirty):
    tag = ClientTag.objects.create(adviser=adviser, name="Graduates")
    ClientTagging.objects.bulk_create(ClientTagging(tag=tag, client=c) for c in thirty[26:])
    assert names(adviser_client.get(CASELOAD, {"q": "client 2"})) == [
        f"Client {n}" for n in range(20, 30)
    ]
    assert names(adviser_client.get(CASELOAD, {"tag": tag.pk})) == [
        f"Client {n}" for n in range(26, 30)
    ]
    assert names(adviser_client.get(CASELOAD, {"tag": tag.pk, "q": "27"})) == ["Client 27"]


def test_another_advisers_tag_in_the_url_shows_none_of_their_clients(
    adviser_client, adviser, thirty
):
    other = make_user("other-adviser@example.com", "Other Adviser", role="adviser")
    theirs = make_user("theirs@example.com", "Their Client")
    grant_access(theirs, other)
    tag = ClientTag.objects.create(adviser=other, name="Theirs")
    ClientTagging.objects.create(tag=tag, client=theirs)
    response = adviser_client.get(CASELOAD, {"tag": tag.pk})
    assert response.status_code == 200
    assert "Their Client" not in response.text
    # Said next to the field; the adviser's own clients are shown unfiltered.
    assert 'id="id_tag_error" class="invalid-feedback">Select a valid choice.' in response.text
    assert names(response)[0] == "Client 00"


def test_the_csv_holds_every_client_not_one_page(client, adviser, thirty):
    sign_in_verified(client, adviser)
    response = client.get("/adviser/caseload.csv", {"sort": "applications"})
    header, *found = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(found) == 30
    assert [row[0] for row in found[:2]] == ["Client 06", "Client 13"]
    assert found[0][header.index("Applications")] == "6"
