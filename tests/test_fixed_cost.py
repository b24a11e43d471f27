"""The dashboard and the preparation sheet cost the same queries for 10 and 10,000 applications."""

import datetime

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from debrief.models import Interview, User
from tests.factories import make_interview

pytestmark = pytest.mark.django_db


def seeded(size: int) -> User:
    call_command("seed_demo", applications=size, email=f"size-{size}@example.com", force=True)
    return User.objects.get(email=f"size-{size}@example.com")


def queries(client, user: User, path: str) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    # ATOMIC_REQUESTS inside the test's transaction adds savepoints that production does not make.
    return sum(
        not query["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
        for query in captured.captured_queries
    )


def pages(user: User) -> list[str]:
    upcoming = (
        Interview.objects.for_user(user)
        .filter(scheduled_at__gte=timezone.now())
        .order_by("scheduled_at")
        .first()
    ) or make_interview(
        user.applications.first(), scheduled_at=timezone.now() + datetime.timedelta(days=3)
    )
    return ["/dashboard/", f"/interviews/{upcoming.pk}/prepare/", "/applications/"]


def test_a_record_of_10000_applications_costs_what_one_of_10_costs(client):
    small, large = seeded(10), seeded(10_000)
    assert large.applications.count() == 10_000
    for small_page, large_page in zip(pages(small), pages(large), strict=True):
        cache.clear()
        first_visit = queries(client, small, small_page), queries(client, large, large_page)
        again = queries(client, small, small_page), queries(client, large, large_page)
        assert first_visit[0] == first_visit[1], small_page
        assert again[0] == again[1], small_page
        assert max(first_visit) <= 12, small_page
