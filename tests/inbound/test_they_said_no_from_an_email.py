"""A waiting email on the dashboard: one click opens the "They said no" page filled in from it
(the interview, the date, what they said) with the reasons it suggests, none ticked; recording the
"no" keeps the reasons the person ticked and ends the wait. Someone else's email answers 404."""

import datetime

import pytest
from django.urls import reverse

from debrief.inbound import filing
from debrief.inbound.mail import ReceivedMail
from debrief.models import Application, InboundMessage, Interview, Reason
from tests.html import field_labelled, form_data, parse
from tests.inbound.helpers import GMAIL_FORWARD, page_text, rejected_application

pytestmark = [pytest.mark.django_db, pytest.mark.frozen_at("2026-11-25 12:00:00+00:00")]
DASHBOARD = reverse("debrief:dashboard")


def forwarded(owner, body: str = GMAIL_FORWARD) -> InboundMessage:
    return filing.file_mail(
        owner_id=owner.pk,
        mail=ReceivedMail(
            sender="Olivia Owner <olivia@example.com>",
            subject="Fwd: Your application for Data Analyst",
            sent_at=datetime.datetime(2026, 11, 24, 9, tzinfo=datetime.UTC),
            body=body,
        ),
    )


def reason_boxes(response) -> dict[str, bool]:
    """The reasons' boxes, each tied to the decision form, and whether each is ticked."""
    document = parse(response)
    forms = [e for e in document.iter() if e.tag == "form" and e.attrs.get("id")]
    assert [f.attrs["id"] for f in forms] == ["decision-form"]
    boxes = [e for e in document.iter() if e.attrs.get("name") == "inbound-reasons"]
    assert all(box.attrs.get("form") == "decision-form" for box in boxes)
    return {box.attrs["value"]: "checked" in box.attrs for box in boxes}


def record_link(response, message) -> str:
    url = reverse("debrief:inbound-open", args=[message.pk])
    links = [e for e in parse(response).iter() if e.tag == "a" and e.attrs.get("href") == url]
    assert len(links) == 1
    return url


def test_one_click_from_the_dashboard_opens_the_no_filled_in(owner_client, owner, clock):
    application, interview = rejected_application(owner)
    message = forwarded(owner)

    url = record_link(owner_client.get(DASHBOARD), message)
    page = owner_client.get(url, follow=True)

    assert page.redirect_chain[-1][0] == (
        reverse("debrief:application-decision", args=[application.pk, "turned-down"])
        + f"?interview={interview.pk}&inbound={message.pk}"
    )
    assert field_labelled(page, "Date they told you").value == "2026-11-23"
    said = field_labelled(page, "What they said, if anything").value
    assert said.startswith("Dear Olivia,")
    assert "another candidate" in said
    text = page_text(page)
    assert "Not enough relevant experience (it says “more relevant experience”)" in text
    assert "A stronger candidate (it says “another candidate”)" in text
    # Nothing is ticked for the person.
    assert reason_boxes(page) == {"stronger_candidate": False, "experience_gap": False}


def test_recording_the_no_keeps_the_reasons_ticked_and_ends_the_wait(owner_client, owner, clock):
    application, interview = rejected_application(owner)
    message = forwarded(owner)
    page = owner_client.get(reverse("debrief:inbound-open", args=[message.pk]), follow=True)
    data = form_data(page)
    data["inbound-reasons"] = [Reason.EXPERIENCE_GAP]
    data["save"] = "Record it"

    owner_client.post(page.redirect_chain[-1][0], data)

    application.refresh_from_db()
    interview.refresh_from_db()
    message.refresh_from_db()
    assert application.status == Application.Status.REJECTED
    assert interview.outcome == Interview.Outcome.REJECTED
    assert interview.outcome_date == datetime.date(2026, 11, 23)
    assert "another candidate" in interview.notes
    assert interview.notes.endswith(
        "Reasons they gave in their email: not enough relevant experience."
    )
    assert message.status == InboundMessage.Status.CONFIRMED
    assert message.reasons == [Reason.EXPERIENCE_GAP]
    assert message.interview == interview
    assert "They said no?" not in page_text(owner_client.get(DASHBOARD))


def test_an_error_on_the_page_keeps_the_ticked_reasons(owner_client, owner, clock):
    rejected_application(owner)
    message = forwarded(owner)
    page = owner_client.get(reverse("debrief:inbound-open", args=[message.pk]), follow=True)
    data = {**form_data(page), "decided_on": "2030-01-01", "inbound-reasons": ["experience_gap"]}

    again = owner_client.post(page.redirect_chain[-1][0], data)

    assert again.status_code == 200
    assert reason_boxes(again) == {"stronger_candidate": False, "experience_gap": True}
    message.refresh_from_db()
    assert message.is_waiting


