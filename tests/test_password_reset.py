"""Password reset answers alike whether or not an address has an account, and sends after the
answer; its email names the account only as quoted data; a new password lifts a lockout."""

import re

import pytest
from django.core import mail
from django.test import Client, RequestFactory

from debrief.views.accounts import password_reset
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db

RESET = "/accounts/password_reset/"
LOGIN = "/accounts/login/"


def without_csrf_tokens(page: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page)


def test_a_known_and_an_unknown_address_get_the_same_answer():
    make_user("sam@example.com")
    known = Client().post(RESET, {"email": "sam@example.com"}, follow=True)
    sent = len(mail.outbox)
    unknown = Client().post(RESET, {"email": "nobody@example.com"}, follow=True)

    assert known.status_code == unknown.status_code == 200
    assert known.redirect_chain == unknown.redirect_chain
    assert known.redirect_chain[0][1] == 302
    # Every page's language switch is a form with a CSRF token, masked afresh each time.
    assert without_csrf_tokens(known.text) == without_csrf_tokens(unknown.text)
    assert sent == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["sam@example.com"]


def test_the_email_is_sent_only_after_the_answer_has_gone():
    make_user("sam@example.com")
    request = RequestFactory().post(RESET, {"email": "sam@example.com"})
    response = password_reset(request)
    assert response.status_code == 302
    assert mail.outbox == []  # the person already has the answer; nothing sent yet
    response.close()  # what the WSGI server does once the response is delivered
    assert len(mail.outbox) == 1


def test_an_inactive_account_gets_the_same_answer_and_no_email(client):
    user = make_user("sam@example.com")
    user.is_active = False
    user.save()
    response = client.post(RESET, {"email": "sam@example.com"})
    assert response.status_code == 302
    assert mail.outbox == []


def reset_link(message) -> str:
    url = re.search(r"https?://\S+/accounts/reset/\S+/", message.body).group(0)
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def test_the_email_quotes_the_name_after_debriefs_own_words(client):
    make_user("sam@example.com", "Sam Taylor")
    client.post(RESET, {"email": "sam@example.com"})
    message = mail.outbox[0]
    assert message.subject == "Reset your Debrief password"
    assert "“Sam Taylor” (sam@example.com)" in message.body
    assert message.body.startswith("Someone asked to reset the password")
    assert not any(line.startswith("Sam") for line in message.body.splitlines())


def test_a_new_password_lifts_the_sign_in_lockout(client):
    make_user("sam@example.com")
    for _ in range(5):
        client.post(LOGIN, {"username": "Sam@example.com", "password": "wrong"})
    assert client.post(
        LOGIN, {"username": "sam@example.com", "password": PASSWORD}
    ).status_code == (429)

    client.post(RESET, {"email": "sam@example.com"})
    response = client.get(reset_link(mail.outbox[0]), follow=True)
    new_password = "a-brand-new-long-passphrase"
    response = client.post(
        response.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert response.status_code == 302

    response = client.post(LOGIN, {"username": "sam@example.com", "password": new_password})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session
