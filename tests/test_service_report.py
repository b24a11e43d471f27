"""A careers service's outcome report at /service/report/: for its service admins only; a month
counts who shared their record with the service in it; every figure under HESA's rounding (counts
to the nearest 5, no median for 7 people or fewer, totals from the true figures)."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from debrief.models import (
    AdviserAccess,
    Debrief,
    FeedbackRequest,
    Interview,
    Membership,
)
from debrief.services import disclosure
from tests.adviser_helpers import sign_in_verified
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
from tests.html import errors_for, field_labelled, parse

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.frozen_at("2026-11-25T12:00:00Z"),
    pytest.mark.usefixtures("clock"),
]

REPORT = "/service/report/"
CSV = "/service/report/csv/"
OCTOBER = {"first_month": "2026-10", "last_month": "2026-10"}


@pytest.fixture
def service():
    return make_organisation("Northshire Careers")


@pytest.fixture
def admin(service):
    return make_member(service, "head@northshire.example", "Hana Head", Membership.Role.ADMIN)


@pytest.fixture
def alex(service):
    return make_member(service, "alex@northshire.example", "Alex Adviser")


@pytest.fixture
def admin_client(client, admin):
    sign_in_verified(client, admin)
    return client


def october(day: int) -> datetime.datetime:
    return datetime.datetime(2026, 10, day, 10, 0, tzinfo=datetime.UTC)


def share_since_september(person, adviser):
    access = grant_access(person, adviser)
    AdviserAccess.objects.filter(pk=access.pk).update(
        granted_at=datetime.datetime(2026, 9, 1, tzinfo=datetime.UTC)
    )
    return access


def active_client(number: int, adviser, *, prefix: str = "client", applications: int = 1):
    """A client sharing with `adviser` who, in October 2026, applied (`applications` times),
    was interviewed, turned down on the 10th, wrote the debrief on the 13th, asked for
    feedback and got it."""
    person = make_user(f"{prefix}{number}@example.com", f"Person {prefix} {number}")
    share_since_september(person, adviser)
    for _ in range(applications):
        application = make_application(person, date_applied=datetime.date(2026, 10, 2))
    interview = make_interview(
        application,
        scheduled_at=october(6),
        outcome=Interview.Outcome.REJECTED,
        outcome_date=datetime.date(2026, 10, 10),
    )
    debrief = make_debrief(interview)
    type(debrief).objects.filter(pk=debrief.pk).update(created_at=october(13))
    make_feedback_request(
        interview,
        status=FeedbackRequest.Status.RECEIVED,
        requested_on=datetime.date(2026, 10, 11),
        received_on=datetime.date(2026, 10, 16),
        outcome=FeedbackRequest.Outcome.SPECIFIC,
    )
    return person


def cells(html: str) -> dict[str, str]:
    """Each measure's October figure and total, by its label, as the page shows them."""
    page = parse(html)
    found = {}
    for section in page.iter():
        if section.tag != "section":
            continue
        heading = next(e.text for e in section.iter() if e.tag == "h2")
        body = [e for e in section.iter() if e.tag == "td"]
        found[heading] = body[0].text.split(" (")[0]
        found[f"{heading} (why)"] = body[0].text
        found[f"{heading} (total)"] = body[-1].text.split(" (")[0]
    return found


def csv_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


# --- Who may see it -----------------------------------------------------------------------------


def test_it_is_not_there_for_advisers_job_seekers_visitors_or_deactivated_admins(
    client, service, alex, admin, owner
):
    for path in (REPORT, CSV):
        assert client.get(path).status_code == 302  # to sign in
    sign_in_verified(client, alex)
    assert client.get(REPORT).status_code == 404
    assert client.get(CSV).status_code == 404
    client.force_login(owner)
    assert client.get(REPORT).status_code == 404
    assert client.get(CSV).status_code == 404
    Membership.objects.filter(user=admin).update(deactivated_at=timezone.now())
    sign_in_verified(client, admin)
    assert client.get(REPORT).status_code == 404


def test_it_is_not_there_for_a_job_seekers_account_with_an_admin_membership(client, service, owner):
    # Saving such a membership is refused; written around the model, it still opens nothing.
    Membership.objects.bulk_create(
        [Membership(organisation=service, user=owner, role=Membership.Role.ADMIN)]
    )
    client.force_login(owner)

    assert client.get(REPORT).status_code == 404
    assert client.get(CSV).status_code == 404


def test_a_service_admin_must_pass_the_two_step_check_first(client, admin):
    client.force_login(admin)
    response = client.get(REPORT)
    assert response.status_code == 302
    assert response.url.startswith("/adviser/2fa/")


