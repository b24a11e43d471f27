"""An accessibility statement on the UK public-sector model, open to everyone and linked from
every page's footer."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_follows_the_public_sector_model_and_is_open_signed_out(client, settings):
    settings.ACCESSIBILITY_CONTACT_EMAIL = "access@careers.example"
    response = client.get("/accessibility/")
    assert response.status_code == 200
    text = response.text
    for heading in [
        "Compliance status",
        "How we tested this service",
        "Known issues",
        "Feedback and contact information",
        "Enforcement procedure",
        "Preparation of this statement",
    ]:
        assert f">{heading}</h2>" in text
    assert "Web Content Accessibility Guidelines version 2.2" in text
    assert "Equality and Human Rights Commission (EHRC)" in text
    assert "Equality Commission for Northern Ireland (ECNI)" in text
    assert 'href="mailto:access@careers.example"' in text


def test_every_page_links_to_it_in_the_footer(client, owner):
    for url in ["/", reverse("login"), "/no-such-page/"]:
        assert 'href="/accessibility/"' in client.get(url).text
    client.force_login(owner)
    assert 'href="/accessibility/"' in client.get(reverse("debrief:dashboard")).text


def test_it_refuses_other_methods(client):
    assert client.post("/accessibility/").status_code == 405
