"""A privacy notice people can read before signing up, and a service status page for people
(/healthz stays for machines)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_privacy_notice_says_what_why_who_how_long_and_the_rights(client):
    response = client.get("/privacy/")
    assert response.status_code == 200
    text = response.text
    for heading in [
        "What we keep",
        "Why, and on what lawful basis",
        "Who can see it",
        "How long we keep it",
        "Your rights, and how to use them",
    ]:
        assert f">{heading}</h2>" in text
    assert "Information Commissioner" in text
    assert reverse("debrief:settings-export") in text
    assert reverse("debrief:settings-delete-account") in text


def test_sign_up_and_every_footer_link_to_the_privacy_notice(client, owner):
    assert 'href="/privacy/"' in client.get(reverse("signup")).text
    client.force_login(owner)
    assert 'href="/privacy/"' in client.get(reverse("debrief:dashboard")).text


def test_the_footer_status_link_opens_a_page_for_people(client):
    home = client.get("/").text
    assert 'href="/status/"' in home
    assert 'href="/healthz"' not in home
    response = client.get("/status/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "Debrief is up and your records can be read and saved." in response.text


def test_healthz_stays_json_for_machines(client):
    response = client.get("/healthz")
    assert response.json() == {"status": "ok", "database": "ok"}


def test_the_status_and_privacy_pages_refuse_other_methods(client):
    assert client.post("/status/").status_code == 405
    assert client.post("/privacy/").status_code == 405
