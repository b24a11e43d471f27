"""The applications counted by status (DashboardCount's "application_status") stay exact whatever
changes the applications: the database keeps them, so bulk statements and owner moves count too."""

import datetime

import pytest
from django.db.models import Count
from django.urls import reverse

from debrief.models import Application, DashboardCount
from tests.factories import make_application

pytestmark = pytest.mark.django_db

Status = Application.Status


def counted(user) -> dict[str, int]:
    return DashboardCount.application_statuses(user)


def actual(user) -> dict[str, int]:
    return dict(
        Application.objects.filter(owner=user)
        .order_by()
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )


def test_it_counts_applications_added_one_by_one_and_in_bulk(owner):
    make_application(owner)
    Application.objects.bulk_create(
        [
            Application(owner=owner, employer=f"Firm {n}", role_title="Analyst", status=status)
            for n, status in enumerate([Status.APPLIED, Status.REJECTED, Status.REJECTED])
        ]
    )

    assert counted(owner) == {"applied": 2, "rejected": 2}
    assert counted(owner) == actual(owner)


def test_it_moves_a_changed_status_from_one_count_to_the_other(owner):
    application = make_application(owner)
    make_application(owner)

    application.change_status(Status.INTERVIEWING)
    Application.objects.filter(owner=owner, status=Status.APPLIED).update(status=Status.REJECTED)

    assert counted(owner) == {"interviewing": 1, "rejected": 1}
    assert counted(owner) == actual(owner)


def test_it_forgets_deleted_applications(owner):
    kept = make_application(owner)
    make_application(owner).delete()
    make_application(owner, status=Status.OFFER)
    make_application(owner, status=Status.OFFER)

    Application.objects.filter(owner=owner, status=Status.OFFER).delete()

    assert counted(owner) == {"applied": 1}
    assert counted(owner) == actual(owner)
    kept.delete()
    assert counted(owner) == {}


def test_an_application_moved_to_another_owner_is_counted_for_the_new_owner_only(owner, stranger):
    moved = make_application(owner, status=Status.REJECTED)
    make_application(owner, status=Status.REJECTED)
    make_application(stranger)

    Application.objects.filter(pk=moved.pk).update(owner=stranger, status=Status.WITHDRAWN)

    assert counted(owner) == {"rejected": 1} == actual(owner)
    assert counted(stranger) == {"applied": 1, "withdrawn": 1} == actual(stranger)


def test_deleting_an_account_takes_its_counts_with_it(owner, stranger):
    make_application(owner)
    make_application(stranger)

    owner.delete()

    assert not DashboardCount.objects.filter(owner_id=owner.pk).exists()
    assert counted(stranger) == {"applied": 1}


def test_the_list_shows_the_counts_after_a_bulk_change(owner_client, owner):
    for employer in ("Acme", "Beta", "Gamma"):
        make_application(owner, employer=employer)

    Application.objects.filter(employer="Beta").update(status=Status.REJECTED)
    page = owner_client.get(reverse("debrief:application-list")).text

    assert "All (3)" in page
    assert "Applied (2)" in page
    assert "Rejected (1)" in page


def test_an_application_closed_by_the_silence_clock_counts_as_no_response(owner):
    from debrief.models import Interview, SilenceAnswer
    from debrief.services.silence import silence_answer
    from tests.factories import make_interview

    waiting = make_application(owner, date_applied=datetime.date(2026, 1, 1))
    interviewed = make_application(owner, date_applied=datetime.date(2026, 1, 1))
    interview = make_interview(
        interviewed,
        scheduled_at=datetime.datetime(2026, 1, 10, 10, tzinfo=datetime.UTC),
    )
    today = datetime.date(2026, 3, 1)
    assert silence_answer(owner=owner, item=waiting, close=True, today=today)
    assert silence_answer(owner=owner, item=interview, close=True, today=today)
    interview.refresh_from_db()
    assert interview.outcome == Interview.Outcome.NO_RESPONSE
    assert SilenceAnswer.objects.count() == 2
    assert counted(owner) == actual(owner) == {Status.NO_RESPONSE: 2}
