"""People change their display name at once, and their email once the new address confirms it."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from debrief.models import User
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db

URL = "/settings/account/"


def test_it_changes_the_display_name(owner_client, owner):
    response = owner_client.post(URL, {"display_name": "Liv Owner", "email": owner.email})
    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.display_name == "Liv Owner"
    assert mail.outbox == []


def confirmation_link() -> str:
    return re.search(r"https?://\S+", mail.outbox[-1].body).group(0)


def test_a_new_email_changes_only_from_the_link_sent_to_it(owner_client, owner):
    response = owner_client.post(
        URL,
        {
            "display_name": owner.display_name,
            "email": "New@Example.com",
            "current_password": PASSWORD,
        },
    )
    owner.refresh_from_db()
    assert owner.email == "owner@example.com"
    assert mail.outbox[-1].to == ["new@example.com"]
    assert "We sent a link to new@example.com" in owner_client.get(response.url).text
    link = confirmation_link()
    page = owner_client.get(link)
    assert "Use new@example.com" in page.text
    owner.refresh_from_db()
    assert owner.email == "owner@example.com"
    owner_client.post(link)
    owner.refresh_from_db()
    assert owner.email == "new@example.com"
    assert mail.outbox[-1].to == ["owner@example.com"]
    # Used once: the link no longer matches the account's current address.
    assert owner_client.post(link).status_code == 404


def test_someone_elses_link_does_nothing(owner_client, owner, client):
    owner_client.post(
        URL,
        {
            "display_name": owner.display_name,
            "email": "new@example.com",
            "current_password": PASSWORD,
        },
    )
    link = confirmation_link()
    other = make_user("other@example.com", "Other")
    client.force_login(other)
    assert client.post(link).status_code == 404
    other.refresh_from_db()
    assert other.email == "other@example.com"


def test_a_tampered_link_is_not_found(owner_client, owner):
    owner_client.post(
        URL,
        {
            "display_name": owner.display_name,
            "email": "new@example.com",
            "current_password": PASSWORD,
        },
    )
    link = confirmation_link()
    tampered = link.rstrip("/")[:-3] + "abc/"
    assert owner_client.post(tampered).status_code == 404


def test_an_email_in_use_gets_the_same_answer_and_its_owner_a_note(owner_client, owner, stranger):
    # Byte-for-byte as for a free address (tests/test_no_enumeration.py): the owner of the
    # address hears that nothing will change; the account asking learns nothing.
    response = owner_client.post(
        URL,
        {"display_name": "Olivia", "email": "Stranger@example.com", "current_password": PASSWORD},
    )
    assert response.status_code == 302
    assert mail.outbox[-1].to == ["stranger@example.com"]
    assert "already has a Debrief account, so nothing will change" in mail.outbox[-1].body
    assert "/settings/account/email/" not in mail.outbox[-1].body
    owner.refresh_from_db()
    assert owner.email == "owner@example.com"


def test_an_empty_name_is_explained(owner_client, owner):
    response = owner_client.post(URL, {"display_name": "  ", "email": owner.email})
    assert "This field is required." in response.text or "Give the name" in response.text
    assert User.objects.get(pk=owner.pk).display_name == "Olivia Owner"


def test_signed_out_people_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("login") in response.url
