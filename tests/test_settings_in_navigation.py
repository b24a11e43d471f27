""" "Settings" in the main navigation opens the account page, and is marked current on every
settings page."""

import pytest

from tests.html import parse

pytestmark = pytest.mark.django_db


def settings_link(response):
    main = next(
        e for e in parse(response).iter() if e.tag == "nav" and e.attrs["aria-label"] == "Main"
    )
    return next(a for a in main.iter() if a.tag == "a" and a.text.strip() == "Settings")


def test_settings_opens_the_account_page(owner_client):
    link = settings_link(owner_client.get("/dashboard/"))
    assert link.attrs["href"] == "/settings/account/"
    assert link.attrs.get("aria-current") is None
    page = owner_client.get(link.attrs["href"])
    assert page.status_code == 200
    assert settings_link(page).attrs.get("aria-current") == "true"
    assert settings_link(owner_client.get("/settings/sharing/")).attrs.get("aria-current") == "true"
