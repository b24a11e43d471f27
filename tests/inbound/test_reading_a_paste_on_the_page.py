"""An email pasted into "What they said" on the "They said no" page: read by Debrief (the piece
static/js/inbound.js inserts; reading changes nothing), the reasons it suggests offered unticked;
the reasons the person ticks are kept with the "no"."""

import pytest
from django.urls import reverse

from debrief.models import InboundMessage, Reason
from tests.html import parse
from tests.inbound.helpers import GMAIL_FORWARD, page_text, rejected_application

pytestmark = [pytest.mark.django_db, pytest.mark.frozen_at("2026-11-25 12:00:00+00:00")]
READ = reverse("debrief:inbound-read")


def decision_url(application) -> str:
    return reverse("debrief:application-decision", args=[application.pk, "turned-down"])


def boxes(response) -> dict[str, bool]:
    found = [e for e in parse(response).iter() if e.attrs.get("name") == "inbound-reasons"]
    assert all(box.attrs.get("form") == "decision-form" for box in found)
    return {box.attrs["value"]: "checked" in box.attrs for box in found}


def test_the_page_offers_to_read_a_pasted_email(owner_client, owner, clock):
    application, _ = rejected_application(owner)

    page = owner_client.get(decision_url(application))

    reading = [e for e in parse(page).iter() if "data-email-reading" in e.attrs]
    assert reading[0].attrs["data-email-reading"] == READ
    assert reading[0].attrs["data-application"] == str(application.pk)
    assert 'src="/static/js/inbound.js"' in page.content.decode()


def test_reading_suggests_reasons_unticked_and_the_date_and_stores_nothing(
    owner_client, owner, clock
):
    application, _ = rejected_application(owner)

    piece = owner_client.post(READ, {"text": GMAIL_FORWARD, "application": application.pk})

    assert piece.status_code == 200
    assert boxes(piece) == {"stronger_candidate": False, "experience_gap": False}
    assert 'data-decided-on="2026-11-23"' in piece.content.decode()
    assert "It was sent on 23 November 2026" in page_text(piece)
    assert not InboundMessage.objects.exists()


def test_reading_points_to_the_application_the_email_is_about(owner_client, owner, clock):
    globex, _ = rejected_application(owner, "Globex Corporation")
    acme, _ = rejected_application(owner, "Acme Ltd")

    piece = owner_client.post(READ, {"text": GMAIL_FORWARD, "application": globex.pk})

    assert "It seems to be about Data Analyst at Acme Ltd" in page_text(piece)
    assert f'href="{decision_url(acme)}"' in piece.content.decode()


def test_reading_is_post_only_and_for_ones_own_applications(owner_client, owner, stranger, clock):
    theirs, _ = rejected_application(stranger)

    assert owner_client.get(READ).status_code == 405
    assert (
        owner_client.post(READ, {"text": GMAIL_FORWARD, "application": theirs.pk}).status_code
        == 404
    )
    assert owner_client.post(READ, {"text": "", "application": theirs.pk}).status_code == 400


def test_the_reasons_ticked_are_kept_with_the_no(owner_client, owner, clock):
    application, interview = rejected_application(owner)
    page = owner_client.get(decision_url(application))
    token = next(e for e in parse(page).iter() if e.attrs.get("name") == "form_token")

    owner_client.post(
        decision_url(application),
        {
            "interview": interview.pk,
            "decided_on": "2026-11-23",
            "what_they_said": GMAIL_FORWARD,
            "inbound-reasons": [Reason.STRONGER_CANDIDATE],
            "form_token": token.attrs["value"],
            "save": "Record it",
        },
    )

    message = InboundMessage.objects.get()
    assert message.source == InboundMessage.Source.PASTED
    assert message.status == InboundMessage.Status.CONFIRMED
    assert message.reasons == [Reason.STRONGER_CANDIDATE]
    assert message.interview == interview
    interview.refresh_from_db()
    assert interview.notes.endswith("Reasons they gave in their email: a stronger candidate.")


def test_without_a_reason_ticked_nothing_more_is_kept(owner_client, owner, clock):
    application, interview = rejected_application(owner)

    owner_client.post(
        decision_url(application),
        {"interview": interview.pk, "decided_on": "2026-11-23", "what_they_said": GMAIL_FORWARD},
    )

    interview.refresh_from_db()
    assert interview.outcome == "rejected"
    assert not InboundMessage.objects.exists()


def test_a_reason_the_text_does_not_suggest_is_not_kept(owner_client, owner, clock):
    application, interview = rejected_application(owner)

    owner_client.post(
        decision_url(application),
        {
            "interview": interview.pk,
            "decided_on": "2026-11-23",
            "what_they_said": "Thank you for your time.",
            "inbound-reasons": [Reason.TEAM_FIT],
        },
    )

    interview.refresh_from_db()
    assert interview.outcome == "rejected"
    assert not InboundMessage.objects.exists()


def test_an_error_keeps_the_pasted_emails_reasons_ticked(owner_client, owner, clock):
    application, interview = rejected_application(owner)

    page = owner_client.post(
        decision_url(application),
        {
            "interview": interview.pk,
            "decided_on": "2030-01-01",
            "what_they_said": GMAIL_FORWARD,
            "inbound-reasons": [Reason.EXPERIENCE_GAP],
        },
    )

    assert page.status_code == 200
    assert boxes(page) == {"stronger_candidate": False, "experience_gap": True}
    assert not InboundMessage.objects.exists()