def test_it_lets_the_person_choose_when_the_email_names_no_application(owner_client, owner, clock):
    globex, _ = rejected_application(owner, "Globex Corporation")
    message = forwarded(owner, body="Sorry, we will not be taking your application further.")

    page = owner_client.get(reverse("debrief:inbound-open", args=[message.pk]))

    assert page.status_code == 200
    assert "Debrief could not tell from the email" in page_text(page)
    choice = reverse("debrief:application-decision", args=[globex.pk, "turned-down"])
    assert f'href="{choice}?inbound={message.pk}"' in page.content.decode()


def test_dismissing_takes_one_post_and_changes_nothing_else(owner_client, owner, clock):
    application, _ = rejected_application(owner)
    message = forwarded(owner)
    url = reverse("debrief:inbound-dismiss", args=[message.pk])

    assert owner_client.get(url).status_code == 405
    response = owner_client.post(url)

    assert response.url == DASHBOARD
    message.refresh_from_db()
    application.refresh_from_db()
    assert message.status == InboundMessage.Status.DISMISSED
    assert application.status == Application.Status.APPLIED
    assert "They said no?" not in page_text(owner_client.get(DASHBOARD))


def test_another_persons_email_answers_404_and_fills_in_nothing(
    stranger_client, owner, stranger, clock
):
    message = forwarded(owner)
    stranger_application, _ = rejected_application(stranger)

    opening = reverse("debrief:inbound-open", args=[message.pk])
    dismissing = reverse("debrief:inbound-dismiss", args=[message.pk])
    assert stranger_client.get(opening).status_code == 404
    assert stranger_client.post(dismissing).status_code == 404
    decision = reverse(
        "debrief:application-decision", args=[stranger_application.pk, "turned-down"]
    )
    page = stranger_client.get(f"{decision}?inbound={message.pk}")
    assert page.status_code == 200
    assert "another candidate" not in page.content.decode()
    assert "They said no?" not in page_text(stranger_client.get(DASHBOARD))
    message.refresh_from_db()
    assert message.is_waiting


def test_an_adviser_reading_the_dashboard_never_sees_the_clients_emails(
    owner, adviser, client, clock
):
    from tests.adviser_helpers import sign_in_verified
    from tests.factories import grant_access

    grant_access(owner, adviser)
    forwarded(owner)
    sign_in_verified(client, adviser)

    page = client.get(reverse("debrief:adviser-dashboard", args=[owner.pk]))

    assert page.status_code == 200
    assert "They said no?" not in page_text(page)
    assert "Your application for Data Analyst" not in page_text(page)


def test_the_reasons_ticked_in_their_email_are_ticked_when_their_feedback_comes(
    owner_client, owner, clock
):
    """WCAG 2.2 3.3.7: the reasons given once, recording the "no", are not asked for again when
    the answer to the feedback request is recorded; the person can still untick them."""
    _application, interview = rejected_application(owner)
    message = forwarded(owner)
    page = owner_client.get(reverse("debrief:inbound-open", args=[message.pk]), follow=True)
    data = form_data(page)
    data["inbound-reasons"] = [Reason.STRONGER_CANDIDATE, Reason.EXPERIENCE_GAP]
    data["save"] = "Record it"
    owner_client.post(page.redirect_chain[-1][0], data)
    request = interview.feedback_requests.get()

    answer = owner_client.get(reverse("debrief:feedback-answer", args=[request.pk]))
    ticked = [
        box.attrs["value"]
        for box in parse(answer).iter()
        if box.attrs.get("name") == "reasons" and "checked" in box.attrs
    ]
    assert ticked == [Reason.EXPERIENCE_GAP, Reason.STRONGER_CANDIDATE]
    assert "Already ticked: the reasons you ticked in the email that told you no." in answer.text

    # Once their answer has reasons of its own, those are what the form shows.
    request.reasons = [Reason.SKILLS_GAP]
    request.save(update_fields=["reasons"])
    answer = owner_client.get(reverse("debrief:feedback-answer", args=[request.pk]))
    ticked = [
        box.attrs["value"]
        for box in parse(answer).iter()
        if box.attrs.get("name") == "reasons" and "checked" in box.attrs
    ]
    assert ticked == [Reason.SKILLS_GAP]