def test_another_services_admin_sees_none_of_its_clients(client, alex):
    for number in range(6):
        active_client(number, alex)
    other = make_organisation("Southshire Careers")
    other_admin = make_member(other, "head@southshire.example", "Sol Head", Membership.Role.ADMIN)
    sign_in_verified(client, other_admin)
    page = client.get(REPORT, OCTOBER).text
    figures = cells(page)
    assert figures["Applications"] == "0"
    assert figures["Clients sharing their record"] == "0"
    assert figures["Median days from rejection to debrief"] == "not shown"
    assert "Person" not in page


# --- What it counts -----------------------------------------------------------------------------


def test_it_counts_each_measure_rounded_to_the_nearest_five(admin_client, alex):
    for number in range(12):
        active_client(number, alex)
    active_client(12, alex, applications=2)  # 14 applications in all
    figures = cells(admin_client.get(REPORT, OCTOBER).text)
    assert figures["Clients sharing their record"] == "15"  # 13
    assert figures["Clients active"] == "15"
    assert figures["Applications"] == "15"  # 14
    assert figures["Interviews reached"] == "15"
    assert figures["Offers"] == "0"
    assert figures["Feedback requested"] == "15"
    assert figures["Feedback received"] == "15"
    assert figures["Debriefs written"] == "15"
    assert figures["Median days from rejection to debrief"] == "3"


@pytest.mark.parametrize(
    ("people", "shown"),
    [(1, "0"), (2, "0"), (3, "5"), (7, "5"), (8, "10"), (12, "10"), (13, "15")],
)
def test_rounding_at_the_boundaries(admin_client, alex, people, shown):
    for number in range(people):
        active_client(number, alex)
    figures = cells(admin_client.get(REPORT, OCTOBER).text)
    assert figures["Clients active"] == shown
    assert figures["Applications"] == shown


def test_totals_come_from_the_true_figures_not_the_cells_shown(admin_client, alex):
    # Two applications a month for three months: each month rounds to 0, the six to 5.
    person = make_user("steady@example.com", "Steady Person")
    share_since_september(person, alex)
    for month in (8, 9, 10):
        for day in (3, 4):
            make_application(person, date_applied=datetime.date(2026, month, day))
    AdviserAccess.objects.filter(client=person).update(
        granted_at=datetime.datetime(2026, 8, 1, tzinfo=datetime.UTC)
    )
    page = admin_client.get(REPORT, {"first_month": "2026-08", "last_month": "2026-10"}).text
    assert cells(page)["Applications (total)"] == "5"
    rows = [r for r in csv_rows(admin_client.get(CSV, {"first_month": "2026-08",
            "last_month": "2026-10"})) if r[2] == "Applications"]  # fmt: skip
    assert [r[3] for r in rows] == ["0", "0", "0", "5"]
    assert rows[-1][0] == "2026-08 to 2026-10"


def test_a_client_active_in_several_months_counts_once_in_the_total(admin_client, alex):
    for number in range(8):
        person = active_client(number, alex)
        make_application(person, date_applied=datetime.date(2026, 9, 5))
    page = admin_client.get(REPORT, {"first_month": "2026-09", "last_month": "2026-10"}).text
    figures = cells(page)
    assert figures["Clients active (total)"] == "10"  # 8 different people, not 16
    assert figures["Applications (total)"] == "15"  # 16


def test_a_median_needs_more_than_seven_people(admin_client, alex):
    for number in range(7):
        active_client(number, alex)
    figures = cells(admin_client.get(REPORT, OCTOBER).text)
    assert figures["Median days from rejection to debrief"] == "not shown"
    assert figures["Median days from rejection to debrief (why)"] == (
        "not shown (7 people or fewer)"
    )
    assert figures["Median days from rejection to debrief (total)"] == "not shown"
    active_client(7, alex)
    figures = cells(admin_client.get(REPORT, OCTOBER).text)
    assert figures["Median days from rejection to debrief"] == "3"


def test_the_median_of_an_even_number_of_debriefs_is_the_mean_of_the_middle_two(admin_client, alex):
    for number in range(8):
        active_client(number, alex)
    # Four debriefs written 3 days after the "no", four written 6 days after: 4.5.
    Debrief.objects.filter(
        interview__owner__email__in=[f"client{n}@example.com" for n in range(4, 8)]
    ).update(created_at=october(16))
    figures = cells(admin_client.get(REPORT, OCTOBER).text)
    assert figures["Median days from rejection to debrief"] == "4.5"
    assert figures["Median days from rejection to debrief (total)"] == "4.5"


def test_pending_or_declined_requests_are_not_sharing(admin_client, alex):
    for number, status in enumerate(["pending", "declined", "pending"]):
        person = make_user(f"asked{number}@example.com", f"Asked {number}")
        AdviserAccess.objects.create(client=person, adviser=alex, status=status)
        make_application(person, date_applied=datetime.date(2026, 10, 2))
    figures = cells(admin_client.get(REPORT, OCTOBER).text)
    assert figures["Clients sharing their record"] == "0"
    assert figures["Applications"] == "0"


