"""The main navigation marks the section a page belongs to: an adviser's own sign-in security
pages are not their caseload (the "Sign-in security" link is the current page there), while a
client's record, read from the caseload, is within it."""

import re

import pytest

from tests.adviser_helpers import sign_in_verified
from tests.factories import grant_access

pytestmark = pytest.mark.django_db


def marked(html: str) -> list[tuple[str, str]]:
    """The links marked current: (their text, their aria-current)."""
    nav = html.split('aria-label="Main"')[1].split("</nav>")[0]
    return [
        (re.sub(r"<[^>]+>", "", text).strip(), current)
        for current, text in re.findall(r'aria-current="([a-z]+)"[^>]*>(.*?)</a>', nav)
    ]


def test_on_the_sign_in_security_page_caseload_is_not_marked(client, adviser):
    sign_in_verified(client, adviser)

    page = client.get("/adviser/2fa/")

    assert page.status_code == 200
    assert marked(page.text) == [("Sign-in security", "page")]


def test_a_service_admin_sees_the_same(client, service_admin):
    sign_in_verified(client, service_admin)

    assert marked(client.get("/adviser/2fa/").text) == [("Sign-in security", "page")]


def test_the_caseload_is_the_current_page_on_the_caseload(client, adviser):
    sign_in_verified(client, adviser)

    assert marked(client.get("/adviser/").text) == [("Caseload", "page")]


def test_a_clients_record_is_within_the_caseload(client, adviser, owner):
    grant_access(owner, adviser)
    sign_in_verified(client, adviser)

    assert marked(client.get(f"/adviser/clients/{owner.pk}/").text) == [("Caseload", "true")]


def test_the_service_pages_are_within_your_service(client, service_admin):
    sign_in_verified(client, service_admin)

    assert marked(client.get("/service/invite/").text) == [("Your service", "true")]
