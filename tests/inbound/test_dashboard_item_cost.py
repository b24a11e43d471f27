"""The dashboard's "They said no?" item costs one query, however many emails wait: the newest
five and how many there are, read together."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from debrief.models import InboundMessage
from tests.factories import make_user
from tests.inbound.helpers import page_text, rejected_application
from tests.test_dashboard import QUERY_BUDGET, SAVEPOINTS, real_queries

pytestmark = [pytest.mark.django_db, pytest.mark.frozen_at("2026-11-25 12:00:00+00:00")]


def dashboard_queries(client, user, waiting: int) -> tuple[int, str]:
    rejected_application(user)
    InboundMessage.objects.bulk_create(
        InboundMessage(owner=user, subject=f"Email {number}") for number in range(waiting)
    )
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("debrief:dashboard"))
    assert response.status_code == 200
    assert len(queries) <= QUERY_BUDGET + SAVEPOINTS
    return real_queries(queries), page_text(response)


def test_the_item_costs_the_same_for_none_one_or_forty_emails(client, clock):
    none, none_text = dashboard_queries(client, make_user("none@example.com"), 0)
    one, one_text = dashboard_queries(client, make_user("one@example.com"), 1)
    forty, forty_text = dashboard_queries(client, make_user("forty@example.com"), 40)

    assert none == one == forty
    assert "They said no?" not in none_text
    assert "An email is waiting for you" in one_text
    assert "40 emails are waiting for you" in forty_text
    assert forty_text.count("Record this “no”") == 5
    assert "The 5 newest are shown" in forty_text
