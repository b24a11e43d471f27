"""The outcome report's per-client monthly figures are kept by the database, in every service the
client shares with (ServiceClientMonth): every write path (forms, the decision step, bulk
updates, deletions, a row moved to another month or owner) leaves them equal to the figures
recounted from the records themselves; and consent, memberships and accounts decide who each
month counts, as a Python oracle of issue 19's rule says."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from debrief.models import (
    AdviserAccess,
    Application,
    Debrief,
    FeedbackRequest,
    Interview,
    Membership,
    ServiceClientMonth,
    User,
)
from debrief.services.service_report import true_figures
from tests.factories import (
    grant_access,
    make_application,
    make_debrief,
    make_feedback_request,
    make_interview,
    make_member,
    make_organisation,
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


LONG_AGO = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)


@pytest.fixture
def service():
    return make_organisation("Northshire Careers")


@pytest.fixture(autouse=True)
def sharing(service, owner, seeker):
    """Both job seekers have shared their record with an adviser of the service since 2020, so
    every month of theirs is counted."""
    alex = make_member(service, "alex@northshire.example", "Alex Adviser")
    for person in (owner, seeker):
        grant_access(person, alex)
    AdviserAccess.objects.update(granted_at=LONG_AGO)
    return alex


def stored(client, service=None) -> dict:
    """The kept rows of a client (in the one service they share with), zero rows left out."""
    rows = ServiceClientMonth.objects.filter(client=client)
    if service is not None:
        rows = rows.filter(organisation=service)
    rows = rows.values()
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


# --- Who a month counts ---------------------------------------------------------------------------


def months_of(access: AdviserAccess) -> tuple[datetime.date, datetime.date | None]:
    """The first and last UTC month a consent covers (None: still open)."""

    def month(moment):
        return moment.astimezone(datetime.UTC).date().replace(day=1)

    return month(access.granted_at), access.ended_at and month(access.ended_at)


def counted_months(service, client) -> tuple[set[datetime.date], datetime.date | None]:
    """The oracle of issue 19's rule: the months a client shared with an adviser who belongs to
    the service (deactivated or not), and the month from which every month is (or None)."""
    advisers = Membership.objects.filter(organisation=service).values("user")
    covered, open_from = set(), None
    for access in AdviserAccess.objects.filter(
        client=client, adviser__in=advisers, granted_at__isnull=False
    ):
        first, last = months_of(access)
        if last is None:
            open_from = first if open_from is None else min(open_from, first)
            continue
        month = first
        while month <= last:
            covered.add(month)
            month = (month + datetime.timedelta(days=32)).replace(day=1)
    return covered, open_from


def oracle(service, *people) -> dict:
    """Every person's recounted months that the service counts."""
    expected = {}
    for person in people:
        if not User.objects.filter(pk=person.pk).exists():
            continue
        covered, open_from = counted_months(service, person)
        expected[person.pk] = {
            month: figures
            for month, figures in recounted(person).items()
            if month in covered or (open_from is not None and month >= open_from)
            if any(figures.values())
        }
    return expected


def kept(service, *people) -> dict:
    return {
        person.pk: stored(person, service)
        for person in people
        if User.objects.filter(pk=person.pk).exists()
    }


def sharing_in(service, month: datetime.date) -> int:
    by_month, _ = true_figures(organisation=service, first_month=month, last_month=month)
    return int(by_month[month]["sharing"])


def test_consent_memberships_and_accounts_decide_who_each_month_counts(
    service, sharing, owner, seeker, clock
):
    people = (owner, seeker)
    for person in people:
        for month in (8, 9, 10, 11):
            make_application(person, date_applied=datetime.date(2026, month, 3))
    AdviserAccess.objects.update(granted_at=at(15, 9))

    def check():
        assert kept(service, *people) == oracle(service, *people)

    check()
    assert set(stored(owner, service)) == {datetime.date(2026, month, 1) for month in (9, 10, 11)}
    # The owner stops sharing in October: November is no longer theirs to count.
    AdviserAccess.objects.filter(client=owner).update(
        status=AdviserAccess.Status.REVOKED, ended_at=at(20, 10)
    )
    check()
    assert NOVEMBER not in stored(owner, service)
    # Deactivating the adviser moves nothing; another adviser of the service shares November.
    Membership.objects.filter(user=sharing).update(deactivated_at=clock.now)
    check()
    ben = make_member(service, "ben@northshire.example", "Ben Adviser")
    grant_access(owner, ben)
    check()
    assert NOVEMBER in stored(owner, service)
    # Ben leaves the service's staff: his consent no longer counts for it.
    Membership.objects.filter(user=ben).delete()
    check()
    assert NOVEMBER not in stored(owner, service)
    # Another service's adviser counts for that service only.
    other = make_organisation("Southshire Careers")
    sol = make_member(other, "sol@southshire.example", "Sol Adviser")
    grant_access(seeker, sol)
    check()
    assert kept(other, seeker) == oracle(other, seeker)
    assert set(stored(seeker, other)) == {NOVEMBER}
    # An adviser who deletes their account takes their consents, and what they counted, away.
    User.objects.filter(pk=sharing.pk).delete()
    check()
    assert stored(seeker, service) == {}
    seeker.delete()
    assert not ServiceClientMonth.objects.filter(client_id=seeker.pk).exists()


def test_a_consent_still_open_counts_in_the_months_to_come_without_any_write(
    service, owner, seeker, clock
):
    AdviserAccess.objects.filter(client=owner).update(granted_at=at(10, 9))
    AdviserAccess.objects.filter(client=seeker).update(
        granted_at=at(10, 9), ended_at=at(5, 10), status=AdviserAccess.Status.REVOKED
    )
    assert sharing_in(service, datetime.date(2026, 8, 1)) == 0
    assert sharing_in(service, datetime.date(2026, 9, 1)) == 2
    assert sharing_in(service, datetime.date(2026, 10, 1)) == 2
    assert sharing_in(service, NOVEMBER) == 1
    clock.move_to(datetime.datetime(2027, 3, 2, 9, 0, tzinfo=datetime.UTC))
    assert sharing_in(service, datetime.date(2027, 3, 1)) == 1
    # Sharing again after a gap: counted in each stretch, once in a range spanning both.
    alex = AdviserAccess.objects.get(client=seeker).adviser
    grant_access(seeker, alex)
    assert sharing_in(service, datetime.date(2027, 2, 1)) == 1
    assert sharing_in(service, datetime.date(2027, 3, 1)) == 2
    _, total = true_figures(
        organisation=service,
        first_month=datetime.date(2026, 9, 1),
        last_month=datetime.date(2027, 3, 1),
    )
    assert total["sharing"] == 2


def test_two_consents_with_one_service_count_a_client_once(service, sharing, owner):
    ben = make_member(service, "ben@northshire.example", "Ben Adviser")
    grant_access(owner, ben)
    AdviserAccess.objects.filter(client=owner, adviser=ben).update(granted_at=at(3, 10))
    make_application(owner, date_applied=datetime.date(2026, 10, 20))
    assert sharing_in(service, datetime.date(2026, 10, 1)) == 2  # the owner and the seeker
    assert stored(owner, service)[datetime.date(2026, 10, 1)]["applications"] == 1
    assert ServiceClientMonth.objects.filter(client=owner, sharing_change=1).count() == 1


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
