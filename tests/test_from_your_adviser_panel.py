"""The job seeker's dashboard has a "From your adviser" panel: new notes, suggestions waiting for
an answer (accepted from the dashboard in one click), appointments to come and a handover
proposal. Nothing shows without an adviser, nothing of another client's, nothing in the
adviser's read-only view, and the dashboard costs the same queries with 1 or 40 of each."""

import datetime

import pytest
from django.urls import reverse

from debrief.models import ActionItem, ActionSuggestion, Appointment
from tests.adviser_helpers import sign_in_verified
from tests.factories import grant_access, make_note, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

DASHBOARD = "/dashboard/"


def fill(adviser, client, count: int, today: datetime.date, hour: int = 10) -> None:
    for n in range(count):
        make_note(adviser, client, f"Note number {n}")
        ActionSuggestion.objects.create(adviser=adviser, client=client, text=f"Suggestion {n}")
        Appointment.objects.create(
            adviser=adviser,
            client=client,
            date=today + datetime.timedelta(days=n + 1),
            time=datetime.time(hour),
            address="Careers Centre",
        )


def test_it_shows_what_the_adviser_left_and_nothing_else(owner_client, owner, adviser, clock):
    assert "From your adviser" not in owner_client.get(DASHBOARD).text
    grant_access(owner, adviser)
    fill(adviser, owner, 4, clock.today)
    stranger = make_user("someone@example.com", "Someone Else")
    make_note(adviser, stranger, "Not for Olivia")
    old = make_note(adviser, owner, "An old note")
    old.created_at = clock.now - datetime.timedelta(days=30)
    old.save()

    page = owner_client.get(DASHBOARD).text
    assert "From your adviser" in page
    assert "Note number 3" in page
    assert "New</span>Note number 3" in page
    assert "Not for Olivia" not in page
    assert "All 5 notes" in page
    assert "Suggestion 3" in page
    assert "All 4 suggestions" in page
    assert "Thursday 26 Nov</time> at 10:00" in page
    assert "your answer: no answer yet" in page


def test_a_suggestion_is_accepted_from_the_dashboard(owner_client, owner, adviser):
    grant_access(owner, adviser)
    suggestion = ActionSuggestion.objects.create(adviser=adviser, client=owner, text="Call Acme")
    page = owner_client.get(DASHBOARD).text
    assert 'Accept<span class="visually-hidden">: Call Acme' in page
    owner_client.post(reverse("debrief:suggestion-accept", args=[suggestion.pk]))
    assert ActionItem.objects.get().text == "Call Acme"
    assert "Suggested actions waiting" not in owner_client.get(DASHBOARD).text


def test_a_cancelled_or_past_appointment_is_not_shown(owner_client, owner, adviser, clock):
    grant_access(owner, adviser)
    fill(adviser, owner, 1, clock.today)
    Appointment.objects.update(cancelled_at=clock.now)
    assert "Appointments coming up" not in owner_client.get(DASHBOARD).text


def test_the_adviser_view_of_the_dashboard_has_no_panel(client, owner, adviser, clock):
    grant_access(owner, adviser)
    fill(adviser, owner, 1, clock.today)
    sign_in_verified(client, adviser)
    page = client.get(reverse("debrief:adviser-dashboard", args=[owner.pk])).text
    assert "From your adviser" not in page


def test_the_dashboard_costs_the_same_queries_with_1_or_40_of_each(
    client, adviser, clock, django_assert_max_num_queries
):
    counts = []
    for n, size in enumerate((0, 1, 40)):
        person = make_user(f"p{n}@example.com", f"Person {n}")
        grant_access(person, adviser)
        fill(adviser, person, size, clock.today, hour=9 + n)  # one adviser: never two at once
        client.force_login(person)
        client.get(DASHBOARD)  # the figures are cached after the first visit
        # 6 for the dashboard with its panel and the forwarded emails waiting for an answer
        # (issue 17 item 8), read live in one statement.
        with django_assert_max_num_queries(6) as queries:
            assert client.get(DASHBOARD).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] == counts[2]
