"""The caseload's per-client figures are kept by the database: every write path (creates, edits,
bulk statements, deletions and their cascades, a row moved to another owner, a change in a related
table) leaves CaseloadFigures equal to the figures recounted from the records themselves."""

import datetime

import pytest
from django.db.models import Case, F, IntegerField, Value, When
from django.utils import timezone

from debrief.models import (
    ActionItem,
    Application,
    CaseloadFigures,
    DashboardCount,
    Debrief,
    FeedbackRequest,
    Interview,
    StarAnswer,
    User,
)
from tests.factories import (
    make_action_item,
    make_application,
    make_debrief,
    make_feedback_request,
    make_interview,
    make_star_answer,
    make_user,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.frozen_at("2026-11-25T12:00:00Z"),
    pytest.mark.usefixtures("clock"),
]


KINDS = ("application", "interview", "debrief", "feedback", "action", "answer")


def kept(client: User) -> dict:
    """What the caseload reads: CaseloadFigures, and the counts DashboardCount keeps."""
    row = CaseloadFigures.objects.filter(client=client).values().first()
    figures = recount_of_nothing()
    if row is not None:
        moments = [row[f"last_{kind}_at"] for kind in KINDS if row[f"last_{kind}_at"]]
        figures["last_activity"] = max(moments, default=None)
        figures["latest_outcome_id"] = row["latest_outcome_id"]
    for figure, key, value in DashboardCount.objects.filter(owner=client).values_list(
        "figure", "key", "value"
    ):
        if figure == "application_status":
            figures["applications"] += value
        elif figure == "open_actions":
            figures["open_actions"] += value
        elif figure == "awaiting_reply_due_on":
            figures["follow_ups_due"] += [datetime.date.fromisoformat(key)] * value
    figures["follow_ups_due"].sort()
    return figures


def recount_of_nothing() -> dict:
    return {
        "applications": 0,
        "open_actions": 0,
        "last_activity": None,
        "latest_outcome_id": None,
        "follow_ups_due": [],
    }


def recounted(client: User) -> dict:
    """The same figures counted again from the records, as the caseload used to: the oracle."""
    moments = [
        *Application.objects.filter(owner=client).values_list("updated_at", flat=True),
        *Interview.objects.filter(owner=client).values_list("updated_at", flat=True),
        *Debrief.objects.filter(interview__owner=client).values_list("updated_at", flat=True),
        *FeedbackRequest.objects.filter(interview__owner=client).values_list(
            "updated_at", flat=True
        ),
        *ActionItem.objects.filter(owner=client).values_list("updated_at", flat=True),
        *StarAnswer.objects.filter(owner=client).values_list("updated_at", flat=True),
    ]
    importance = Case(
        When(
            outcome=Interview.Outcome.OFFER,
            application__status__in=[Application.Status.OFFER, Application.Status.ACCEPTED],
            then=Value(0),
        ),
        default=Value(1),
        output_field=IntegerField(),
    )
    latest = (
        Interview.objects.filter(owner=client)
        .exclude(outcome=Interview.Outcome.AWAITING)
        .annotate(importance=importance)
        .order_by("importance", F("outcome_date").desc(nulls_last=True), "-scheduled_at", "-id")
        .values_list("id", flat=True)
        .first()
    )
    return {
        "applications": Application.objects.filter(owner=client).count(),
        "open_actions": ActionItem.objects.filter(
            owner=client, status=ActionItem.Status.OPEN
        ).count(),
        "last_activity": max(moments, default=None),
        "latest_outcome_id": latest,
        "follow_ups_due": sorted(
            FeedbackRequest.objects.awaiting_reply()
            .filter(interview__owner=client, follow_up_due__isnull=False)
            .values_list("follow_up_due", flat=True)
        ),
    }


def assert_exact(*clients: User) -> None:
    for client in clients:
        assert kept(client) == recounted(client), client.email


def later(clock, days: int = 1) -> None:
    clock.move_to(clock.now + datetime.timedelta(days=days))


@pytest.fixture
def ana():
    return make_user("ana@example.com", "Ana")


@pytest.fixture
def ben():
    return make_user("ben@example.com", "Ben")


def test_it_counts_a_new_record_and_a_record_with_nothing(ana, ben):
    application = make_application(ana, employer="Acme", status=Application.Status.REJECTED)
    interview = make_interview(application, outcome=Interview.Outcome.REJECTED)
    make_debrief(interview)
    make_feedback_request(
        interview,
        status=FeedbackRequest.Status.REQUESTED,
        requested_on=datetime.date(2026, 11, 10),
        follow_up_due=datetime.date(2026, 11, 17),
    )
    make_action_item(ana)
    make_action_item(ana, "Done", status=ActionItem.Status.DONE)
    make_star_answer(ana)

    assert_exact(ana, ben)
    assert kept(ana)["applications"] == 1
    assert kept(ana)["open_actions"] == 1
    assert kept(ana)["latest_outcome_id"] == interview.pk
    assert kept(ana)["follow_ups_due"] == [datetime.date(2026, 11, 17)]


def test_an_edit_in_each_table_moves_the_last_activity(ana, clock):
    application = make_application(ana)
    interview = make_interview(application)
    debrief = make_debrief(interview)
    request = make_feedback_request(interview)
    action = make_action_item(ana)
    answer = make_star_answer(ana)
    for row in (application, interview, debrief, request, action, answer):
        later(clock)
        row.save()
        assert kept(ana)["last_activity"] == timezone.now()
        assert_exact(ana)


