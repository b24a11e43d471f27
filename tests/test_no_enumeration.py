"""No enumeration: signing up and changing the account's email answer the same, byte for byte,
whether or not the address has an account; only the address's owner hears which (by email)."""

import re

import pytest
from django.core import mail
from django.test import Client

from debrief.models import User
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db

ADDRESS = "sam.taylor@example.org"
CSRF = re.compile(r'value="[A-Za-z0-9]{64}"')
MINUTE = re.compile(r"\d{1,2} \w{3} \d{4}, \d\d:\d\d")
# Headers that differ between any two answers whatever they say.
VARYING = {"Date", "Set-Cookie"}


def answer(response) -> tuple:
    headers = {k: v for k, v in response.headers.items() if k not in VARYING}
    body = CSRF.sub('value="CSRF"', response.content.decode())
    body = re.sub(r'nonce="[^"]+"', 'nonce="N"', body)
    headers.pop("Content-Security-Policy", None)
    cookies = sorted(response.cookies)
    return response.status_code, headers, body, cookies


def sign_up(client: Client) -> list:
    data = {
        "email": ADDRESS.upper(),
        "display_name": "Sam Taylor",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    posted = client.post("/accounts/signup/", data)
    followed = client.get(posted.url)
    return [answer(posted), answer(followed)]


def test_sign_up_answers_the_same_whether_or_not_the_address_has_an_account():
    new = sign_up(Client())
    assert User.objects.with_email(ADDRESS).exists()
    User.objects.all().delete()
    make_user(ADDRESS, "The Real Sam")
    taken = sign_up(Client())
    assert taken == new
    assert new[0][0] == 302
    assert "Check your email" in new[1][2]
    assert User.objects.get().display_name == "The Real Sam"


def test_the_address_hears_which_with_a_way_back_in():
    make_user(ADDRESS, "The Real Sam")
    sign_up(Client())
    message = mail.outbox[-1]
    assert message.to == [ADDRESS]
    assert message.subject == "You already have a Debrief account"
    assert "/accounts/password_reset/" in message.body
    assert "/accounts/confirm-email/" not in message.body


def change_email(client: Client) -> list:
    data = {"display_name": "Olivia Owner", "email": ADDRESS, "current_password": PASSWORD}
    posted = client.post("/settings/account/", data)
    followed = client.get(posted.url)
    return [answer(posted), answer(followed)]


def test_the_email_change_form_answers_the_same_whether_or_not_the_address_has_an_account(owner):
    client = Client()
    client.force_login(owner)
    free = change_email(client)
    make_user(ADDRESS, "Someone Else")
    taken = change_email(client)
    assert taken == free
    assert [message.to for message in mail.outbox] == [[ADDRESS], [ADDRESS]]
    assert "/settings/account/email/" in mail.outbox[0].body
    assert "already has a Debrief account" in mail.outbox[1].body


SHARED = "ada.adviser@example.org"
MAIN = re.compile(r"<main.*?</main>", re.S)


def share(situation: str) -> list:
    """Share a new client's record with SHARED, in the given situation of that address; the
    pages the client sees afterwards."""
    if situation == "adviser":
        make_user(SHARED, "Ada Adviser", role=User.Role.ADVISER)
    elif situation == "job seeker":
        make_user(SHARED, "Jo Seeker")
    elif situation == "unconfirmed adviser":
        User.objects.create_user(SHARED, PASSWORD, display_name="Ada", role=User.Role.ADVISER)
    client_user = make_user("client@example.com", "Cara Client")
    browser = Client()
    browser.force_login(client_user)
    posted = browser.post("/settings/sharing/", {"email": SHARED})
    page = browser.get(posted.url)
    shared = client_user.shared_addresses.get()
    stopped = browser.post(f"/settings/sharing/addresses/{shared.pk}/stop/")
    after = browser.get(stopped.url)
    seen = [answer(posted), answer(page), answer(stopped), answer(after)]
    User.objects.all().delete()
    # The row's number differs between runs, and with it the length of the page; the runs may
    # straddle a minute, and the history shows each change's minute.
    return [
        (
            status,
            {k: v for k, v in headers.items() if k != "Content-Length"},
            MINUTE.sub("WHEN", main_of(body).replace(f"/{shared.pk}/", "/N/")),
            cookies,
        )
        for status, headers, body, cookies in seen
    ]


def main_of(body: str) -> str:
    found = MAIN.search(body)
    return found[0] if found else body


def test_the_sharing_page_never_says_whether_an_address_is_an_advisers():
    nobody = share("nobody")
    assert "ada.adviser@example.org" in nobody[1][2]
    for situation in ["adviser", "job seeker", "unconfirmed adviser"]:
        assert share(situation) == nobody, situation
