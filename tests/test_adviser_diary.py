"""The adviser's diary: a week of appointments across their clients (moved by links, no
JavaScript) and the coming weeks as a list, with each client's answer; only the adviser's own
appointments with people who share their record now; the same few queries for 5 or 50."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from debrief.models import AdviserAccess, Appointment, User
from tests.adviser_helpers import sign_in_verified
from tests.factories import grant_access, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

DIARY = "/adviser/diary/"


@pytest.fixture
def adviser_client(adviser):
    client = Client()
    sign_in_verified(client, adviser)
    return client


def book(adviser, client, day: datetime.date, hour: int = 10, **fields) -> Appointment:
    return Appointment.objects.create(
        adviser=adviser,
        client=client,
        date=day,
        time=datetime.time(hour),
        address="Careers Centre",
        **fields,
    )


def test_the_week_shows_each_day_and_the_clients_answer(adviser_client, adviser, clock):
    sam = make_user("sam@example.com", "Sam Taylor")
    grant_access(sam, adviser)
    book(adviser, sam, clock.today, 14, response="accepted", responded_at=clock.now)
    book(adviser, sam, clock.today + datetime.timedelta(days=7), 9)
    page = adviser_client.get(DIARY).text
    assert "Week of 23 November 2026" in page
    assert "Wednesday 25 Nov (today)" in page
    assert "CV review" not in page
    assert "One-to-one with" in page
    assert ">Accepted</span>" in page
    assert "Nothing booked." in page
    assert "Wednesday 2 Dec" not in page

    following = adviser_client.get(DIARY, {"week": "2026-12-02"}).text
    assert "Week of 30 November 2026" in following
    assert "09:00" in following
    as_list = adviser_client.get(DIARY, {"view": "list"}).text
    assert as_list.count("One-to-one with") == 2


def test_only_own_appointments_with_current_clients(adviser_client, adviser, clock):
    sam = make_user("sam@example.com", "Sam Taylor")
    grant_access(sam, adviser)
    gone = make_user("gone@example.com", "Gone Away")
    grant_access(gone, adviser)
    book(adviser, gone, clock.today)
    AdviserAccess.objects.filter(client=gone).update(status="revoked")
    other = make_user("other@careers.example", "Other Adviser", role=User.Role.ADVISER)
    grant_access(sam, other)
    book(other, sam, clock.today)
    page = adviser_client.get(DIARY).text
    assert "Gone Away" not in page
    assert "Sam Taylor" not in page


@pytest.mark.parametrize("week", ["nonsense", "2026-13-01", "1999-01-01", "2026-11-25\x00"])
def test_a_bad_week_shows_this_week(adviser_client, week):
    response = adviser_client.get(DIARY, {"week": week})
    assert response.status_code == 200
    assert "Week of 23 November 2026" in response.text


def test_the_same_queries_for_5_or_50_appointments(
    adviser_client, adviser, clock, django_assert_max_num_queries
):
    counts = []
    for start, size in ((0, 5), (5, 45)):
        for n in range(start, start + size):
            person = make_user(f"c{n}@example.com", f"Client {n}")
            grant_access(person, adviser)
            book(adviser, person, clock.today + datetime.timedelta(days=n % 7), 8 + n // 7)
        for view in ({}, {"view": "list"}):
            with (
                django_assert_max_num_queries(8),
                CaptureQueriesContext(connection) as queries,
            ):
                assert adviser_client.get(DIARY, view).status_code == 200
            counts.append(len(queries))
    assert counts[0] == counts[2]
    assert counts[1] == counts[3]


def test_job_seekers_have_no_diary(owner_client):
    assert owner_client.get(DIARY).status_code == 404
