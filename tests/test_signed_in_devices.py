"""The owner controls their sessions: "Signed-in devices" lists each (browser and device, network
address, last seen) and signs out any or all; changing the password signs out every other
session; a sign-in from a browser the account has not seen sends "Was this you?"."""

import re

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client

from debrief.models import SignedInSession
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
DEVICES = "/settings/devices/"
FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)


def browser(user_agent: str, address: str) -> Client:
    return Client(headers={"user-agent": user_agent}, REMOTE_ADDR=address)


def sign_in(client: Client, email: str = "owner@example.com", password: str = PASSWORD):
    return client.post(LOGIN, {"username": email, "password": password})


def is_signed_in(client: Client) -> bool:
    return client.get("/dashboard/").status_code == 200


def test_the_page_lists_every_session_with_its_browser_address_and_last_seen(owner):
    laptop = browser(FIREFOX, "203.0.113.5")
    phone = browser(IPHONE, "198.51.100.7")
    assert sign_in(laptop).status_code == 302
    assert sign_in(phone).status_code == 302
    page = laptop.get(DEVICES)
    assert page.status_code == 200
    assert "Firefox on Windows" in page.text
    assert "Safari on iPhone" in page.text
    assert "203.0.113.5" in page.text
    assert "198.51.100.7" in page.text
    assert page.text.count("This device") == 1
    assert SignedInSession.objects.filter(user=owner).count() == 2


def test_signing_out_one_device_ends_that_session_only(owner):
    laptop, phone = browser(FIREFOX, "203.0.113.5"), browser(IPHONE, "198.51.100.7")
    sign_in(laptop)
    sign_in(phone)
    phone_session = SignedInSession.objects.get(user_agent=IPHONE)
    response = laptop.post(f"{DEVICES}{phone_session.pk}/sign-out/")
    assert response.status_code == 302
    assert not is_signed_in(phone)
    assert is_signed_in(laptop)
    assert not Session.objects.filter(session_key=phone_session.session_key).exists()
    assert "Safari on iPhone" not in laptop.get(DEVICES).text


def test_sign_out_every_other_device_keeps_this_one(owner):
    clients = [browser(FIREFOX, f"203.0.113.{n}") for n in range(3)]
    for client in clients:
        sign_in(client)
    clients[0].post(f"{DEVICES}sign-out-others/")
    assert [is_signed_in(client) for client in clients] == [True, False, False]


def test_sign_out_everywhere_includes_this_device(owner):
    laptop, phone = browser(FIREFOX, "203.0.113.5"), browser(IPHONE, "198.51.100.7")
    sign_in(laptop)
    sign_in(phone)
    laptop.post(f"{DEVICES}sign-out-everywhere/")
    assert not is_signed_in(laptop)
    assert not is_signed_in(phone)
    assert not SignedInSession.objects.exists()


def test_someone_elses_session_cannot_be_signed_out(owner, stranger):
    thief = browser(FIREFOX, "203.0.113.5")
    victim = browser(IPHONE, "198.51.100.7")
    sign_in(victim, "stranger@example.com")
    sign_in(thief)
    victims_session = SignedInSession.objects.get(user=stranger)
    assert thief.post(f"{DEVICES}{victims_session.pk}/sign-out/").status_code == 404
    assert is_signed_in(victim)


def test_changing_the_password_signs_out_every_other_session(owner):
    laptop, phone = browser(FIREFOX, "203.0.113.5"), browser(IPHONE, "198.51.100.7")
    sign_in(laptop)
    sign_in(phone)
    new = "a-brand-new-passphrase-42"
    response = laptop.post(
        "/accounts/password_change/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    assert is_signed_in(laptop)
    assert not is_signed_in(phone)
    assert list(SignedInSession.objects.values_list("user_agent", flat=True)) == [FIREFOX]
    # The list follows the session's new key.
    assert SignedInSession.objects.get().session_key == laptop.session.session_key


def test_a_browser_the_account_has_not_seen_sends_was_this_you(owner):
    laptop = browser(FIREFOX, "203.0.113.5")
    sign_in(laptop)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["owner@example.com"]
    assert message.subject == "Was this you? A new sign-in to Debrief"
    assert "Firefox on Windows" in message.body
    assert "203.0.113.5" in message.body
    assert f"{settings.SITE_URL.rstrip('/')}/settings/devices/" in message.body

    laptop.post("/accounts/logout/")
    sign_in(laptop)
    assert len(mail.outbox) == 1  # the same browser again: nothing new to say

    sign_in(browser(IPHONE, "198.51.100.7"))
    assert len(mail.outbox) == 2


def test_a_password_reset_signs_out_every_session(owner, client):
    laptop = browser(FIREFOX, "203.0.113.5")
    sign_in(laptop)
    client.post("/accounts/password_reset/", {"email": owner.email})
    link = re.search(r"https?://\S+(/accounts/reset/\S+/)", mail.outbox[-1].body)[1]
    form_page = client.get(link, follow=True)
    new = "a-brand-new-passphrase-42"
    client.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    owner.refresh_from_db()
    assert owner.check_password(new)
    assert not is_signed_in(laptop)
    assert not SignedInSession.objects.filter(user=owner).exists()
