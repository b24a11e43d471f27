"""The caseload page is written once and kept until it can change (services/caseload_body.py): a
visit between two changes reads no client, every kind of change the caseload shows is on the very
next visit, and so is every moment a reason for attention starts or ends with time alone."""

import datetime
import re
import threading

import psycopg
import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from debrief.models import (
    AccessStatus,
    ActionSuggestion,
    AdviserAccess,
    Application,
    ClientTag,
    ClientTagging,
    FeedbackRequest,
    Interview,
    RecordVersion,
    User,
)
from debrief.services import cohorts
from debrief.views.adviser import write_body
from tests.adviser_helpers import sign_in_verified
from tests.factories import (
    grant_access,
    make_application,
    make_feedback_request,
    make_interview,
    make_user,
)
from tests.test_record_version_triggers import tables_read, triggered_events

pytestmark = pytest.mark.django_db

CASELOAD = "/adviser/"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


@pytest.fixture
def sam(adviser, clock):
    person = make_user("sam@example.com", "Sam Client")
    grant_access(person, adviser)
    make_application(person, employer="Globex")
    return person


def page(client, **asked) -> str:
    response = client.get(CASELOAD, asked)
    assert response.status_code == 200
    return TOKEN.sub('name="csrfmiddlewaretoken" value=""', response.text)


def test_a_visit_between_two_changes_pastes_the_page_and_reads_no_client(
    adviser_client, sam, django_assert_max_num_queries
):
    first = page(adviser_client)
    with django_assert_max_num_queries(6) as kept:
        again = page(adviser_client)

    assert again == first
    assert "Sam Client" in again
    read = " ".join(query["sql"] for query in kept.captured_queries)
    for table in ("debrief_caseloadfigures", "debrief_interview", "debrief_clienttagging"):
        assert table not in read


def kept_pages() -> int:
    return sum("caseload-page" in key for key in cache._cache)


def test_a_search_is_written_on_every_visit_not_kept(adviser_client, sam):
    assert "Sam Client" in page(adviser_client, q="Sam")
    assert "Sam Client" in page(adviser_client, q="Sam")
    assert kept_pages() == 0

    page(adviser_client, sort="activity")
    assert kept_pages() == 1


@pytest.mark.parametrize(
    "address",
    [
        "?x=1",
        "?page=01",
        "?page=9",
        "?sort=name&sort=name",
        "?sort=bogus",
        "?attention=yes",
        "?tag=999999",
        "?q=%20",
    ],
)
def test_only_the_addresses_the_page_writes_itself_are_kept(adviser_client, sam, address):
    response = adviser_client.get(CASELOAD + address)
    assert response.status_code == 200
    assert kept_pages() == 0


def test_the_addresses_of_the_pages_own_form_and_links_are_kept(adviser_client, adviser, sam):
    tag = ClientTag.objects.create(adviser=adviser, name="Grads")
    for address in (
        "",
        "?q=&sort=name&tag=&attention=on",
        f"?q=&sort=overdue&tag={tag.pk}",
        "?sort=activity&page=1",
        # The same addresses written another way: the same pages.
        "?attention=on&sort=name",
        "?page=1",
        "?sort=activity",
    ):
        assert adviser_client.get(CASELOAD + address).status_code == 200
    assert kept_pages() == 4


# Each kind of change the caseload shows, made as the application (or an operator) makes it, and
# what the next visit must say.
def new_no(sam, adviser):
    make_interview(
        make_application(sam, employer="Initech"),
        scheduled_at=timezone.now() - datetime.timedelta(days=6),
        outcome=Interview.Outcome.REJECTED,
        outcome_date=timezone.localdate() - datetime.timedelta(days=4),
    )
    return "with no debrief after 3 days"


def renamed(sam, adviser):
    sam.display_name = "Samantha Client"
    sam.save()
    return "Samantha Client"


def new_address(sam, adviser):
    User.objects.filter(pk=sam.pk).update(email="samantha@example.com")
    return "samantha@example.com"


