"""A client's record as their adviser reads it: only with active consent, read-only, through the
job seeker's own pages."""

import pytest
from django.urls import reverse

from debrief.models import AdviserNote, User
from debrief.services import consent
from tests.adviser_helpers import sign_in_verified
from tests.factories import (
    grant_access,
    make_action_item,
    make_application,
    make_debrief,
    make_feedback_request,
    make_interview,
    make_star_answer,
    make_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(owner):
    """The owner's record: one of everything."""
    application = make_application(owner, employer="Acme", role_title="Data Analyst")
    interview = make_interview(application)
    make_debrief(interview, went_well="Clear examples")
    return {
        "application": application,
        "interview": interview,
        "feedback": make_feedback_request(interview),
        "star": make_star_answer(owner, "Rescued a late project"),
        "action": make_action_item(owner, "Practise STAR answers aloud"),
    }


def record_urls(client_id: int, record: dict) -> list[str]:
    def url(name, *args):
        return reverse(f"debrief:adviser-{name}", args=[client_id, *args])

    return [
        url("dashboard"),
        url("application-list"),
        url("application-detail", record["application"].pk),
        url("interview-detail", record["interview"].pk),
        url("feedback-list"),
        url("feedback-detail", record["feedback"].pk),
        url("star-list"),
        url("star-detail", record["star"].pk),
        url("action-list"),
        url("note-new"),
    ]


def test_an_adviser_with_active_consent_reads_every_page(adviser_client, adviser, owner, record):
    grant_access(owner, adviser)
    for url in record_urls(owner.pk, record):
        response = adviser_client.get(url)
        assert response.status_code == 200, url
        assert "Olivia Owner" in response.text
    page = adviser_client.get(reverse("debrief:adviser-dashboard", args=[owner.pk]))
    assert "It is read-only" in page.text


def test_the_pages_show_the_clients_data_read_only(adviser_client, adviser, owner, record):
    grant_access(owner, adviser)
    application = record["application"]
    response = adviser_client.get(
        reverse("debrief:adviser-application-detail", args=[owner.pk, application.pk])
    )
    assert "Data Analyst" in response.text
    assert response.context["record_client"] == owner
    for own_url in (
        reverse("debrief:application-edit", args=[application.pk]),
        reverse("debrief:application-delete", args=[application.pk]),
        reverse("debrief:interview-new", args=[application.pk]),
    ):
        assert own_url not in response.text
    interview_url = reverse(
        "debrief:adviser-interview-detail", args=[owner.pk, record["interview"].pk]
    )
    assert interview_url in response.text
    interview = adviser_client.get(interview_url)
    assert reverse("debrief:interview-edit", args=[record["interview"].pk]) not in interview.text
    assert reverse("debrief:debrief-edit", args=[record["interview"].pk]) not in interview.text


@pytest.mark.parametrize("state", ["none", "pending", "declined", "revoked"])
def test_without_active_consent_every_page_is_404(adviser_client, adviser, owner, record, state):
    if state == "pending":
        consent.adviser_request(adviser=adviser, client=owner)
    elif state == "declined":
        consent.client_decline(access=consent.adviser_request(adviser=adviser, client=owner))
    elif state == "revoked":
        consent.client_revoke(access=grant_access(owner, adviser))
    for url in record_urls(owner.pk, record):
        assert adviser_client.get(url).status_code == 404, url
        # Read pages refuse POST (405) before any look-up; the note form answers 404.
        assert adviser_client.post(url, {"text": "Sneaky"}).status_code in (404, 405), url
    assert not AdviserNote.objects.exists()
    assert not owner.access_log.exists()


def test_another_advisers_client_is_404(client, adviser, owner, record):
    grant_access(owner, adviser)
    other = make_user("other.adviser@example.com", "Other Adviser", role=User.Role.ADVISER)
    sign_in_verified(client, other)
    for url in record_urls(owner.pk, record):
        assert client.get(url).status_code == 404, url


def test_a_job_seeker_gets_404_even_for_a_record_shared_with_an_adviser(
    client, adviser, owner, stranger, record
):
    grant_access(owner, adviser)
    for person in (stranger, owner):
        client.force_login(person)
        for url in record_urls(owner.pk, record):
            assert client.get(url).status_code == 404, url


def test_objects_of_another_client_are_404_under_this_client(
    adviser_client, adviser, owner, stranger, record
):
    grant_access(owner, adviser)
    grant_access(stranger, adviser)
    # The stranger's record is shared too, but not under the owner's address.
    for url in record_urls(owner.pk, record)[2:]:
        if url.endswith(("/applications/", "/feedback/", "/star/", "/actions/", "/notes/new/")):
            continue
        wrong = url.replace(f"/clients/{owner.pk}/", f"/clients/{stranger.pk}/")
        assert adviser_client.get(wrong).status_code == 404, wrong


def test_revocation_takes_effect_on_the_next_request(client, adviser, owner, record):
    access = grant_access(owner, adviser)
    sign_in_verified(client, adviser)
    url = reverse("debrief:adviser-dashboard", args=[owner.pk])
    assert client.get(url).status_code == 200
    client.force_login(owner)
    client.post(reverse("debrief:settings-sharing-revoke", args=[access.pk]))
    sign_in_verified(client, adviser)
    assert client.get(url).status_code == 404
    assert "Olivia Owner" not in client.get(reverse("debrief:adviser-caseload")).text
