"""A brand-new application's main button is "Add an interview"; once an interview is in, "I've
been turned down" leads (secondary buttons are outlined)."""

import re

import pytest

from tests.factories import make_application, make_interview

pytestmark = pytest.mark.django_db


def primary_buttons(html: str) -> list[str]:
    return re.findall(r'class="btn btn-primary"[^>]*>([^<]+)<', html)


def test_a_new_application_leads_with_add_an_interview(owner_client, owner):
    application = make_application(owner)
    page = owner_client.get(application.get_absolute_url()).text
    assert primary_buttons(page) == ["Add an interview"]
    assert "I've been turned down" in page or "I&#x27;ve been turned down" in page


def test_after_an_interview_the_decision_leads(owner_client, owner):
    application = make_application(owner)
    make_interview(application)
    page = owner_client.get(application.get_absolute_url()).text
    assert primary_buttons(page)[0] in ("I've been turned down", "I&#x27;ve been turned down")
