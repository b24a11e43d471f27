"""The applications list shows, on each application still waiting for the employer, the days since
they last said anything, as the application's own page counts them, with the same queries for 3
or 40 applications."""

import datetime
import re

import pytest
from django.urls import reverse

from debrief.models import Application, Interview
from tests.adviser_helpers import sign_in_verified
from tests.factories import grant_access, make_application, make_interview
from tests.test_silence_clock import TODAY, at, days_ago, interview_waiting

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

LIST = "/applications/"
CLOCK = "since the employer last said anything"


def row_of(page: str, employer: str) -> str:
    """The table row naming the employer, tags and spaces collapsed."""
    for row in re.findall(r"<tr>(.*?)</tr>", page, re.DOTALL):
        text = " ".join(re.sub(r"<[^>]+>", " ", row).split())
        if employer in text:
            return text
    raise AssertionError(f"No row for {employer}")


def test_each_waiting_application_shows_its_days_and_the_others_none(owner_client, owner):
    make_application(owner, employer="Sent Ltd", date_applied=days_ago(12))
    make_application(owner, employer="Sent Today Ltd", date_applied=TODAY)
    interview_waiting(owner, 5, employer="Interviewed Ltd")
    answered = make_application(
        owner, employer="Answered Ltd", date_applied=days_ago(30), status="interviewing"
    )
    make_interview(
        answered,
        scheduled_at=at(days_ago(20)),
        outcome=Interview.Outcome.OFFER,
        outcome_date=days_ago(3),
    )
    coming = make_application(
        owner, employer="Coming Ltd", date_applied=days_ago(9), status="interviewing"
    )
    make_interview(coming, scheduled_at=at(TODAY + datetime.timedelta(days=4)))
    make_application(owner, employer="Refused Ltd", date_applied=days_ago(40), status="rejected")
    make_application(owner, employer="Hired Ltd", date_applied=days_ago(40), status="offer")

    page = owner_client.get(LIST).text

    assert f"12 days {CLOCK}" in row_of(page, "Sent Ltd")
    assert f"Today {CLOCK}" in row_of(page, "Sent Today Ltd")
    # The interview held 5 days ago is the employer's last word.
    assert f"5 days {CLOCK}" in row_of(page, "Interviewed Ltd")
    # An outcome date given later than the interview counts from then.
    assert f"3 days {CLOCK}" in row_of(page, "Answered Ltd")
    # Nothing held yet, nothing said: no clock, as on the application's own page.
    for employer in ("Coming Ltd", "Refused Ltd", "Hired Ltd"):
        assert CLOCK not in row_of(page, employer), employer


def test_the_list_and_the_application_page_agree(owner_client, owner):
    interview = interview_waiting(owner, 8, employer="Quiet Ltd")
    make_application(owner, employer="Sent Ltd", date_applied=days_ago(17))

    page = owner_client.get(LIST).text

    own_page = owner_client.get(f"/applications/{interview.application_id}/").text
    assert "8 days</span> since the employer last said anything" in own_page
    assert f"8 days {CLOCK}" in row_of(page, "Quiet Ltd")
    assert f"17 days {CLOCK}" in row_of(page, "Sent Ltd")


def record(owner, size: int) -> None:
    for number in range(size):
        application = make_application(
            owner,
            employer=f"Employer {number}",
            date_applied=days_ago(number % 50),
            status=Application.Status.INTERVIEWING if number % 2 else Application.Status.APPLIED,
        )
        if number % 2:
            make_interview(application, scheduled_at=at(days_ago(number % 20)))
            make_interview(application, scheduled_at=at(TODAY + datetime.timedelta(days=2)))


def test_the_clock_costs_the_same_queries_for_3_or_40_applications(
    owner_client, owner, django_assert_max_num_queries
):
    counts = []
    for size in (3, 40):
        Application.objects.filter(owner=owner).delete()
        record(owner, size)
        # session, user, counts by status, the page of rows with their clocks, savepoint pair
        with django_assert_max_num_queries(6) as queries:
            page = owner_client.get(LIST).text
        counts.append(len(queries))
        assert page.count(CLOCK) == min(size, 25)
    assert counts[0] == counts[1]


def test_an_adviser_sees_the_same_clock_on_a_clients_list(client, owner, adviser):
    make_application(owner, employer="Sent Ltd", date_applied=days_ago(6))
    grant_access(owner, adviser)
    sign_in_verified(client, adviser)

    page = client.get(reverse("debrief:adviser-application-list", args=[owner.pk])).text

    assert f"6 days {CLOCK}" in row_of(page, "Sent Ltd")
