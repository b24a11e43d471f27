"""Feedback requests: the list, with what needs doing first."""

import datetime

import pytest

from tests.factories import (
    make_action_item,
    make_application,
    make_feedback_request,
    make_interview,
)
from tests.feedback.helpers import TODAY, Status, url

pytestmark = [pytest.mark.django_db, pytest.mark.frozen_at("2026-03-16 10:00:00+00:00")]


def test_the_list_puts_overdue_follow_ups_first_with_labels(owner_client, interview, clock):
    def request(status, requested_on=None, due=None):
        # One open request per interview: each on an interview of its own.
        return make_feedback_request(
            make_interview(interview.application),
            status=status,
            requested_on=requested_on,
            follow_up_due=due,
        )

    closed = request(Status.DECLINED, TODAY)
    waiting = request(Status.REQUESTED, TODAY, TODAY + datetime.timedelta(days=7))
    not_sent = request(Status.NOT_SENT)
    due = request(Status.FOLLOWED_UP, TODAY - datetime.timedelta(days=7), TODAY)
    overdue = request(
        Status.REQUESTED, TODAY - datetime.timedelta(days=9), TODAY - datetime.timedelta(days=2)
    )

    response = owner_client.get(url("feedback-list"))
    assert response.status_code == 200
    groups = response.context["groups"]
    assert [label for label, _ in groups] == [
        "Follow-up overdue",
        "Follow-up due",
        "Not sent yet",
        "Waiting for a reply",
        "Closed",
    ]
    assert [rows[0] for _, rows in groups] == [overdue, due, not_sent, waiting, closed]
    text = response.text
    assert text.index("Follow-up overdue") < text.index("Follow-up due") < text.index("Closed")


def test_the_list_filters_by_status_and_ignores_a_bad_filter(owner_client, requested, interview):
    make_feedback_request(make_interview(interview.application), status=Status.NOT_SENT)
    filtered = owner_client.get(url("feedback-list"), {"status": "not_sent"})
    assert [f.status for _, rows in filtered.context["groups"] for f in rows] == ["not_sent"]
    everything = owner_client.get(url("feedback-list"), {"status": "nonsense\x00"})
    assert everything.status_code == 200
    assert sum(len(rows) for _, rows in everything.context["groups"]) == 2


def test_the_list_shows_only_my_requests(owner_client, requested, stranger):
    theirs = make_feedback_request(
        make_interview(make_application(stranger, employer="Initech")), status=Status.NOT_SENT
    )
    response = owner_client.get(url("feedback-list"))
    assert "Globex" in response.text
    assert "Initech" not in response.text
    assert url("feedback-detail", theirs.pk) not in response.text


def test_the_list_is_paginated(owner_client, interview):
    for _ in range(30):
        make_feedback_request(make_interview(interview.application))
    first = owner_client.get(url("feedback-list"))
    assert sum(len(rows) for _, rows in first.context["groups"]) == 25
    assert "Page 1 of 2" in first.text
    second = owner_client.get(url("feedback-list"), {"page": 2})
    assert sum(len(rows) for _, rows in second.context["groups"]) == 5


@pytest.mark.parametrize("rows", [5, 50])
def test_the_list_uses_a_fixed_number_of_queries(
    owner_client, owner, rows, django_assert_max_num_queries
):
    for number in range(rows):
        application = make_application(owner, employer=f"Employer {number}")
        make_feedback_request(
            make_interview(application), status=Status.REQUESTED, requested_on=TODAY
        )
    with django_assert_max_num_queries(6):
        response = owner_client.get(url("feedback-list"))
    assert response.status_code == 200


def test_the_detail_page_uses_a_fixed_number_of_queries(
    owner_client, requested, django_assert_max_num_queries
):
    for _ in range(10):
        make_action_item(requested.interview.owner, feedback_request=requested)
    # 6, with the evidence beside the drafts (the person's own figures, and everyone's, read
    # once a day) and whether the silence question was answered already.
    with django_assert_max_num_queries(9):
        response = owner_client.get(url("feedback-detail", requested.pk))
    assert response.status_code == 200
