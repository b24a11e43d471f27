"""Kindness on the lists: "Hide closed rejections" leaves the "no"s out of the applications
list (and its count) when the person asks, and keeps them a click away."""

import pytest

from debrief.models import Application
from tests.factories import make_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(owner):
    make_application(owner, employer="Octopus", status=Application.Status.APPLIED)
    for employer in ("Ocado", "Monzo"):
        application = make_application(owner, employer=employer)
        application.change_status(Application.Status.REJECTED)


def test_it_hides_the_rejections_only_when_asked(owner_client, record):
    shown = owner_client.get("/applications/").text
    assert "Ocado" in shown
    assert "Monzo" in shown
    hidden = owner_client.get("/applications/", {"hide_closed": "on"})
    assert "Octopus" in hidden.text
    assert "Ocado" not in hidden.text
    assert "Monzo" not in hidden.text
    assert hidden.context["page_obj"].paginator.count == 1
    assert 'name="hide_closed" id="id_hide_closed" value="on" checked' in hidden.text


def test_a_search_with_the_box_ticked_hides_them_too(owner_client, record):
    response = owner_client.get("/applications/", {"q": "o", "hide_closed": "on"})
    assert response.context["page_obj"].paginator.count == 1
    assert "Ocado" not in response.text


def test_asking_for_rejected_with_them_hidden_shows_none(owner_client, record):
    response = owner_client.get("/applications/", {"status": "rejected", "hide_closed": "on"})
    assert response.context["page_obj"].paginator.count == 0


def test_closed_feedback_requests_can_be_hidden(owner_client, owner):
    from debrief.models import FeedbackRequest
    from tests.factories import make_feedback_request, make_interview

    waiting = make_interview(make_application(owner, employer="Waiting Ltd"))
    make_feedback_request(
        waiting,
        status=FeedbackRequest.Status.REQUESTED,
        requested_on=waiting.scheduled_at.date(),
    )
    ended = make_interview(make_application(owner, employer="Ended Ltd"))
    make_feedback_request(
        ended,
        status=FeedbackRequest.Status.NO_RESPONSE,
        requested_on=ended.scheduled_at.date(),
    )
    assert "Ended Ltd" in owner_client.get("/feedback/").text
    hidden = owner_client.get("/feedback/", {"hide_closed": "on"}).text
    assert "Waiting Ltd" in hidden
    assert "Ended Ltd" not in hidden
