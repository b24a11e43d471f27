"""A careers service's outcome report at /service/report/: for its service admins only, over the
clients who share with its current advisers now, anonymised (no cell from fewer than 5 clients),
with a CSV of the same cells."""

import csv
import datetime
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from debrief.models import (
    AdviserAccess,
    Application,
    Debrief,
    FeedbackRequest,
    Interview,
    Membership,
)
from debrief.services.service_report import MEASURES
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
COUNT_LABELS = [m.label for m in MEASURES if not m.is_median]


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


def active_client(number: int, adviser, *, prefix: str = "client", applications: int = 1):
    """A client sharing with `adviser` who, in October 2026, applied (`applications` times),
    was interviewed, turned down on the 10th, wrote the debrief on the 13th, asked for
    feedback and got it."""
    person = make_user(f"{prefix}{number}@example.com", f"Person {prefix} {number}")
    grant_access(person, adviser)
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
        found[heading] = body[0].text
        found[f"{heading} (total)"] = body[-1].text
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
    assert set(cells(page).values()) == {"fewer than 5"}
    assert "Person" not in page


# --- What it counts -----------------------------------------------------------------------------


def test_it_counts_each_measure_from_five_clients(admin_client, alex, service):
    ben = make_member(service, "ben@northshire.example", "Ben Adviser")
    for number in range(3):
        active_client(number, alex)
    for number in range(3, 6):
        active_client(number, ben, applications=2)
    # An offer for two of them and a slower debrief for one: still from six clients each.
    for interview in Interview.objects.filter(owner__email__in=["client0@example.com"]):
        application = interview.application
        offer = make_interview(
            application,
            scheduled_at=october(20),
            outcome=Interview.Outcome.OFFER,
            outcome_date=datetime.date(2026, 10, 22),
        )
        assert offer.pk

    response = admin_client.get(REPORT, OCTOBER)

    figures = cells(response.text)
    assert figures["Clients active"] == "6"
    assert figures["Applications"] == "9"
    assert figures["Interviews reached"] == "7"
    # One client's offer: fewer than 5 clients behind it.
    assert figures["Offers"] == "fewer than 5"
    assert figures["Feedback requested"] == "6"
    assert figures["Feedback received"] == "6"
    assert figures["Debriefs written"] == "6"
    assert figures["Median days from rejection to debrief"] == "3"
    assert figures["Applications (total)"] == "9"


def test_a_figure_from_four_clients_is_hidden_however_large(admin_client, alex):
    for number in range(4):
        active_client(number, alex, applications=5)
    figures = cells(admin_client.get(REPORT, OCTOBER).text)
    assert figures["Applications"] == "fewer than 5"
    assert figures["Applications (total)"] == "fewer than 5"
    assert figures["Clients active"] == "fewer than 5"
    assert "20" not in figures.values()


def test_a_client_who_revokes_leaves_the_report_at_once(admin_client, alex):
    people = [active_client(number, alex) for number in range(5)]
    assert cells(admin_client.get(REPORT, OCTOBER).text)["Clients active"] == "5"

    AdviserAccess.objects.filter(client=people[0]).update(
        status=AdviserAccess.Status.REVOKED, ended_at=timezone.now()
    )

    assert cells(admin_client.get(REPORT, OCTOBER).text)["Clients active"] == "fewer than 5"


def test_a_deactivated_advisers_clients_are_left_out(admin_client, alex, service):
    ben = make_member(service, "ben@northshire.example", "Ben Adviser")
    for number in range(5):
        active_client(number, alex)
    for number in range(5, 8):
        active_client(number, ben)
    assert cells(admin_client.get(REPORT, OCTOBER).text)["Clients active"] == "8"

    Membership.objects.filter(user=ben).update(deactivated_at=timezone.now())

    assert cells(admin_client.get(REPORT, OCTOBER).text)["Clients active"] == "5"


def test_a_client_of_two_advisers_of_the_service_counts_once(admin_client, alex, service):
    ben = make_member(service, "ben@northshire.example", "Ben Adviser")
    people = [active_client(number, alex) for number in range(5)]
    grant_access(people[0], ben)
    assert cells(admin_client.get(REPORT, OCTOBER).text)["Applications"] == "5"


def test_pending_or_declined_requests_are_not_sharing(admin_client, alex):
    for number in range(4):
        active_client(number, alex)
    fifth = active_client(4, alex)
    AdviserAccess.objects.filter(client=fifth).update(status=AdviserAccess.Status.PENDING)
    assert cells(admin_client.get(REPORT, OCTOBER).text)["Clients active"] == "fewer than 5"


# --- Never a count under five -------------------------------------------------------------------

NUMBER = re.compile(r"^[\d,.]+$")


@pytest.mark.parametrize("sizes", [(4, 1), (5, 0), (6, 3), (2, 9)])
def test_no_count_shown_anywhere_comes_from_fewer_than_five(admin_client, alex, sizes):
    """Two months with different numbers of clients: every count cell on the page, in the
    chart and in the CSV is either a count of at least 5 or "fewer than 5"."""
    in_october, in_november = sizes
    for number in range(in_october):
        active_client(number, alex)
    for number in range(in_november):
        person = make_user(f"nov{number}@example.com", "November Person")
        grant_access(person, alex)
        make_application(person, date_applied=datetime.date(2026, 11, 3))
    query = {"first_month": "2026-09", "last_month": "2026-11"}

    page = parse(admin_client.get(REPORT, query).text)
    for section in (e for e in page.iter() if e.tag == "section"):
        heading = next(e.text for e in section.iter() if e.tag == "h2")
        for cell in (e for e in section.iter() if e.tag == "td"):
            if heading.startswith("Median"):
                assert cell.text == "fewer than 5" or NUMBER.match(cell.text)
                continue
            assert cell.text == "fewer than 5" or int(cell.text.replace(",", "")) >= 5
        for label in (e for e in section.iter() if e.tag == "text"):
            # (a year under the months is four digits without a comma)
            if NUMBER.match(label.text) and len(label.text) != 4 and "Median" not in heading:
                assert int(label.text.replace(",", "")) >= 5

    rows = csv_rows(admin_client.get(CSV, query))
    header = rows[0]
    for row in rows[1:]:
        for label, value in zip(header[1:], row[1:], strict=True):
            if label.startswith("Median"):
                assert value == "fewer than 5" or NUMBER.match(value)
            else:
                assert value == "fewer than 5" or int(value.replace(",", "")) >= 5