def test_an_offer_still_open_outranks_a_later_no_until_it_is_declined(ana, clock):
    offered = make_application(ana, employer="Co-op", status=Application.Status.OFFER)
    offer = make_interview(
        offered, outcome=Interview.Outcome.OFFER, outcome_date=datetime.date(2026, 11, 24)
    )
    turned_down = make_application(ana, employer="Octopus", status=Application.Status.REJECTED)
    make_interview(
        turned_down, outcome=Interview.Outcome.REJECTED, outcome_date=datetime.date(2026, 11, 25)
    )
    assert kept(ana)["latest_outcome_id"] == offer.pk

    offered.status = Application.Status.DECLINED
    offered.save()  # a change in the applications table re-ranks the interviews

    assert kept(ana)["latest_outcome_id"] != offer.pk
    assert_exact(ana)


def test_bulk_statements_keep_every_owner_exact(ana, ben):
    for owner in (ana, ben):
        for n in range(3):
            application = make_application(owner, employer=f"Employer {n}")
            interview = make_interview(application, outcome=Interview.Outcome.REJECTED)
            make_feedback_request(
                interview,
                status=FeedbackRequest.Status.REQUESTED,
                requested_on=datetime.date(2026, 11, 1),
                follow_up_due=datetime.date(2026, 11, 8 + n),
            )
        make_action_item(owner)
    ActionItem.objects.bulk_create(
        [ActionItem(owner=ana, text=f"Bulk {n}") for n in range(4)]
        + [ActionItem(owner=ben, text="Bulk")]
    )
    assert_exact(ana, ben)

    FeedbackRequest.objects.filter(interview__owner=ana).update(
        status=FeedbackRequest.Status.NO_RESPONSE
    )
    ActionItem.objects.filter(owner=ben).update(
        status=ActionItem.Status.DONE, completed_on=datetime.date(2026, 11, 25)
    )
    Interview.objects.filter(owner=ben).update(outcome=Interview.Outcome.AWAITING)

    assert kept(ana)["follow_ups_due"] == []
    assert kept(ben)["open_actions"] == 0
    assert kept(ben)["latest_outcome_id"] is None
    assert_exact(ana, ben)


def test_deletions_and_their_cascades_leave_it_exact(ana, clock):
    first = make_application(ana, employer="First")
    make_interview(first, outcome=Interview.Outcome.REJECTED)
    later(clock)
    second = make_application(ana, employer="Second")
    interview = make_interview(second, outcome=Interview.Outcome.OFFER)
    make_debrief(interview)
    make_feedback_request(interview, follow_up_due=datetime.date(2026, 11, 20))
    assert_exact(ana)

    second.delete()  # its interview, debrief and request go with it

    assert kept(ana)["applications"] == 1
    assert_exact(ana)
    first.delete()
    assert kept(ana) == recount_of_nothing()
    make_star_answer(ana).delete()
    make_action_item(ana).delete()
    assert_exact(ana)


def test_a_debrief_or_request_deleted_alone_leaves_it_exact(ana, clock):
    interview = make_interview(make_application(ana))
    later(clock)
    debrief = make_debrief(interview)
    request = make_feedback_request(interview, follow_up_due=datetime.date(2026, 11, 20))
    debrief.delete()
    assert_exact(ana)
    request.delete()
    assert_exact(ana)


def test_a_row_moved_to_another_owner_changes_both(ana, ben):
    application = make_application(ana)
    interview = make_interview(application, outcome=Interview.Outcome.REJECTED)
    make_feedback_request(interview, follow_up_due=datetime.date(2026, 11, 20))
    make_action_item(ana)

    Application.objects.filter(pk=application.pk).update(owner=ben)
    Interview.objects.filter(pk=interview.pk).update(owner=ben)
    ActionItem.objects.filter(owner=ana).update(owner=ben)
    StarAnswer.objects.filter(pk=make_star_answer(ana).pk).update(owner=ben)

    assert kept(ana) == recount_of_nothing()
    assert kept(ben)["applications"] == 1
    assert_exact(ana, ben)


def test_a_deleted_account_takes_its_figures_with_it(ana):
    make_action_item(ana)
    make_application(ana)
    assert CaseloadFigures.objects.filter(client=ana).exists()

    ana.delete()

    assert not CaseloadFigures.objects.filter(client_id=ana.pk).exists()


def test_an_interview_closed_with_no_response_is_named_as_the_recount_names_it(ana, clock):
    from debrief.services.silence import silence_answer

    rejected = make_interview(
        make_application(ana, employer="Said no"),
        scheduled_at=timezone.now() - datetime.timedelta(days=30),
        outcome=Interview.Outcome.REJECTED,
        outcome_date=datetime.date(2026, 11, 1),
    )
    silent = make_interview(
        make_application(ana, employer="Silent"),
        scheduled_at=timezone.now() - datetime.timedelta(days=20),
    )
    later(clock)
    assert silence_answer(owner=ana, item=silent, close=True, today=clock.today)
    assert_exact(ana)
    assert kept(ana)["latest_outcome_id"] == silent.pk != rejected.pk
