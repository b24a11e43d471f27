"""Outcome -> status, one rule (InterviewOutcome.application_statuses): an interview saved with
a deciding outcome, or a decision recorded in one step, moves its application to the same
status; awaiting or progressed leaves it interviewing."""

import datetime

import pytest
from django.urls import reverse

from debrief.models import Application, Interview
from tests.factories import make_application, make_interview

pytestmark = pytest.mark.django_db

EXPECTED = {
    Interview.Outcome.OFFER: Application.Status.OFFER,
    Interview.Outcome.REJECTED: Application.Status.REJECTED,
    Interview.Outcome.WITHDRAWN: Application.Status.WITHDRAWN,
    # Closed by the silence clock: only an application still open moves.
    Interview.Outcome.NO_RESPONSE: Application.Status.NO_RESPONSE,
    Interview.Outcome.AWAITING: Application.Status.INTERVIEWING,
    Interview.Outcome.PROGRESSED: Application.Status.INTERVIEWING,
}


def test_the_rule_covers_every_outcome():
    deciding = Interview.Outcome.application_statuses()
    undecided = set(Interview.Outcome.values) - set(deciding)
    assert undecided == {Interview.Outcome.AWAITING, Interview.Outcome.PROGRESSED}
    assert deciding == {k: v for k, v in EXPECTED.items() if k in deciding}


@pytest.mark.parametrize("outcome", list(EXPECTED))
def test_saving_an_interview_moves_its_application(owner_client, owner, clock, outcome):
    application = make_application(owner, date_applied=clock.today - datetime.timedelta(days=9))
    decided = outcome not in (Interview.Outcome.AWAITING, Interview.Outcome.PROGRESSED)
    response = owner_client.post(
        reverse("debrief:interview-new", args=[application.pk]),
        {
            "stage": "first",
            "scheduled_at": (clock.now - datetime.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
            "format": "video",
            "interviewers": "",
            "outcome": outcome,
            "outcome_date": clock.today.isoformat() if decided else "",
            "notes": "",
        },
    )

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == EXPECTED[outcome]


@pytest.mark.parametrize(
    ("decision", "outcome"),
    [("turned-down", "rejected"), ("offer", "offer"), ("withdrew", "withdrawn")],
)
def test_recording_a_decision_moves_the_application_the_same_way(
    owner_client, owner, clock, decision, outcome
):
    application = make_application(owner, date_applied=clock.today - datetime.timedelta(days=9))
    interview = make_interview(application, scheduled_at=clock.now - datetime.timedelta(days=2))
    Application.objects.filter(pk=application.pk).update(status=Application.Status.INTERVIEWING)
    url = reverse("debrief:application-decision", args=[application.pk, decision])

    response = owner_client.post(url, {"interview": interview.pk, "decided_on": clock.today})

    assert response.status_code == 302
    application.refresh_from_db()
    interview.refresh_from_db()
    assert (interview.outcome, application.status) == (outcome, EXPECTED[outcome])
