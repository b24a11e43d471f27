"""The adviser reads their client's record in their own words ("Olivia's STAR bank"), never
advice addressed to the job seeker, and can open the client's preparation sheet."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from debrief.models import AccessLogEntry, FeedbackRequest, Reason
from tests.adviser_helpers import sign_in_verified
from tests.factories import (
    grant_access,
    make_application,
    make_debrief,
    make_feedback_request,
    make_interview,
    make_star_answer,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(owner, adviser):
    grant_access(owner, adviser)
    application = make_application(owner, employer="Acme")
    past = make_interview(application)
    make_debrief(past, do_better="Slow down")
    make_feedback_request(
        past,
        status=FeedbackRequest.Status.RECEIVED,
        requested_on=timezone.localdate() - datetime.timedelta(days=3),
        received_on=timezone.localdate(),
        reasons=[Reason.SKILLS_GAP, Reason.STRONGER_CANDIDATE],
    )
    make_star_answer(owner, competencies=["teamwork"])
    upcoming = make_interview(
        make_application(owner, employer="Monzo"),
        scheduled_at=timezone.now() + datetime.timedelta(days=3),
    )
    return {"past": past, "upcoming": upcoming}


def test_the_clients_dashboard_speaks_of_the_client(client, adviser, owner, shared):
    sign_in_verified(client, adviser)
    page = client.get(reverse("debrief:adviser-dashboard", args=[owner.pk])).text
    assert "Olivia’s STAR bank" in page
    assert "Your STAR bank" not in page
    assert "Olivia’s to work on" in page
    assert "yours to work on" not in page


def test_the_owner_still_reads_their_own_words(owner_client, shared):
    page = owner_client.get(reverse("debrief:dashboard")).text
    assert "Your STAR bank" in page
    assert "Olivia’s" not in page


def test_the_adviser_opens_the_clients_preparation_sheet(client, adviser, owner, shared):
    sign_in_verified(client, adviser)
    upcoming = shared["upcoming"]
    detail = client.get(reverse("debrief:adviser-interview-detail", args=[owner.pk, upcoming.pk]))
    url = reverse("debrief:adviser-interview-prepare", args=[owner.pk, upcoming.pk])
    assert url in detail.text
    response = client.get(url)
    assert response.status_code == 200
    assert "Olivia’s weakest areas" in response.text
    assert "your weakest areas" not in response.text
    assert reverse("debrief:debrief-edit", args=[upcoming.pk]) not in response.text
    assert AccessLogEntry.objects.filter(client=owner, viewed__startswith="Preparation").exists()


def test_the_owners_sheet_is_not_served_from_the_advisers_cache(
    client, owner_client, adviser, owner, shared
):
    upcoming = shared["upcoming"]
    own = owner_client.get(reverse("debrief:interview-prepare", args=[upcoming.pk])).text
    assert "What to work on: your weakest areas" in own
    owner_client.logout()
    sign_in_verified(client, adviser)
    theirs = client.get(
        reverse("debrief:adviser-interview-prepare", args=[owner.pk, upcoming.pk])
    ).text
    assert "your weakest areas" not in theirs


def test_without_consent_the_sheet_is_not_found(client, adviser, owner, shared):
    owner.adviser_accesses.update(status="revoked")
    sign_in_verified(client, adviser)
    url = reverse("debrief:adviser-interview-prepare", args=[owner.pk, shared["upcoming"].pk])
    assert client.get(url).status_code == 404