def new_client(sam, adviser):
    grant_access(make_user("kim@example.com", "Kim Newcomer"), adviser)
    return "Kim Newcomer"


def tagged(sam, adviser):
    ClientTagging.objects.create(
        tag=ClientTag.objects.create(adviser=adviser, name="Grads"), client=sam
    )
    return "Tags: Grads"


def suggestion_waiting(sam, adviser):
    ActionSuggestion.objects.create(
        adviser=adviser,
        client=sam,
        text="Call Acme",
        created_at=timezone.now() - datetime.timedelta(days=15),
    )
    return "Your suggested action unanswered for 14 days"


def contact_due(sam, adviser):
    AdviserAccess.objects.filter(client=sam).update(next_contact_on=timezone.localdate())
    return "Due for contact"


CHANGES = [new_no, renamed, new_address, new_client, tagged, suggestion_waiting, contact_due]


@pytest.mark.parametrize("change", CHANGES, ids=[change.__name__ for change in CHANGES])
def test_every_change_the_caseload_shows_is_on_the_next_visit(adviser_client, adviser, sam, change):
    before = page(adviser_client)
    expected = change(sam, adviser)

    assert expected not in before
    assert expected in page(adviser_client)


def test_a_change_made_while_the_page_is_written_is_on_the_next_visit(
    adviser_client, adviser, sam, monkeypatch
):
    tag = ClientTag.objects.create(adviser=adviser, name="Grads")
    tags_for = cohorts.tags_for

    def renamed_just_after_reading(reader):
        found = tags_for(reader)
        ClientTag.objects.filter(pk=tag.pk).update(name="Graduates 2026")
        return found

    monkeypatch.setattr(cohorts, "tags_for", renamed_just_after_reading)
    assert "Tag: Grads<" in page(adviser_client)  # the name as read, before the change
    monkeypatch.undo()

    assert "Tag: Graduates 2026<" in page(adviser_client)


@pytest.mark.django_db(transaction=True)
def test_a_consent_given_while_a_write_to_the_record_is_in_flight_waits_for_it(adviser):
    # Otherwise the adviser could read the caseload after the consent and before the write
    # commits, and keep it under a version the write never moves (its statement read the
    # consents before the consent committed).
    sam = make_user("sam@example.com", "Sam Client")
    access = AdviserAccess.objects.create(client=sam, adviser=adviser, status=AccessStatus.PENDING)
    consent = psycopg.connect(**connection.get_connection_params(), autocommit=True)
    try:
        with transaction.atomic():
            make_application(sam, employer="Initech")
            consent.execute("SET lock_timeout = '300ms'")
            with pytest.raises(psycopg.errors.LockNotAvailable):
                consent.execute(
                    "UPDATE debrief_adviseraccess SET status = %s, granted_at = now() "
                    "WHERE id = %s",
                    [AccessStatus.ACTIVE, access.pk],
                )
    finally:
        consent.close()


@pytest.mark.django_db(transaction=True)
def test_a_write_to_the_record_in_flight_after_a_consent_moves_the_advisers_version(adviser):
    # The other order: the consent holds the client's version first; the write waits for it and
    # its advisers' statement, run after, sees the consent, so the adviser's version moves again.
    sam = make_user("sam@example.com", "Sam Client")
    application = make_application(sam)
    access = AdviserAccess.objects.create(client=sam, adviser=adviser, status=AccessStatus.PENDING)
    before = version(adviser)
    consent = psycopg.connect(**connection.get_connection_params())
    consent.execute(
        "UPDATE debrief_adviseraccess SET status = %s, granted_at = now() WHERE id = %s",
        [AccessStatus.ACTIVE, access.pk],
    )

    def write():  # one statement
        Application.objects.filter(pk=application.pk).update(employer="Initech")
        connection.close()

    writer = threading.Thread(target=write)
    writer.start()
    writer.join(0.5)
    assert writer.is_alive()  # waiting for the consent
    consent.commit()
    consent.close()
    writer.join(10)

    assert version(adviser) == before + 2  # the consent's move, then the write's


