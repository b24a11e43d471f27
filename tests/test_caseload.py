"""The adviser's caseload: the clients who share their record, with where each one stands."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from debrief.models import (
    ActionItem,
    AdviserAccess,
    Application,
    ClientTag,
    ClientTagging,
    FeedbackRequest,
    Interview,
    User,
)
from debrief.services import consent
from tests.adviser_helpers import sign_in_verified
from tests.factories import (
    grant_access,
    make_action_item,
    make_application,
    make_feedback_request,
    make_interview,
    make_user,
)

pytestmark = pytest.mark.django_db

CASELOAD = reverse("debrief:adviser-caseload")
QUERY_BUDGET = 11


def rows(response) -> list:
    return list(response.context["page_obj"].object_list)


def names(response) -> list[str]:
    return [row.client.display_name for row in rows(response)]


def test_a_job_seeker_gets_404(owner_client):
    assert owner_client.get(CASELOAD).status_code == 404
    assert owner_client.post(CASELOAD, {"email": "x@example.com"}).status_code == 404
    assert not AdviserAccess.objects.exists()


def test_it_lists_only_clients_whose_consent_is_active(adviser_client, adviser, owner):
    grant_access(owner, adviser)
    consent.adviser_request(adviser=adviser, client=make_user("pending@example.com", "Pat Pending"))
    revoked = make_user("revoked@example.com", "Rae Revoked")
    consent.client_revoke(access=grant_access(revoked, adviser))
    declined = make_user("declined@example.com", "Dee Declined")
    consent.client_decline(access=consent.adviser_request(adviser=adviser, client=declined))
    other_adviser = make_user("other@example.com", "Other Adviser", role=User.Role.ADVISER)
    grant_access(make_user("theirs@example.com", "Theo Theirs"), other_adviser)

    response = adviser_client.get(CASELOAD)
    assert names(response) == ["Olivia Owner"]
    for hidden in ("Rae Revoked", "Dee Declined", "Theo Theirs", "Pat Pending"):
        assert hidden not in response.text
    # Requests are listed by the address the adviser typed, not by account
    # (tests/test_asking_reveals_nothing.py).
    assert "pending@example.com" not in response.text


def test_it_shows_where_each_client_stands(adviser_client, adviser, owner, clock):
    now = datetime.datetime(2026, 6, 15, 12, 0, tzinfo=datetime.UTC)
    clock.move_to(now)
    grant_access(owner, adviser)
    acme = make_application(owner, employer="Acme")
    make_application(owner, employer="Globex")
    recent = make_interview(acme, scheduled_at=now - datetime.timedelta(days=10))
    recent.outcome = Interview.Outcome.REJECTED
    recent.outcome_date = datetime.date(2026, 6, 12)
    recent.save()
    old = make_interview(acme, scheduled_at=now - datetime.timedelta(days=40))
    old.outcome = Interview.Outcome.PROGRESSED
    old.outcome_date = datetime.date(2026, 5, 10)
    old.save()
    make_feedback_request(
        recent,
        status=FeedbackRequest.Status.REQUESTED,
        requested_on=datetime.date(2026, 6, 5),
        follow_up_due=datetime.date(2026, 6, 12),
    )
    make_feedback_request(
        old,
        status=FeedbackRequest.Status.REQUESTED,
        requested_on=datetime.date(2026, 6, 14),
        follow_up_due=datetime.date(2026, 6, 21),
    )
    make_action_item(owner)
    make_action_item(owner, "Research the company")
    make_action_item(owner, "Done already", status=ActionItem.Status.DONE)

    response = adviser_client.get(CASELOAD)
    [row] = rows(response)
    assert row.applications == 2
    assert row.recent_interviews == 1
    assert row.latest_outcome.interview_id == recent.pk
    assert row.overdue_follow_ups == 1
    assert row.open_actions == 2
    assert row.last_activity == now
    assert '<span class="badge badge-status status-rejected">Rejected</span>' in response.text
    assert "Acme, 12 Jun 2026" in response.text


def test_a_client_with_nothing_yet_shows_zeros(adviser_client, adviser, owner):
    grant_access(owner, adviser)
    [row] = rows(adviser_client.get(CASELOAD))
    assert (row.applications, row.recent_interviews, row.overdue_follow_ups) == (0, 0, 0)
    assert row.latest_outcome is None
    assert row.last_activity is None


def test_it_sorts_by_name_or_by_a_figure(adviser_client, adviser):
    few = make_user("few@example.com", "Abe Few")
    many = make_user("many@example.com", "Zoe Many")
    for client in (few, many):
        grant_access(client, adviser)
    make_application(few)
    for _ in range(3):
        make_application(many)
    make_action_item(few)

    assert names(adviser_client.get(CASELOAD)) == ["Abe Few", "Zoe Many"]
    assert names(adviser_client.get(CASELOAD, {"sort": "applications"})) == ["Zoe Many", "Abe Few"]
    assert names(adviser_client.get(CASELOAD, {"sort": "actions"})) == ["Abe Few", "Zoe Many"]
    response = adviser_client.get(CASELOAD, {"sort": "nonsense"})
    assert response.status_code == 200
    assert names(response) == ["Abe Few", "Zoe Many"]


def test_it_searches_names_and_emails(adviser_client, adviser):
    grant_access(make_user("abe@example.com", "Abe Few"), adviser)
    grant_access(make_user("zoe@school.example", "Zoe Many"), adviser)
    assert names(adviser_client.get(CASELOAD, {"q": "few"})) == ["Abe Few"]
    assert names(adviser_client.get(CASELOAD, {"q": "SCHOOL"})) == ["Zoe Many"]
    response = adviser_client.get(CASELOAD, {"q": "nobody"})
    assert "No client matches “nobody”" in response.text


def test_a_nul_byte_in_the_search_is_refused_not_a_server_error(adviser_client, adviser, owner):
    grant_access(owner, adviser)
    response = adviser_client.get(CASELOAD, {"q": "a\x00b"})
    assert response.status_code == 200
    assert "Null characters are not allowed." in response.text
    assert names(response) == ["Olivia Owner"]


def test_it_pages_a_long_caseload(adviser_client, adviser):
    for number in range(30):
        grant_access(make_user(f"client{number:02d}@example.com", f"Client {number:02d}"), adviser)
    assert len(rows(adviser_client.get(CASELOAD))) == 25
    second = adviser_client.get(CASELOAD, {"page": 2})
    assert names(second) == [f"Client {n}" for n in range(25, 30)]
    assert "Page 2 of 2" in second.text


def build_caseload(adviser: User, size: int, today: datetime.date, start: int = 0) -> None:
    """`size` clients, each with an application, an interview, an overdue feedback request and
    an open action, in a handful of bulk inserts."""
    clients = User.objects.bulk_create(
        User(email=f"bulk{n}@example.com", display_name=f"Bulk {n:04d}", password="!")
        for n in range(start, start + size)
    )
    now = timezone.now()
    AdviserAccess.objects.bulk_create(
        AdviserAccess(
            client=c,
            adviser=adviser,
            status="active",
            granted_at=now,
            next_contact_on=today - datetime.timedelta(days=n % 3 - 1),
        )
        for n, c in enumerate(clients)
    )
    applications = Application.objects.bulk_create(
        Application(owner=c, employer="Acme", role_title="Analyst") for c in clients
    )
    interviews = Interview.objects.bulk_create(
        Interview(
            application=a,
            owner_id=a.owner_id,
            scheduled_at=now - datetime.timedelta(days=5),
            outcome=Interview.Outcome.REJECTED,
            outcome_date=today,
        )
        for a in applications
    )
    FeedbackRequest.objects.bulk_create(
        FeedbackRequest(
            interview=i,
            status=FeedbackRequest.Status.REQUESTED,
            requested_on=today - datetime.timedelta(days=10),
            follow_up_due=today - datetime.timedelta(days=3),
        )
        for i in interviews
    )
    ActionItem.objects.bulk_create(ActionItem(owner=c, text="Practise") for c in clients)


# Every order, a figure's included, the tag filter, "only those needing attention" and a search:
# the same queries at 5 and at 500 clients, the needs-attention list and the tags included.
ASKED = [
    {},
    {"sort": "activity"},
    {"sort": "next_contact"},
    {"sort": "applications"},
    {"sort": "overdue"},
    {"sort": "attention"},
    {"attention": "on", "sort": "interviews"},
    {"tag": "TAG", "sort": "actions"},
    {"q": "bulk", "sort": "next_contact"},
]


def test_it_makes_the_same_few_queries_for_5_and_500_clients(
    adviser_client, adviser, django_assert_max_num_queries
):
    today = timezone.localdate()
    tag = ClientTag.objects.create(adviser=adviser, name="Cohort")
    counts = {}
    for start, size in ((0, 5), (5, 495)):
        build_caseload(adviser, size, today, start)
        ClientTagging.objects.bulk_create(
            [ClientTagging(tag=tag, client=c) for c in User.objects.clients_of(adviser)],
            ignore_conflicts=True,
        )
        for asked in ASKED:
            asked = {k: str(tag.pk) if v == "TAG" else v for k, v in asked.items()}
            with (
                django_assert_max_num_queries(QUERY_BUDGET),
                CaptureQueriesContext(connection) as queries,
            ):
                response = adviser_client.get(CASELOAD, asked)
            assert response.status_code == 200
            counts.setdefault(str(asked), []).append(len(queries))
    assert all(small == large for small, large in counts.values()), counts
    cache.clear()  # the page as written now, not as kept since the last visit
    response = adviser_client.get(CASELOAD)
    assert response.context["page_obj"].paginator.count == 500
    assert len(rows(response)) == 25
    assert all(row.overdue_follow_ups == 1 for row in rows(response))
    assert all(row.tags == ["Cohort"] for row in rows(response))
    assert response.context["view"].attention_total == 500
    assert len(response.context["view"].attention) == 25


def test_an_advisers_menu_offers_their_password_not_a_job_seekers_sharing_settings(client, adviser):
    sign_in_verified(client, adviser)
    page = client.get("/accounts/password_change/").text
    # Marked as the current page, being on it.
    assert 'href="/accounts/password_change/" aria-current="page">Change password' in page
    assert 'href="/settings/sharing/"' not in page