# --- The range ----------------------------------------------------------------------------------


def test_it_shows_the_last_twelve_months_unless_told(admin_client):
    response = admin_client.get(REPORT)
    page = parse(response.text)
    assert response.status_code == 200
    first = next(e for e in page.iter() if e.attrs.get("name") == "first_month")
    last = next(e for e in page.iter() if e.attrs.get("name") == "last_month")
    assert (first.attrs["value"], last.attrs["value"]) == ("2025-12", "2026-11")
    table = next(e for e in page.iter() if e.tag == "tbody")
    months = [row.text.split(" fewer")[0] for row in table.iter() if row.tag == "tr"]
    assert len(months) == 12
    assert months[0] == "December 2025"
    assert months[-1] == "November 2026"


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


def test_the_csv_has_the_same_cells_as_the_page(admin_client, alex):
    for number in range(5):
        active_client(number, alex)
    for number in range(5, 7):
        active_client(number, alex, prefix="few")
    Application.objects.filter(owner__email__startswith="few").update(
        date_applied=datetime.date(2026, 9, 9)
    )
    query = {"first_month": "2026-09", "last_month": "2026-10"}

    response = admin_client.get(CSV, query)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="outcome-report-2026-09-to-2026-10.csv"' in response["Content-Disposition"]
    rows = csv_rows(response)
    assert rows[0] == ["Month", *(m.label for m in MEASURES)]
    assert rows[1][:3] == ["2026-09", "fewer than 5", "fewer than 5"]
    assert rows[2][:3] == ["2026-10", "7", "5"]
    assert rows[3][0] == "Total of the months shown"
    assert rows[3][2] == "5"
    assert not any("Person" in value or "@" in value for row in rows for value in row)


# --- Fixed cost ---------------------------------------------------------------------------------


def test_it_makes_the_same_few_queries_for_5_and_60_clients(
    admin_client, alex, django_assert_max_num_queries
):
    counts = []
    for start, size in ((0, 5), (5, 55)):
        for number in range(start, start + size):
            active_client(number, alex)
        with (
            django_assert_max_num_queries(6),
            CaptureQueriesContext(connection) as queries,
        ):
            response = admin_client.get(REPORT, OCTOBER)
        assert response.status_code == 200
        counts.append(len(queries))
    # Session, user, authenticator, the report; the rest is the request's transaction.
    assert counts[0] == counts[1]
    assert cells(response.text)["Clients active"] == "60"


# --- Accounts that go -----------------------------------------------------------------------------


def test_a_client_who_deletes_their_account_leaves_the_report(client, admin, alex):
    people = [active_client(number, alex) for number in range(5)]
    client.force_login(people[0])
    response = client.post(
        "/settings/delete-account/", {"password": "correct-horse-battery-staple"}
    )
    assert response.status_code == 302
    sign_in_verified(client, admin)
    assert cells(client.get(REPORT, OCTOBER).text)["Clients active"] == "fewer than 5"


def test_an_adviser_who_deletes_their_account_takes_their_clients_out(client, admin, alex, service):
    ben = make_member(service, "ben@northshire.example", "Ben Adviser")
    for number in range(5):
        active_client(number, alex)
    for number in range(5, 7):
        active_client(number, ben)
    sign_in_verified(client, ben)
    response = client.post(
        "/settings/delete-account/", {"password": "correct-horse-battery-staple"}
    )
    assert response.status_code == 302
    sign_in_verified(client, admin)
    assert cells(client.get(REPORT, OCTOBER).text)["Clients active"] == "5"


# --- The median -----------------------------------------------------------------------------------


def test_the_median_of_an_even_number_of_debriefs_is_the_mean_of_the_middle_two(admin_client, alex):
    for number in range(6):
        active_client(number, alex)
    # Three debriefs written 3 days after the "no", three written 6 days after: 4.5.
    for debrief in Debrief.objects.filter(
        interview__owner__email__in=[
            "client3@example.com",
            "client4@example.com",
            "client5@example.com",
        ]
    ):
        Debrief.objects.filter(pk=debrief.pk).update(created_at=october(16))
    figures = cells(admin_client.get(REPORT, OCTOBER).text)
    assert figures["Median days from rejection to debrief"] == "4.5"
    assert figures["Median days from rejection to debrief (total)"] == "4.5"


def test_a_median_from_four_clients_is_hidden(admin_client, alex):
    for number in range(5):
        active_client(number, alex)
    Debrief.objects.filter(interview__owner__email="client0@example.com").delete()
    figures = cells(admin_client.get(REPORT, OCTOBER).text)
    assert figures["Debriefs written"] == "fewer than 5"
    assert figures["Median days from rejection to debrief"] == "fewer than 5"
    assert figures["Median days from rejection to debrief (total)"] == "fewer than 5"
    assert figures["Applications"] == "5"