def version(person) -> int:
    return RecordVersion.objects.get(user=person).version


def test_a_tag_renamed_or_taken_off_and_consent_ended_are_on_the_next_visit(
    adviser_client, adviser, sam
):
    tag = ClientTag.objects.create(adviser=adviser, name="Grads")
    tagging = ClientTagging.objects.create(tag=tag, client=sam)
    assert "Tags: Grads" in page(adviser_client)

    ClientTag.objects.filter(pk=tag.pk).update(name="Graduates 2026")
    assert "Tags: Graduates 2026" in page(adviser_client)

    tagging.delete()
    assert "Tags: Graduates 2026" not in page(adviser_client)

    AdviserAccess.objects.filter(client=sam).update(status=AccessStatus.REVOKED)
    assert "Sam Client" not in page(adviser_client)


# Each reason that starts with time alone, an hour before it does: no write comes between the
# two visits, only the clock.
def interview_within_the_week(sam, now):
    make_interview(
        make_application(sam, employer="Hooli"),
        scheduled_at=now + datetime.timedelta(days=7, hours=1),
        outcome=Interview.Outcome.AWAITING,
    )
    return "a chance to prepare"


def interview_started(sam, now):
    make_interview(
        make_application(sam, employer="Hooli"),
        scheduled_at=now + datetime.timedelta(hours=1),
        outcome=Interview.Outcome.AWAITING,
    )
    # Upcoming, then in the last 30 days: the "upcoming interviews" cell says None again.
    return "None</span></td>"


def request_unsent(sam, now):
    interview = make_interview(make_application(sam, employer="Hooli"))
    request = make_feedback_request(interview, status=FeedbackRequest.Status.NOT_SENT)
    FeedbackRequest.objects.filter(pk=request.pk).update(
        created_at=now - datetime.timedelta(days=2) + datetime.timedelta(hours=1)
    )
    return "A feedback request not sent for 2 days"


def suggestion_unanswered(sam, now):
    ActionSuggestion.objects.create(
        adviser=AdviserAccess.objects.get(client=sam).adviser,
        client=sam,
        text="Call Acme",
        created_at=now - datetime.timedelta(days=14) + datetime.timedelta(hours=1),
    )
    return "Your suggested action unanswered for 14 days"


def quiet_for_three_weeks(sam, now):
    sam.applications.all().delete()
    AdviserAccess.objects.filter(client=sam).update(
        granted_at=now - datetime.timedelta(days=21) + datetime.timedelta(hours=1)
    )
    return "No activity since sharing their record"


AFTER_A_WHILE = [
    interview_within_the_week,
    interview_started,
    request_unsent,
    suggestion_unanswered,
    quiet_for_three_weeks,
]


@pytest.mark.parametrize("start", AFTER_A_WHILE, ids=[start.__name__ for start in AFTER_A_WHILE])
def test_a_reason_that_starts_with_time_alone_is_on_the_first_visit_after_it_does(
    adviser_client, sam, clock, start
):
    moment = clock.now + datetime.timedelta(hours=1)  # the same day
    expected = start(sam, clock.now)
    before = page(adviser_client)

    clock.move_to(moment - datetime.timedelta(seconds=1))
    with CaptureQueriesContext(connection) as read:
        assert page(adviser_client) == before  # still right
    assert "debrief_caseloadfigures" not in str(read.captured_queries)  # and kept

    clock.move_to(moment)
    assert expected not in before
    assert expected in page(adviser_client)


