"""The sign-in and sign-up pages are written once and kept for the next visitor at the same
address (debrief/visitor_pages.py): what every visitor sees is the same page, each with a CSRF
token of their own that works; a message, someone signed in, or another address or language
gets its own page."""

import re

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest
from django.test import Client

from debrief.visitor_pages import KEPT, kept
from tests.factories import PASSWORD, make_user
from tests.test_template_budget import counting_nodes

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def visitor() -> Client:
    return Client(enforce_csrf_checks=True)


def test_every_visitor_gets_the_kept_page_with_a_working_token_of_their_own():
    make_user("kept@example.com")
    first, second = visitor(), visitor()
    page_one = first.get("/accounts/login/")
    with counting_nodes() as nodes:
        page_two = second.get("/accounts/login/")
    assert sum(nodes.values()) == 0  # kept, not written again
    tokens_one, tokens_two = TOKEN.findall(page_one.text), TOKEN.findall(page_two.text)
    assert len(tokens_one) == len(tokens_two) == 2  # the language switch and the form
    assert set(tokens_one).isdisjoint(tokens_two)
    assert TOKEN.sub("", page_one.text) == TOKEN.sub("", page_two.text)
    assert page_two["Cache-Control"] == page_one["Cache-Control"]
    assert "no-store" in page_two["Cache-Control"]
    assert "csrftoken" in page_two.cookies

    signed_in = second.post(
        "/accounts/login/",
        {
            "username": "kept@example.com",
            "password": PASSWORD,
            "csrfmiddlewaretoken": tokens_two[1],
        },
    )
    assert signed_in.status_code == 302
    # Someone else's token is refused, as it always was.
    refused = visitor().post(
        "/accounts/login/",
        {"username": "kept@example.com", "password": "x", "csrfmiddlewaretoken": tokens_two[1]},
    )
    assert refused.status_code == 403


def test_each_address_and_language_has_its_own_page():
    plain = visitor().get("/accounts/login/").text
    onward = visitor().get("/accounts/login/?next=/applications/").text
    assert 'name="next" value="/applications/"' in onward
    assert 'name="next" value="/applications/"' not in plain
    filled = visitor().get("/accounts/login/?email=sam%40example.com").text
    assert 'value="sam@example.com"' in filled
    assert 'value="sam@example.com"' not in visitor().get("/accounts/login/").text

    welsh = visitor()
    welsh.cookies["django_language"] = "cy"
    assert 'lang="cy"' in welsh.get("/accounts/login/").text
    assert 'lang="en-gb"' in visitor().get("/accounts/login/").text


def test_a_message_waiting_is_shown_on_a_page_written_for_it():
    visitor().get("/accounts/login/")  # kept for visitors with nothing to be told
    told = visitor()
    cookie = CookieStorage(HttpRequest())._encode([Message(constants.INFO, "Sign in to carry on.")])
    told.cookies[CookieStorage.cookie_name] = cookie
    page = told.get("/accounts/login/")
    assert "Sign in to carry on." in page.text
    assert "Sign in to carry on." not in visitor().get("/accounts/login/").text


def test_someone_signed_in_is_never_served_the_kept_page(client):
    visitor().get("/accounts/login/")
    visitor().get("/accounts/signup/")
    client.force_login(make_user("in@example.com"))
    assert client.get("/accounts/login/").status_code == 302
    assert client.get("/accounts/signup/").status_code == 302


def test_a_refused_sign_in_is_written_for_its_visitor_not_kept():
    make_user("typo@example.com")
    visitor().get("/accounts/login/")
    client = Client()
    refused = client.post("/accounts/login/", {"username": "typo@example.com", "password": "no"})
    assert refused.status_code == 200
    assert "typo@example.com" in refused.text
    assert "typo@example.com" not in visitor().get("/accounts/login/").text


def test_what_is_kept_is_bounded():
    for number in range(KEPT + 5):
        kept.put(("page", number), ("text/html", "x"))
    assert len(kept.pages) == KEPT
    assert ("page", 0) not in kept.pages
    assert ("page", KEPT + 4) in kept.pages
