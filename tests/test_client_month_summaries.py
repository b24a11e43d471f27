"""The outcome report's per-client monthly figures are kept by the database: every write path
(forms, the decision step, bulk updates, deletions, a row moved to another month or owner)
leaves ClientMonthSummary equal to the figures recounted from the records themselves."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from debrief.models import (
    Application,
    ClientMonthSummary,
    Debrief,
    FeedbackRequest,
    Interview,
)
from tests.factories import (
    make_application,
    make_debrief,
    make_feedback_request,
    make_interview,
    make_user,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.frozen_at("2026-11-25T12:00:00Z"),
    pytest.mark.usefixtures("clock"),
]

OCTOBER, NOVEMBER = datetime.date(2026, 10, 1), datetime.date(2026, 11, 1)


def at(day: int, month: int = 11) -> datetime.datetime:
    return datetime.datetime(2026, month, day, 10, 0, tzinfo=datetime.UTC)


def stored(client) -> dict:
    """The summary rows, zero rows left out."""
    rows = ClientMonthSummary.objects.filter(client=client).values()
    found = {}
    for row in rows:
        figures = {key: row[key] for key in FIGURES}
        if any(figures.values()):
            found[row["month"]] = figures
    return found


FIGURES = (
    "applications",
    "interviews",
    "offers",
    "feedback_requested",
    "feedback_received",
    "debriefs",
    "rejection_to_debrief_days",
)


def recounted(client) -> dict:
    """The same figures counted again in Python from the records: the oracle."""
    months: dict = {}

    def bump(day, key, value=1):
        if day is None:
            return
        month = day.replace(day=1)
        figures = months.setdefault(
            month, dict.fromkeys(FIGURES, 0) | {"rejection_to_debrief_days": []}
        )
        if key == "rejection_to_debrief_days":
            figures[key].append(value)
        else:
            figures[key] += value

    for application in Application.objects.filter(owner=client):
        bump(application.date_applied, "applications")
    for interview in Interview.objects.filter(owner=client):
        bump(interview.scheduled_at.astimezone(datetime.UTC).date(), "interviews")
        if interview.outcome == Interview.Outcome.OFFER:
            bump(interview.outcome_date, "offers")
    for request in FeedbackRequest.objects.filter(interview__owner=client):
        bump(request.requested_on, "feedback_requested")
        bump(request.received_on, "feedback_received")
    for debrief in Debrief.objects.filter(interview__owner=client).select_related("interview"):
        written = debrief.created_at.astimezone(datetime.UTC).date()
        bump(written, "debriefs")
        interview = debrief.interview
        if (
            interview.outcome == Interview.Outcome.REJECTED
            and interview.outcome_date
            and written >= interview.outcome_date
        ):
            bump(written, "rejection_to_debrief_days", (written - interview.outcome_date).days)
    for figures in months.values():
        figures["rejection_to_debrief_days"].sort()
    return months


@pytest.fixture
def seeker():
    return make_user("sam@example.com", "Sam Seeker")


def test_it_counts_a_new_application_in_the_month_it_was_made(owner_client, owner):
    response = owner_client.post(
        reverse("debrief:application-new"),
        {
            "employer": "Northwind",
            "role_title": "Analyst",
            "date_applied": "2026-10-20",
            "status": "applied",
        },
    )
    assert response.status_code == 302
    assert stored(owner) == recounted(owner)
    assert stored(owner)[OCTOBER]["applications"] == 1


def test_it_moves_an_application_whose_date_is_edited_and_drops_a_deleted_one(owner_client, owner):
    application = make_application(owner, date_applied=datetime.date(2026, 10, 3))
    application.date_applied = datetime.date(2026, 11, 2)
    application.save()
    assert stored(owner) == recounted(owner)
    assert OCTOBER not in stored(owner)
    assert stored(owner)[NOVEMBER]["applications"] == 1

    response = owner_client.post(reverse("debrief:application-delete", args=[application.pk]))
    assert response.status_code == 302
    assert stored(owner) == {} == recounted(owner)


def test_it_counts_interviews_offers_and_a_rejection_recorded_by_the_decision_step(
    owner_client, owner
):
    application = make_application(owner, date_applied=datetime.date(2026, 10, 1))
    interview = make_interview(application, scheduled_at=at(5))
    assert stored(owner)[NOVEMBER]["interviews"] == 1

    debrief = make_debrief(interview)
    Debrief.objects.filter(pk=debrief.pk).update(created_at=at(20))
    # The rejection, recorded after the debrief was written, gives it its days (20 - 12).
    response = owner_client.post(
        reverse("debrief:application-decision", args=[application.pk, "turned-down"]),
        {"interview": interview.pk, "decided_on": "2026-11-12"},
    )
    assert response.status_code == 302
    assert stored(owner) == recounted(owner)
    assert stored(owner)[NOVEMBER]["rejection_to_debrief_days"] == [8]

    Interview.objects.filter(pk=interview.pk).update(
        outcome=Interview.Outcome.OFFER, outcome_date=datetime.date(2026, 11, 14)
    )
    assert stored(owner) == recounted(owner)
    assert stored(owner)[NOVEMBER]["offers"] == 1
    assert stored(owner)[NOVEMBER]["rejection_to_debrief_days"] == []


def test_it_counts_debriefs_and_their_days_from_the_rejection(owner, clock):
    application = make_application(owner, date_applied=datetime.date(2026, 10, 1))
    interview = make_interview(
        application,
        scheduled_at=at(2),
        outcome=Interview.Outcome.REJECTED,
        outcome_date=datetime.date(2026, 11, 4),
    )
    clock.move_to(at(10))
    debrief = make_debrief(interview)
    assert stored(owner)[NOVEMBER]["debriefs"] == 1
    assert stored(owner)[NOVEMBER]["rejection_to_debrief_days"] == [6]
    assert stored(owner) == recounted(owner)

    debrief.delete()
    assert stored(owner)[NOVEMBER]["debriefs"] == 0
    assert stored(owner) == recounted(owner)


def test_it_counts_feedback_requested_and_received_by_their_dates(owner):
    interview = make_interview(make_application(owner), scheduled_at=at(2, 10))
    request = make_feedback_request(
        interview, status=FeedbackRequest.Status.REQUESTED, requested_on=datetime.date(2026, 10, 6)
    )
    assert stored(owner)[OCTOBER]["feedback_requested"] == 1

    request.status = FeedbackRequest.Status.RECEIVED
    request.received_on = datetime.date(2026, 11, 3)
    request.outcome = FeedbackRequest.Outcome.SPECIFIC
    request.save()
    assert stored(owner)[NOVEMBER]["feedback_received"] == 1
    assert stored(owner) == recounted(owner)

    FeedbackRequest.objects.filter(pk=request.pk).delete()
    assert stored(owner) == recounted(owner)


def test_an_interview_deleted_takes_its_debrief_and_feedback_out_of_the_figures(owner):
    interview = make_interview(
        make_application(owner),
        scheduled_at=at(2),
        outcome=Interview.Outcome.REJECTED,
        outcome_date=datetime.date(2026, 11, 3),
    )
    make_debrief(interview)
    make_feedback_request(
        interview, status=FeedbackRequest.Status.REQUESTED, requested_on=datetime.date(2026, 11, 4)
    )
    interview.delete()
    assert stored(owner) == recounted(owner)
    assert stored(owner)[NOVEMBER] == {
        key: 0 for key in FIGURES if key != "rejection_to_debrief_days"
    } | {"applications": 1, "rejection_to_debrief_days": []}


def test_an_application_moved_to_another_owner_moves_its_figures(owner, seeker):
    application = make_application(owner, date_applied=datetime.date(2026, 11, 2))
    make_interview(application, scheduled_at=at(5))
    Application.objects.filter(pk=application.pk).update(owner=seeker)
    Interview.objects.filter(application=application).update(owner=seeker)
    assert stored(owner) == {} == recounted(owner)
    assert stored(seeker) == recounted(seeker)
    assert stored(seeker)[NOVEMBER]["interviews"] == 1


def test_a_bulk_insert_of_many_owners_and_months_is_counted_exactly(owner, seeker):
    Application.objects.bulk_create(
        Application(
            owner=person,
            employer="Acme",
            role_title="Analyst",
            date_applied=datetime.date(2026, month, day),
        )
        for person in (owner, seeker)
        for month in (9, 10, 11)
        for day in (1, 15, 28)
    )
    assert stored(owner) == recounted(owner)
    assert stored(seeker) == recounted(seeker)
    assert [figures["applications"] for figures in stored(owner).values()] == [3, 3, 3]


def test_rebuilding_every_row_gives_the_figures_the_triggers_kept(owner, seeker, clock):
    for person in (owner, seeker):
        application = make_application(person, date_applied=datetime.date(2026, 9, 9))
        interview = make_interview(
            application,
            scheduled_at=at(12, 10),
            outcome=Interview.Outcome.REJECTED,
            outcome_date=datetime.date(2026, 10, 20),
        )
        make_feedback_request(
            interview,
            status=FeedbackRequest.Status.RECEIVED,
            requested_on=datetime.date(2026, 10, 21),
            received_on=datetime.date(2026, 11, 2),
        )
        make_interview(
            application,
            scheduled_at=at(3),
            outcome=Interview.Outcome.OFFER,
            outcome_date=datetime.date(2026, 11, 9),
        )
        make_debrief(interview)
        # Written before the "no" came: no days from the rejection to count.
        early = make_interview(
            make_application(person),
            scheduled_at=at(1, 10),
            outcome=Interview.Outcome.REJECTED,
            outcome_date=datetime.date(2026, 11, 30),
        )
        make_debrief(early)
    assert stored(owner)[NOVEMBER]["rejection_to_debrief_days"] == [36]
    kept = {person.pk: stored(person) for person in (owner, seeker)}
    call_command("rebuild_summaries", stdout=io.StringIO())
    assert {person.pk: stored(person) for person in (owner, seeker)} == kept


# --- A service's months: the sums over the clients it counts now ---------------------------------


def live_service_months(organisation) -> dict:
    """The oracle: who the service counts now, from consent and memberships, and their rows."""
    from debrief.models import AdviserAccess, Membership

    advisers = Membership.objects.filter(
        organisation=organisation, deactivated_at__isnull=True, user__role="adviser"
    ).values("user")
    clients = set(
        AdviserAccess.objects.filter(
            adviser__in=advisers, status="active", client__is_active=True
        ).values_list("client", flat=True)
    )
    months: dict = {}
    for row in ClientMonthSummary.objects.filter(client__in=clients):
        total = months.setdefault(
            row.month, {"active_clients": 0, "median_days_clients": 0, "debrief_days": {}}
        )
        for day in row.rejection_to_debrief_days:
            total["debrief_days"][str(day)] = total["debrief_days"].get(str(day), 0) + 1
        figures = [getattr(row, key) for key in FIGURES[:-1]]
        total["active_clients"] += any(figures)
        total["median_days_clients"] += bool(row.rejection_to_debrief_days)
        for key in FIGURES[:-1]:
            total[key] = total.get(key, 0) + getattr(row, key)
            total[f"{key}_clients"] = total.get(f"{key}_clients", 0) + (getattr(row, key) > 0)
    return {month: total for month, total in months.items() if any(total.values())}


def kept_service_months(organisation) -> dict:
    from debrief.models import ServiceMonthSummary

    kept = {}
    for row in ServiceMonthSummary.objects.filter(organisation=organisation).values():
        figures = {
            key: value
            for key, value in row.items()
            if key not in ("id", "organisation_id", "month")
        }
        if any(figures.values()):
            kept[row["month"]] = figures
    return kept


def test_a_services_months_follow_consent_memberships_and_accounts(seeker, owner):
    from debrief.models import AdviserAccess, Membership, User
    from tests.factories import grant_access, make_member, make_organisation

    service = make_organisation()
    alex = make_member(service, "alex@service.example", "Alex")
    ben = make_member(service, "ben@service.example", "Ben")
    for person in (seeker, owner):
        interview = make_interview(
            make_application(person, date_applied=datetime.date(2026, 10, 9)),
            scheduled_at=at(12, 10),
            outcome=Interview.Outcome.REJECTED,
            outcome_date=datetime.date(2026, 10, 20),
        )
        make_debrief(interview)

    def check():
        assert kept_service_months(service) == live_service_months(service)

    grant_access(seeker, alex)
    grant_access(owner, alex)
    grant_access(owner, ben)  # counted once
    check()
    assert kept_service_months(service)[OCTOBER]["applications"] == 2
    make_application(seeker, date_applied=datetime.date(2026, 10, 30))
    check()
    Membership.objects.filter(user=alex).update(deactivated_at=at(20))
    check()
    assert kept_service_months(service)[OCTOBER]["applications"] == 1
    User.objects.filter(pk=ben.pk).update(role=User.Role.JOB_SEEKER)
    check()
    assert OCTOBER not in kept_service_months(service)
    User.objects.filter(pk=ben.pk).update(role=User.Role.ADVISER)
    Membership.objects.filter(user=alex).update(deactivated_at=None)
    check()
    User.objects.filter(pk=seeker.pk).update(is_active=False)
    check()
    AdviserAccess.objects.filter(client=owner, adviser=ben).delete()
    check()
    AdviserAccess.objects.filter(client=owner).update(status=AdviserAccess.Status.REVOKED)
    check()
    assert kept_service_months(service) == {}


def test_an_interview_closed_with_no_response_is_neither_an_offer_nor_a_rejection(owner):
    from debrief.services.silence import silence_answer

    application = make_application(owner, date_applied=datetime.date(2026, 10, 1))
    interview = make_interview(application, scheduled_at=at(2))
    debrief = make_debrief(interview)
    Debrief.objects.filter(pk=debrief.pk).update(created_at=at(20))
    assert silence_answer(
        owner=owner, item=interview, close=True, today=datetime.date(2026, 11, 24)
    )
    assert stored(owner) == recounted(owner)
    assert stored(owner)[NOVEMBER]["offers"] == 0
    assert stored(owner)[NOVEMBER]["rejection_to_debrief_days"] == []