def test_an_interview_leaving_the_last_30_days_reorders_the_caseload_on_the_next_visit(
    adviser_client, adviser, sam, clock
):
    grant_access(make_user("kim@example.com", "Kim Client"), adviser)
    make_interview(
        make_application(sam, employer="Hooli"),
        scheduled_at=clock.now - datetime.timedelta(days=30) + datetime.timedelta(hours=1),
    )

    def first_in_table(text: str) -> str:
        rows = text.split("<tbody>")[1]
        return "Sam" if rows.index("Sam Client") < rows.index("Kim Client") else "Kim"

    # By interviews in the last 30 days, most first (then by name).
    assert first_in_table(page(adviser_client, sort="interviews")) == "Sam"
    clock.move_to(clock.now + datetime.timedelta(hours=1))
    assert first_in_table(page(adviser_client, sort="interviews")) == "Sam"  # the last moment
    clock.move_to(clock.now + datetime.timedelta(seconds=1))
    assert first_in_table(page(adviser_client, sort="interviews")) == "Kim"


def test_a_write_reaches_every_adviser_the_client_shares_with(adviser_client, adviser, sam):
    other = make_user("other.adviser@example.com", "Other Adviser", role=User.Role.ADVISER)
    grant_access(sam, other)
    others = Client()
    sign_in_verified(others, other)
    assert "Initech" not in page(adviser_client) + page(others)

    new_no(sam, adviser)

    assert "Initech" in page(adviser_client)
    assert "Initech" in page(others)


def test_a_client_who_deletes_their_account_leaves_the_caseload_at_once(adviser_client, sam):
    assert "Sam Client" in page(adviser_client)
    sam.delete()
    assert "Sam Client" not in page(adviser_client)


def test_a_follow_up_due_today_is_overdue_on_the_first_visit_tomorrow(adviser_client, sam, clock):
    interview = make_interview(make_application(sam, employer="Hooli"))
    make_feedback_request(
        interview,
        status=FeedbackRequest.Status.REQUESTED,
        requested_on=clock.today - datetime.timedelta(days=7),
        follow_up_due=clock.today,
    )
    overdue = "A feedback follow-up overdue since"
    assert overdue not in page(adviser_client)

    clock.move_to(clock.today + datetime.timedelta(days=1))

    assert overdue in page(adviser_client)


def test_each_adviser_and_each_language_has_a_page_of_its_own(adviser_client, adviser, sam):
    other = make_user("other.adviser@example.com", "Other Adviser", role=User.Role.ADVISER)
    grant_access(make_user("kim@example.com", "Kim Theirs"), other)
    others = Client()
    sign_in_verified(others, other)
    assert "Sam Client" in page(adviser_client)

    theirs = page(others)
    assert "Kim Theirs" in theirs
    assert "Sam Client" not in theirs

    User.objects.filter(pk=adviser.pk).update(language="cy")
    assert "Eich llwyth achosion" in page(adviser_client)


def test_a_kept_page_carries_each_visits_own_csrf_token(adviser, sam):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    sign_in_verified(first, adviser)
    sign_in_verified(second, adviser)
    first.get(CASELOAD)

    kept = second.get(CASELOAD).text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]*)"', kept).group(1)
    response = second.post(
        "/adviser/tags/add/",
        {"csrfmiddlewaretoken": token, "name": "Grads", "clients": [sam.pk]},
    )

    assert response.status_code == 302
    assert ClientTagging.objects.filter(client=sam, tag__name="Grads").exists()


# Kept by the triggers of the record's tables, which move the version themselves.
DERIVED = {"debrief_caseloadfigures", "debrief_dashboardcount", "debrief_recordversion"}
# Whether the adviser may act as one (a service can deactivate them): asked on every visit,
# before the page (views.adviser.adviser_required), so never kept.
ASKED_EVERY_VISIT = {"debrief_membership", "debrief_organisation"}


def test_every_table_the_written_page_reads_moves_the_advisers_version(adviser, sam, clock):
    request = RequestFactory().get(CASELOAD)
    request.user = adviser
    request.session = {}

    tables = tables_read(lambda: write_body(request, clock.now, clock.today))

    assert {"debrief_interview", "debrief_clienttagging", "debrief_actionsuggestion"} <= tables
    untriggered = {
        table: triggered_events(table)
        for table in tables - DERIVED - ASKED_EVERY_VISIT - {"debrief_user"}
        if triggered_events(table) != {"INSERT", "UPDATE", "DELETE"}
    }
    assert untriggered == {}
