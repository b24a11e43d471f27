"""An adviser suggests an action to a consenting client; it is not in the client's list, counts
or dashboard until they accept it ("suggested by" the adviser), and a decline discards it."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse

from debrief.models import (
    AccessLogEntry,
    ActionItem,
    ActionSuggestion,
    Notification,
    RecordVersion,
    User,
)
from tests.adviser_helpers import sign_in_verified
from tests.factories import grant_access, make_user
from tests.html import errors_for, field_labelled

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


@pytest.fixture
def adviser_client(adviser, owner):
    grant_access(owner, adviser)
    client = Client()
    sign_in_verified(client, adviser)
    return client


def suggest(client, owner, text="Ask Acme for feedback", **fields):
    fields = {"text": text, "area": "interview_performance", "due_date": "", **fields}
    return client.post(reverse("debrief:adviser-suggestion-new", args=[owner.pk]), fields)


def test_a_suggestion_waits_for_the_clients_yes(adviser_client, adviser, owner, client):
    response = suggest(adviser_client, owner, due_date="2026-12-01")
    assert response["Location"] == f"/adviser/clients/{owner.pk}/together/"
    suggestion = ActionSuggestion.objects.get()
    assert (suggestion.adviser, suggestion.client) == (adviser, owner)
    assert suggestion.status == ActionSuggestion.Status.PENDING
    # The client hears of it ("Adviser updates"), linked to where they accept it.
    told = Notification.objects.get(user=owner, object_type="action_suggested")
    assert told.context["path"] == "/together/"
    together = adviser_client.get(response["Location"]).text
    assert "Ask Acme for feedback" in together
    assert "Waiting for the client" in together

    # Not one of the client's actions yet: their list, counts and record are untouched.
    version = RecordVersion.of(owner)
    assert not ActionItem.objects.exists()
    client.force_login(owner)
    actions = client.get("/actions/")
    assert "Suggested by your adviser" in actions.text
    assert "Suggested by Ada Adviser" in actions.text
    assert list(actions.context["groups"]) == []
    assert RecordVersion.of(User.objects.get(pk=owner.pk)) == version

    accepted = client.post(
        reverse("debrief:suggestion-accept", args=[suggestion.pk]), {"back": "actions"}
    )
    assert accepted["Location"] == "/actions/"
    item = ActionItem.objects.get()
    assert (item.owner, item.text, item.area) == (
        owner,
        "Ask Acme for feedback",
        "interview_performance",
    )
    assert item.due_date == datetime.date(2026, 12, 1)
    assert item.suggested_by == adviser
    page = client.get("/actions/").text
    assert "Suggested by Ada Adviser" in page
    assert "Suggested by your adviser" not in page
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.action_item) == (ActionSuggestion.Status.ACCEPTED, item)
    assert "Accepted" in adviser_client.get(f"/adviser/clients/{owner.pk}/together/").text


def test_accepting_twice_makes_one_action(adviser_client, owner, client):
    suggest(adviser_client, owner)
    suggestion = ActionSuggestion.objects.get()
    client.force_login(owner)
    url = reverse("debrief:suggestion-accept", args=[suggestion.pk])
    client.post(url)
    again = client.post(url, follow=True)
    assert "Nothing changed: You have already accepted it." in again.text
    assert ActionItem.objects.count() == 1


def test_a_declined_suggestion_never_reaches_the_list(adviser_client, owner, client):
    suggest(adviser_client, owner)
    suggestion = ActionSuggestion.objects.get()
    client.force_login(owner)
    response = client.post(reverse("debrief:suggestion-decline", args=[suggestion.pk]), follow=True)
    assert "You declined “Ask Acme for feedback”: it is not in your list." in response.text
    assert not ActionItem.objects.exists()
    assert (
        client.post(reverse("debrief:suggestion-accept", args=[suggestion.pk])).status_code == 302
    )
    assert not ActionItem.objects.exists()
    assert ActionSuggestion.objects.get().status == ActionSuggestion.Status.DECLINED


def test_another_clients_suggestion_is_404(adviser_client, owner, stranger, client):
    suggest(adviser_client, owner)
    suggestion = ActionSuggestion.objects.get()
    client.force_login(stranger)
    assert (
        client.post(reverse("debrief:suggestion-accept", args=[suggestion.pk])).status_code == 404
    )
    assert (
        client.post(reverse("debrief:suggestion-decline", args=[suggestion.pk])).status_code == 404
    )
    assert "Ask Acme" not in client.get("/together/").text
    assert ActionSuggestion.objects.get().status == ActionSuggestion.Status.PENDING


def test_an_adviser_suggests_only_to_their_own_consenting_clients(adviser_client, adviser):
    not_shared = make_user("other@example.com", "Not Shared")
    assert suggest(adviser_client, not_shared).status_code == 404
    theirs = make_user("theirs@example.com", "Their Client")
    grant_access(theirs, make_user("x@example.com", "X Adviser", role=User.Role.ADVISER))
    assert suggest(adviser_client, theirs).status_code == 404
    assert adviser_client.get(f"/adviser/clients/{theirs.pk}/together/").status_code == 404
    assert not ActionSuggestion.objects.exists()


def test_the_adviser_s_page_is_in_the_clients_access_log(adviser_client, owner):
    adviser_client.get(f"/adviser/clients/{owner.pk}/together/")
    assert AccessLogEntry.objects.filter(
        client=owner, viewed="Appointments, next contact and suggested actions"
    ).exists()


def test_a_suggestion_with_errors_keeps_what_was_typed(adviser_client, owner):
    response = suggest(adviser_client, owner, text="x" * 301, due_date="2026-11-01")
    assert response.status_code == 200
    assert errors_for(response, "Action to suggest") == [
        "Ensure this value has at most 300 characters (it has 301)."
    ]
    assert errors_for(response, "Due date") == ["Choose today or a later day."]
    assert field_labelled(response, "Action to suggest").value == "x" * 301
    assert not ActionSuggestion.objects.exists()


def test_a_double_submitted_suggestion_is_made_once(adviser_client, owner):
    page = adviser_client.get(f"/adviser/clients/{owner.pk}/together/")
    form_token = re.search(
        r'action="/adviser/clients/\d+/suggestions/new/".*?name="form_token" value="([^"]+)"',
        page.text,
        re.S,
    )[1]
    for _ in range(2):
        suggest(adviser_client, owner, form_token=form_token)
    assert ActionSuggestion.objects.count() == 1
