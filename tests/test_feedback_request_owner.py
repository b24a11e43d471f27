"""A feedback request's owner is its interview's owner, kept by the database: set on every
insert (the ORM's, a bulk insert, raw SQL), corrected if anything else is written to it, and
moved with the interview."""

import pytest
from django.db import connection

from debrief.models import Application, FeedbackRequest
from tests.factories import make_application, make_feedback_request, make_interview, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


@pytest.fixture
def interview(owner):
    return make_interview(make_application(owner))


def owner_in_database(request: FeedbackRequest) -> int | None:
    return FeedbackRequest.objects.values_list("owner_id", flat=True).get(pk=request.pk)


def test_it_takes_the_interviews_owner_on_insert(owner, interview):
    created = make_feedback_request(interview)
    second = make_interview(interview.application)
    bulk = FeedbackRequest.objects.bulk_create(
        [FeedbackRequest(interview=second, status=FeedbackRequest.Status.NOT_SENT)]
    )

    assert owner_in_database(created) == owner.pk
    assert owner_in_database(bulk[0]) == owner.pk


def test_it_refuses_another_owner_written_to_it(owner, interview):
    stranger = make_user("stranger@example.com", "Stranger")
    request = make_feedback_request(interview)

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE debrief_feedbackrequest SET owner_id = %s WHERE id = %s",
            [stranger.pk, request.pk],
        )

    assert owner_in_database(request) == owner.pk


def test_it_follows_its_application_and_interview_to_another_owner(owner, interview):
    other = make_user("other@example.com", "Other Person")
    request = make_feedback_request(interview)

    # The application moves; the database cascades its owner to the interview, then to here.
    Application.objects.filter(pk=interview.application_id).update(owner=other)

    assert owner_in_database(request) == other.pk


def test_it_follows_a_move_to_another_interview(owner, interview):
    other = make_user("other@example.com", "Other Person")
    theirs = make_interview(make_application(other))
    request = make_feedback_request(interview)

    FeedbackRequest.objects.filter(pk=request.pk).update(interview=theirs)

    assert owner_in_database(request) == other.pk
