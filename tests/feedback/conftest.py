"""The interview and the request most feedback tests start from."""

import datetime

import pytest
from django.utils import timezone

from debrief.models import Interview
from tests.factories import (
    make_application,
    make_feedback_request,
    make_interview,
)
from tests.feedback.helpers import Status


@pytest.fixture
def interview(owner):
    application = make_application(owner, employer="Globex", role_title="Data Analyst")
    return make_interview(
        application,
        stage=Interview.Stage.SECOND,
        scheduled_at=timezone.make_aware(datetime.datetime(2026, 3, 10, 14, 0)),
        outcome=Interview.Outcome.REJECTED,
        outcome_date=datetime.date(2026, 3, 12),
    )


@pytest.fixture
def requested(interview):
    return make_feedback_request(
        interview,
        status=Status.REQUESTED,
        requested_on=datetime.date(2026, 3, 12),
        follow_up_due=datetime.date(2026, 3, 19),
    )
