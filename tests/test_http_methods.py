"""Every view declares the HTTP methods it serves: a made-up verb, OPTIONS, TRACE or PUT gets no
page from any URL, for any persona, and reads no client's record without a trace in its log.

The URLs are walked from the resolver, so a view added later is checked too."""

import pytest
from django.test import Client
from django.urls import reverse

from debrief.models import AccessLogEntry
from debrief.views import client_record
from tests.adviser_helpers import sign_in_verified
from tests.url_walk import make_record, routes, url_of

pytestmark = pytest.mark.django_db

UNSERVED = ["OPTIONS", "TRACE", "PUT", "FOO"]


@pytest.fixture
def record(owner, adviser):
    return make_record(owner, adviser)


@pytest.fixture
def personas(owner, adviser):
    owner_client, adviser_client = Client(), Client()
    owner_client.force_login(owner)
    sign_in_verified(adviser_client, adviser)
    return {"owner": owner_client, "adviser": adviser_client, "visitor": Client()}


def test_the_walk_covers_every_part_of_the_site(record):
    urls = [url_of(route, record) for route in routes()]
    assert "/accounts/login/" in urls
    assert "/accounts/password_reset/" in urls
    assert "/healthz" in urls
    assert f"/adviser/clients/{record['client_id']}/applications/{record['applications']}/" in urls
    assert not any(url.startswith("/admin/") for url in urls)


def test_no_url_answers_a_method_it_does_not_serve_with_a_page(record, personas):
    for route in routes():
        url = url_of(route, record)
        for who, client in personas.items():
            for method in UNSERVED:
                response = client.generic(method, url)
                where = f"{method} {url} as {who}"
                assert response.status_code in (302, 404, 405), where
                if response.status_code == 302:
                    assert response["Location"].startswith("/accounts/login/"), where
                assert b"<html" not in response.content.lower(), where
    assert not AccessLogEntry.objects.exists()


def test_the_record_pages_say_which_methods_they_serve(record, personas):
    url = reverse("debrief:adviser-dashboard", args=[record["client_id"]])
    response = personas["adviser"].generic("FOO", url)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert personas["adviser"].post(url).status_code == 405


def test_every_read_of_a_record_page_is_logged_and_other_verbs_read_nothing(record, personas):
    adviser = personas["adviser"]
    record_routes = [str(pattern.pattern) for pattern in client_record.urlpatterns]
    assert len(record_routes) == 9
    for route in record_routes:
        url = url_of(route, record)
        for method in [*UNSERVED, "POST", "DELETE", "PATCH"]:
            assert adviser.generic(method, url).status_code == 405, f"{method} {url}"
        assert AccessLogEntry.objects.filter(path=url).count() == 0, url
        assert adviser.get(url).status_code == 200, url
        assert AccessLogEntry.objects.filter(path=url).count() == 1, url
        head = adviser.head(url)
        assert (head.status_code, head.content) == (200, b""), url
        assert AccessLogEntry.objects.filter(path=url).count() == 2, url
