"""Every link Debrief emails points at the configured site (DEBRIEF_SITE_URL), never at the Host
a request named: a forged Host header cannot put another site's address in Debrief's emails."""

import re

import pytest
from django.core import mail
from django.test import Client

from debrief.models import Membership
from tests.adviser_helpers import sign_in_verified
from tests.factories import PASSWORD, make_member, make_organisation, make_user

pytestmark = pytest.mark.django_db

SITE = "https://debrief.example.org"
FORGED = "evil.example"
LINK = re.compile(r"https?://[^\s>\"']+")


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = SITE
    settings.ALLOWED_HOSTS = [FORGED, "testserver"]


def forged() -> Client:
    return Client(headers={"host": FORGED})


def links() -> list[str]:
    return [link for message in mail.outbox for link in LINK.findall(message.body)]


def test_every_emailed_link_is_on_the_configured_site(owner, django_capture_on_commit_callbacks):
    make_user("taken@example.com")
    browser = forged()
    # Sign-up (a new address, and one that has an account).
    for email in ("new.person@example.com", "taken@example.com"):
        browser.post(
            "/accounts/signup/",
            {
                "email": email,
                "display_name": "New Person",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
        )
    # A password reset, a sign-in from a new browser, a change of email.
    browser.post("/accounts/password_reset/", {"email": owner.email})
    browser.post("/accounts/login/", {"username": owner.email, "password": PASSWORD})
    browser.post(
        "/settings/account/",
        {"display_name": "Olivia", "email": "olivia@example.net", "current_password": PASSWORD},
    )
    # A careers service invites a member of staff.
    admin = make_member(make_organisation(), "ana@example.org", "Ana Admin", Membership.Role.ADMIN)
    admin_browser = forged()
    sign_in_verified(admin_browser, admin)
    with django_capture_on_commit_callbacks(execute=True):
        admin_browser.post(
            "/service/invite/",
            {"display_name": "Bea Jones", "email": "bea@example.org", "role": "adviser"},
        )

    subjects = {message.subject for message in mail.outbox}
    assert len(subjects) >= 6, subjects
    found = links()
    assert found
    assert [link for link in found if not link.startswith(SITE + "/")] == []
    assert not any(FORGED in message.body for message in mail.outbox)
