"""No copy of a person's page stays in a browser or proxy cache (ASVS V14.3.2): every page and
download, walked from the resolver as its owner and as their adviser, answers
`Cache-Control: private, no-store`. The public pages a visitor sees and the static files stay
cacheable."""

import pytest
from django.test import Client

from debrief.models import NotificationSettings
from tests.adviser_helpers import sign_in_verified
from tests.url_walk import make_record, routes, url_of

pytestmark = pytest.mark.django_db


def kept_by_no_cache(response) -> bool:
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= directives


@pytest.fixture
def record(owner, adviser):
    return make_record(owner, adviser)


def test_every_page_says_private_no_store_to_its_owner_and_the_adviser(record, owner, adviser):
    owner_client, adviser_client = Client(), Client()
    owner_client.force_login(owner)
    sign_in_verified(adviser_client, adviser)
    answered = 0
    for route in routes():
        url = url_of(route, record)
        for who, client in {"owner": owner_client, "adviser": adviser_client}.items():
            response = client.get(url)
            assert kept_by_no_cache(response), (
                f"GET {url} as {who}: {response.get('Cache-Control')}"
            )
            assert "Cookie" in response.get("Vary", ""), url
            answered += response.status_code == 200
    assert answered > 60  # the walk reached real pages, not only refusals


def test_the_export_and_the_client_record_are_not_cached(record, owner, adviser):
    owner_client = Client()
    owner_client.force_login(owner)
    export = owner_client.post("/settings/export/")
    assert export.status_code == 200
    assert "attachment" in export["Content-Disposition"]
    assert export["Cache-Control"] == "private, no-store"
    adviser_client = Client()
    sign_in_verified(adviser_client, adviser)
    page = adviser_client.get(f"/adviser/clients/{record['client_id']}/")
    assert (page.status_code, page["Cache-Control"]) == (200, "private, no-store")
    caseload = adviser_client.get("/adviser/")
    assert (caseload.status_code, caseload["Cache-Control"]) == (200, "private, no-store")


def test_a_feed_reached_by_a_secret_link_is_not_cached(owner, client):
    NotificationSettings.objects.create(user=owner, calendar_secret="s" * 40)
    response = client.get(f"/calendar/{'s' * 40}.ics")
    assert response.status_code == 200
    assert kept_by_no_cache(response)


@pytest.mark.parametrize("url", ["/", "/privacy/"])
def test_public_pages_for_visitors_may_be_cached(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", ""), url


def test_signed_in_the_public_pages_are_private_too(owner_client):
    response = owner_client.get("/privacy/")
    assert kept_by_no_cache(response)
