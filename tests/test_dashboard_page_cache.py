"""The job seeker's dashboard is pasted from one cache entry (services.dashboard.
own_dashboard_panels): the page is the one rendered on the visit, with this visit's CSRF token,
address and live panels in it; a change to the record shows at once, and so does an interview
starting or entering the "next 14 days" with the record unchanged."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from debrief.models import InboundMessage
from debrief.services.dashboard import dashboard_context
from debrief.views import dashboard as dashboard_view
from tests.factories import make_application, make_interview
from tests.test_cache_plain_data import fill_record
from tests.test_dashboard_panel_cache import main_of
from tests.test_silence_clock import QUESTION, interview_waiting

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

DASHBOARD = reverse("debrief:dashboard")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]*)"')


def without_tokens(page: str) -> str:
    return CSRF.sub("", main_of(page))


def filled(owner, adviser) -> None:
    """Every panel, the silence question with its forms, an email waiting and a note."""
    fill_record(owner, adviser)
    interview_waiting(owner, 20, "Silent Ltd")
    InboundMessage.objects.create(owner=owner, subject="Your application")


def test_the_pasted_page_is_the_page_rendered_on_the_visit(
    owner_client, owner, adviser, monkeypatch
):
    filled(owner, adviser)
    first = owner_client.get(DASHBOARD).text
    pasted = owner_client.get(DASHBOARD).text

    def rendered_on_the_visit(html, request, live):
        context = {**dashboard_context(request.user, timezone.localdate()), **live}
        return render_to_string("debrief/includes/dashboard_panels.html", context, request)

    monkeypatch.setattr(dashboard_view, "fill_slots", rendered_on_the_visit)
    rendered = owner_client.get(DASHBOARD).text

    assert without_tokens(pasted) == without_tokens(first) == without_tokens(rendered)
    for shown in (QUESTION, "Silent Ltd", "Your application", "Bring numbers to the next one."):
        assert shown in main_of(pasted)
    assert "slot" not in main_of(pasted)


def test_each_form_carries_this_visits_token_and_address(owner_client, owner):
    interview_waiting(owner, 20, "Silent Ltd")
    InboundMessage.objects.create(owner=owner, subject="Your application")
    owner_client.get(DASHBOARD)

    page = owner_client.get(f"{DASHBOARD}?from=email&x=<b>").text

    tokens = CSRF.findall(page)
    assert len(tokens) >= 3  # the silence question's two forms and the email's "Dismiss"
    assert all(len(token) == 64 for token in tokens)
    nexts = re.findall(r'name="next" value="([^"]*)"', page)
    assert len(nexts) >= 2
    assert set(nexts) == {"/dashboard/?from=email&amp;x=%3Cb%3E"}
    # A form posted with the pasted token is accepted.
    owner_client.handler.enforce_csrf_checks = True
    closed = owner_client.post(
        reverse("debrief:silence-interview-close", args=[owner.interviews.get().pk]),
        {"csrfmiddlewaretoken": tokens[0], "next": DASHBOARD},
    )
    assert closed.status_code == 302


def test_a_live_panel_shows_at_once_with_the_record_unchanged(owner_client, owner):
    make_application(owner, employer="Acme")
    assert "They said no?" not in owner_client.get(DASHBOARD).text

    InboundMessage.objects.create(owner=owner, subject="Sadly not this time")

    assert "Sadly not this time" in owner_client.get(DASHBOARD).text


def test_an_interview_that_starts_moves_to_the_past_ones_at_once(owner_client, owner, clock):
    clock.move_to("2026-11-25 09:00:00+00:00")
    interview = make_interview(
        make_application(owner, employer="Soon Ltd"),
        scheduled_at=datetime.datetime(2026, 11, 25, 10, 0, tzinfo=datetime.UTC),
    )
    write_up = reverse("debrief:debrief-edit", args=[interview.pk])
    page = owner_client.get(DASHBOARD).text
    assert "Soon Ltd" in page
    assert write_up not in page

    clock.move_to("2026-11-25 10:01:00+00:00")

    assert write_up in owner_client.get(DASHBOARD).text


def test_an_interview_entering_the_next_14_days_shows_at_once(owner_client, owner, clock):
    clock.move_to("2026-11-25 09:00:00+00:00")
    make_interview(
        make_application(owner, employer="Later Ltd"),
        scheduled_at=datetime.datetime(2026, 12, 9, 10, 0, tzinfo=datetime.UTC),
    )
    assert "Later Ltd" not in owner_client.get(DASHBOARD).text

    clock.move_to("2026-11-25 10:01:00+00:00")

    assert "Later Ltd" in owner_client.get(DASHBOARD).text


def test_the_entry_holds_plain_text_and_the_moment_it_stops_holding(owner_client, owner, clock):
    clock.move_to("2026-11-25 09:00:00+00:00")
    make_interview(
        make_application(owner, employer="Soon Ltd"),
        scheduled_at=datetime.datetime(2026, 11, 27, 10, 0, tzinfo=datetime.UTC),
    )
    owner_client.get(DASHBOARD)

    (entry,) = [cache.get(key.split(":", 2)[-1]) for key in cache._cache if "dashboard-page" in key]
    assert type(entry["html"]) is str
    assert entry["until"] == datetime.datetime(2026, 11, 27, 10, 0, tzinfo=datetime.UTC)
