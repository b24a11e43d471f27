"""The one-page brief before an appointment: the client's latest debriefs, feedback requests stuck
or overdue, open and suggested actions and interviews coming up; reading it is written to the
client's access log; another adviser's appointment or a client who stopped sharing is 404."""

import datetime

import pytest
from django.test import Client

from debrief.models import (
    AccessLogEntry,
    ActionSuggestion,
    AdviserAccess,
    Appointment,
    FeedbackRequest,
    Interview,
    User,
)
from tests.adviser_helpers import sign_in_verified
from tests.factories import (
    grant_access,
    make_action_item,
    make_application,
    make_debrief,
    make_feedback_request,
    make_interview,
    make_user,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


@pytest.fixture
def appointment(adviser, owner, clock):
    grant_access(owner, adviser)
    return Appointment.objects.create(
        adviser=adviser,
        client=owner,
        date=clock.today + datetime.timedelta(days=1),
        time=datetime.time(10),
        address="Careers Centre",
        agenda="Plan the next applications.",
    )


def brief_url(appointment) -> str:
    return f"/adviser/clients/{appointment.client_id}/appointments/{appointment.pk}/brief/"


def test_it_gathers_the_record_and_is_logged(adviser, owner, appointment, clock):
    rejected = make_interview(
        make_application(owner, employer="Acme"),
        scheduled_at=clock.now - datetime.timedelta(days=5),
        outcome=Interview.Outcome.REJECTED,
        outcome_date=clock.today - datetime.timedelta(days=4),
    )
    make_debrief(rejected, do_better="Quantify the results.")
    make_feedback_request(
        rejected,
        status=FeedbackRequest.Status.REQUESTED,
        requested_on=clock.today - datetime.timedelta(days=10),
        follow_up_due=clock.today - datetime.timedelta(days=3),
    )
    make_action_item(owner, "Rewrite the CV summary")
    ActionSuggestion.objects.create(adviser=adviser, client=owner, text="Book a mock interview")
    make_interview(
        make_application(owner, employer="Globex"),
        scheduled_at=clock.now + datetime.timedelta(days=3),
    )
    client = Client()
    sign_in_verified(client, adviser)
    page = client.get(brief_url(appointment)).text
    for text in (
        "Brief: one-to-one with Olivia Owner",
        "Plan the next applications.",
        "would do better: Quantify the results.",
        "Acme: follow-up overdue since 22 Nov",
        "Rewrite the CV summary",
        "Suggested by you, not yet answered: Book a mock interview",
        "Globex, first interview",
    ):
        assert text in page, text
    entry = AccessLogEntry.objects.get(client=owner)
    assert entry.viewed.startswith("Brief before the appointment: One-to-one on 2026-11-26")


def test_others_get_404(adviser, owner, appointment):
    other = make_user("other@careers.example", "Other Adviser", role=User.Role.ADVISER)
    grant_access(owner, other)
    client = Client()
    sign_in_verified(client, other)
    assert client.get(brief_url(appointment)).status_code == 404
    mine = Client()
    sign_in_verified(mine, adviser)
    AdviserAccess.objects.filter(client=owner, adviser=adviser).update(status="revoked")
    assert mine.get(brief_url(appointment)).status_code == 404
    assert not AccessLogEntry.objects.filter(client=owner, viewer=adviser).exists()


def test_it_is_read_only(adviser, appointment):
    client = Client()
    sign_in_verified(client, adviser)
    assert client.post(brief_url(appointment)).status_code == 405
