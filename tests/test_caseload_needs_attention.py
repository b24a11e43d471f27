"""The caseload's "Needs attention" list gives the reason in words: a "no" with no debrief after
3 days, a feedback request unsent for 2 days or overdue, an interview in the next 7 days, no
activity for 21 days, a suggestion unanswered for 14 days; an "Upcoming interviews" column; the
same few queries for 5 and 50 clients."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from debrief.models import ActionSuggestion, FeedbackRequest, Interview
from tests.factories import (
    grant_access,
    make_application,
    make_debrief,
    make_feedback_request,
    make_interview,
    make_user,
)
from tests.test_caseload import QUERY_BUDGET, build_caseload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

CASELOAD = "/adviser/"


def attention(response) -> dict[str, str]:
    view = response.context["view"]
    return {
        row.client.display_name: "; ".join(view.signals[row.client.pk].reasons)
        for row in view.attention
    }


def person(name: str, adviser, clock, *, shared_days_ago: int = 1):
    someone = make_user(f"{name.lower()}@example.com", name)
    access = grant_access(someone, adviser)
    type(access).objects.filter(pk=access.pk).update(
        granted_at=clock.now - datetime.timedelta(days=shared_days_ago)
    )
    return someone


def test_each_reason_in_words(adviser_client, adviser, clock):
    now, today = clock.now, clock.today
    rita = person("Rita", adviser, clock)
    make_interview(
        make_application(rita, employer="Acme"),
        scheduled_at=now - datetime.timedelta(days=6),
        outcome=Interview.Outcome.REJECTED,
        outcome_date=today - datetime.timedelta(days=3),
    )
    uma = person("Uma", adviser, clock)
    request = make_feedback_request(make_interview(make_application(uma)))
    FeedbackRequest.objects.filter(pk=request.pk).update(
        created_at=now - datetime.timedelta(days=2)
    )
    olu = person("Olu", adviser, clock)
    make_feedback_request(
        make_interview(make_application(olu)),
        status=FeedbackRequest.Status.REQUESTED,
        requested_on=today - datetime.timedelta(days=9),
        follow_up_due=today - datetime.timedelta(days=2),
    )
    ivy = person("Ivy", adviser, clock)
    make_interview(make_application(ivy), scheduled_at=now + datetime.timedelta(days=6))
    person("Quinn", adviser, clock, shared_days_ago=30)
    sam = person("Sam", adviser, clock)
    suggestion = ActionSuggestion.objects.create(adviser=adviser, client=sam, text="Call Acme")
    ActionSuggestion.objects.filter(pk=suggestion.pk).update(
        created_at=now - datetime.timedelta(days=14)
    )

    response = adviser_client.get(CASELOAD)
    assert attention(response) == {
        "Ivy": "An interview on Tue 1 Dec: a chance to prepare",
        "Olu": "A feedback follow-up overdue since Mon 23 Nov",
        "Quinn": "No activity since sharing their record",
        "Rita": "A “no” on Sun 22 Nov with no debrief after 3 days",
        "Sam": "Your suggested action unanswered for 14 days",
        "Uma": "A feedback request not sent for 2 days",
    }
    assert "Needs attention (6)" in response.text
    assert "1: next" in response.text  # Ivy's upcoming interview column


def test_nothing_when_it_is_not_yet_time(adviser_client, adviser, clock):
    now, today = clock.now, clock.today
    rita = person("Rita", adviser, clock)
    interview = make_interview(
        make_application(rita),
        scheduled_at=now - datetime.timedelta(days=4),
        outcome=Interview.Outcome.REJECTED,
        outcome_date=today - datetime.timedelta(days=2),
    )
    make_feedback_request(interview)  # not sent, but written only today
    late = make_interview(
        make_application(rita),
        scheduled_at=now - datetime.timedelta(days=12),
        outcome=Interview.Outcome.REJECTED,
        outcome_date=today - datetime.timedelta(days=10),
    )
    make_debrief(late)
    make_interview(make_application(rita), scheduled_at=now + datetime.timedelta(days=8))
    person("Quinn", adviser, clock, shared_days_ago=20)
    response = adviser_client.get(CASELOAD)
    assert attention(response) == {}
    assert "Needs attention" not in response.text


def test_another_advisers_client_and_suggestion_count_nothing(adviser_client, adviser, clock):
    other = make_user("other@careers.example", "Other Adviser", role="adviser")
    theirs = make_user("theirs@example.com", "Theirs")
    grant_access(theirs, other)
    make_interview(make_application(theirs), scheduled_at=clock.now + datetime.timedelta(days=1))
    response = adviser_client.get(CASELOAD)
    assert attention(response) == {}
    assert "Theirs" not in response.text


def test_the_same_few_queries_for_5_and_50_clients(
    adviser_client, adviser, clock, django_assert_max_num_queries
):
    counts = []
    for start, size in ((0, 5), (5, 45)):
        build_caseload(adviser, size, clock.today, start)
        with (
            django_assert_max_num_queries(QUERY_BUDGET),
            CaptureQueriesContext(connection) as queries,
        ):
            response = adviser_client.get(CASELOAD, {"attention": "on"})
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert response.context["view"].attention_total == 50
