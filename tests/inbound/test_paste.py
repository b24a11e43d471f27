"""Pasting a rejection email: kept for the "They said no" page to read (too long for a link),
then straight to that page filled in; a double submit keeps one; nothing pasted is lost."""

import pytest
from django.urls import reverse

from debrief.models import InboundMessage
from tests.html import errors_for, field_labelled, form_data
from tests.inbound.helpers import GMAIL_FORWARD, rejected_application

pytestmark = [pytest.mark.django_db, pytest.mark.frozen_at("2026-11-25 12:00:00+00:00")]
PASTE = reverse("debrief:inbound-paste")


def test_a_pasted_email_opens_the_no_filled_in(owner_client, owner, clock):
    application, _interview = rejected_application(owner)
    data = {**form_data(owner_client.get(PASTE)), "text": GMAIL_FORWARD}

    page = owner_client.post(PASTE, data, follow=True)

    message = InboundMessage.objects.get()
    assert message.source == InboundMessage.Source.PASTED
    assert message.owner == owner
    assert message.sender == "Jane Hiring <jane.hiring@acme.co.uk>"
    assert message.subject == "Your application for Data Analyst"
    assert page.redirect_chain[-1][0].startswith(
        reverse("debrief:application-decision", args=[application.pk, "turned-down"])
    )
    assert field_labelled(page, "Date they told you").value == "2026-11-23"


def test_sending_the_same_paste_twice_keeps_one(owner_client, owner, clock):
    rejected_application(owner)
    data = {**form_data(owner_client.get(PASTE)), "text": GMAIL_FORWARD}

    owner_client.post(PASTE, data)
    owner_client.post(PASTE, data)

    assert InboundMessage.objects.count() == 1


def test_an_empty_paste_says_what_to_do(owner_client, owner):
    page = owner_client.post(PASTE, {"text": "  "})

    assert errors_for(page, "The email") == ["Paste the email you received."]
    assert not InboundMessage.objects.exists()


def test_a_paste_over_the_limit_is_refused_with_the_text_kept(owner_client, owner):
    text = "No thank you. " * 2_000

    page = owner_client.post(PASTE, {"text": text})

    assert errors_for(page, "The email")[0].startswith("Ensure this value has at most 20000")
    assert field_labelled(page, "The email").value == text
    assert not InboundMessage.objects.exists()


def test_nul_characters_are_dropped(owner_client, owner):
    owner_client.post(PASTE, {"text": "No\x00 thank you."})

    assert InboundMessage.objects.get().body == "No thank you."


def test_from_a_they_said_no_page_the_paste_returns_to_it_filled_in(owner_client, owner, clock):
    rejected_application(owner, "Globex Corporation")
    application, _ = rejected_application(owner, "Initech")
    decision = reverse("debrief:application-decision", args=[application.pk, "turned-down"])
    link = f"{PASTE}?application={application.pk}"
    assert f'href="{link}"' in owner_client.get(decision).content.decode()
    data = {**form_data(owner_client.get(link)), "text": GMAIL_FORWARD}

    page = owner_client.post(link, data, follow=True)

    message = InboundMessage.objects.get()
    assert page.redirect_chain[-1][0] == f"{decision}?inbound={message.pk}"
    assert field_labelled(page, "Date they told you").value == "2026-11-23"


def test_another_persons_application_is_not_a_way_back(owner_client, owner, stranger, clock):
    theirs, _ = rejected_application(stranger)
    link = f"{PASTE}?application={theirs.pk}"
    data = {**form_data(owner_client.get(link)), "text": GMAIL_FORWARD}

    page = owner_client.post(link, data)

    assert page.url == reverse("debrief:inbound-open", args=[InboundMessage.objects.get().pk])