def test_a_month_counts_who_shared_in_it_and_a_later_revocation_moves_nothing(
    admin_client, alex, clock
):
    people = [active_client(number, alex) for number in range(8)]
    before = csv_rows(admin_client.get(CSV, OCTOBER))
    for person in people[:3]:
        AdviserAccess.objects.filter(client=person).update(status="revoked", ended_at=clock.now)
    assert csv_rows(admin_client.get(CSV, OCTOBER)) == before
    # Someone who only began sharing in November is not in October.
    late = make_user("late@example.com", "Late Sharer")
    grant_access(late, alex)
    make_application(late, date_applied=datetime.date(2026, 10, 2))
    assert csv_rows(admin_client.get(CSV, OCTOBER)) == before


# --- The range ----------------------------------------------------------------------------------


def test_it_shows_the_last_twelve_months_unless_told(admin_client):
    response = admin_client.get(REPORT)
    page = parse(response.text)
    assert response.status_code == 200
    first = next(e for e in page.iter() if e.attrs.get("name") == "first_month")
    last = next(e for e in page.iter() if e.attrs.get("name") == "last_month")
    assert (first.attrs["value"], last.attrs["value"]) == ("2025-12", "2026-11")
    table = next(e for e in page.iter() if e.tag == "tbody")
    months = [
        next(cell.text for cell in row.iter() if cell.tag == "th")
        for row in table.iter()
        if row.tag == "tr"
    ]
    assert len(months) == 12
    assert months[0] == "December 2025"
    assert months[-1] == "November 2026 to date"


@pytest.mark.parametrize(
    ("query", "label", "message"),
    [
        ({"first_month": "2026-13", "last_month": "2026-11"}, "From month", "year and a month"),
        ({"first_month": "2026-10", "last_month": "2026-09"}, "To month", "before the first"),
        ({"first_month": "2026-10", "last_month": "2027-01"}, "To month", "this month or"),
        ({"first_month": "2020-01", "last_month": "2026-01"}, "To month", "at most 36"),
        ({"first_month": "abc\x00", "last_month": "2026-01"}, "From month", "year and a month"),
    ],
)
def test_it_explains_a_bad_range_next_to_the_field_and_keeps_it(
    admin_client, query, label, message
):
    response = admin_client.get(REPORT, query)
    assert response.status_code == 200
    page = response.text
    assert message in " ".join(errors_for(page, label))
    kept = query["first_month" if label == "From month" else "last_month"].replace("\x00", "")
    assert field_labelled(page, label).attrs["value"].startswith(kept[:3])
    assert "Download these figures" not in page
    assert admin_client.get(CSV, query).status_code == 200
    assert "text/html" in admin_client.get(CSV, query)["Content-Type"]


# --- The CSV --------------------------------------------------------------------------------------


# --- Fixed cost ---------------------------------------------------------------------------------


def test_it_makes_the_same_few_queries_for_5_and_60_clients(
    admin_client, alex, django_assert_max_num_queries
):
    counts = []
    for start, size in ((0, 5), (5, 55)):
        for number in range(start, start + size):
            active_client(number, alex)
        with (
            django_assert_max_num_queries(7),
            CaptureQueriesContext(connection) as queries,
        ):
            response = admin_client.get(REPORT, OCTOBER)
        assert response.status_code == 200
        counts.append(len(queries))
    # Session, user, authenticator, the report, its audit entry; the rest is the transaction.
    assert counts[0] == counts[1]
    assert cells(response.text)["Clients active"] == "60"


# --- Accounts that go -----------------------------------------------------------------------------


def test_a_client_who_deletes_their_account_leaves_the_report(client, admin, alex):
    people = [active_client(number, alex) for number in range(8)]
    client.force_login(people[0])
    response = client.post(
        "/settings/delete-account/", {"password": "correct-horse-battery-staple"}
    )
    assert response.status_code == 302
    sign_in_verified(client, admin)
    figures = cells(client.get(REPORT, OCTOBER).text)
    assert figures["Clients active"] == "5"  # 7
    assert figures["Median days from rejection to debrief"] == "not shown"


def test_an_adviser_who_deletes_their_account_takes_their_clients_out(client, admin, alex, service):
    ben = make_member(service, "ben@northshire.example", "Ben Adviser")
    for number in range(5):
        active_client(number, alex)
    for number in range(5, 9):
        active_client(number, ben)
    sign_in_verified(client, ben)
    response = client.post(
        "/settings/delete-account/", {"password": "correct-horse-battery-staple"}
    )
    assert response.status_code == 302
    sign_in_verified(client, admin)
    assert cells(client.get(REPORT, OCTOBER).text)["Clients active"] == "5"


def test_it_explains_its_rule_in_one_sentence(admin_client):
    page = admin_client.get(REPORT).text
    assert disclosure.RULE in page
