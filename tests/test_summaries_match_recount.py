"""Every derived store equals its recount from the source tables, after every kind of write.

For each store (debrief/summaries/stores.py: KEPT) and each kind of write below, the rows the
triggers kept are compared with the rows `manage.py rebuild_summaries` counts afresh from the
tables. The rebuild's own figures are held to independent Python recounts by the store's own
tests (test_dashboard_counts, test_caseload_figures, test_client_month_summaries...); this one
holds every store to the rebuild, whatever path wrote: the ORM, bulk statements, deletions and
their cascades, rows moved to another owner, a deleted account, consent and staff changes.
"""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection

from debrief.models import (
    ActionItem,
    AdviserAccess,
    Application,
    Debrief,
    DebriefQuestion,
    FeedbackRequest,
    Interview,
    Membership,
    Reason,
    StarAnswer,
    User,
)
from debrief.summaries import stores
from tests.factories import (
    grant_access,
    make_action_item,
    make_application,
    make_debrief,
    make_feedback_request,
    make_interview,
    make_member,
    make_organisation,
    make_question,
    make_star_answer,
    make_user,
)

pytestmark = pytest.mark.django_db

Status = Application.Status
Outcome = Interview.Outcome


def record(owner: User, clock, *, offset: int = 0) -> None:
    """Something in every table the stores read, over two months."""
    answer = make_star_answer(owner, competencies=["teamwork", "leadership"], strength=4)
    for number, (status, outcome) in enumerate(
        [
            (Status.REJECTED, Outcome.REJECTED),
            (Status.OFFER, Outcome.OFFER),
            (Status.INTERVIEWING, Outcome.AWAITING),
            (Status.APPLIED, None),
        ]
    ):
        application = make_application(
            owner,
            employer=f"Employer {number}",
            status=status,
            date_applied=clock.today - datetime.timedelta(days=20 * number + offset + 3),
        )
        if outcome is None:
            continue
        decided = outcome != Outcome.AWAITING
        interview = make_interview(
            application,
            scheduled_at=clock.now - datetime.timedelta(days=10 * number + 2),
            outcome=outcome,
            outcome_date=clock.today - datetime.timedelta(days=number) if decided else None,
        )
        debrief = make_debrief(interview, rating=number + 2, my_reasons=[Reason.SKILLS_GAP])
        make_question(debrief, star_answer=answer, answer_rating=4)
        make_feedback_request(
            interview,
            status=FeedbackRequest.Status.REQUESTED,
            requested_on=clock.today - datetime.timedelta(days=9),
            follow_up_due=clock.today - datetime.timedelta(days=number),
            reasons=[Reason.SKILLS_GAP, Reason.STRONGER_CANDIDATE],
        )
    make_action_item(owner, due_date=clock.today)
    make_action_item(owner, "Done", status=ActionItem.Status.DONE)


@pytest.fixture
def world(clock):
    """Two clients sharing their record with advisers of a careers service, and a stranger."""
    service = make_organisation()
    alex = make_member(service, "alex@service.example", "Alex")
    sam = make_member(service, "sam@service.example", "Sam")
    people = {
        "ana": make_user("ana@example.com", "Ana"),
        "ben": make_user("ben@example.com", "Ben"),
        "cat": make_user("cat@example.com", "Cat"),
    }
    for offset, person in enumerate(people.values()):
        record(person, clock, offset=offset)
    grant_access(people["ana"], alex)
    grant_access(people["ben"], alex)
    grant_access(people["ben"], sam)
    return {**people, "alex": alex, "sam": sam, "service": service}


def edits(world, clock):
    ana = world["ana"]
    for application in Application.objects.filter(owner=ana):
        application.status = Status.WITHDRAWN
        application.date_applied -= datetime.timedelta(days=40)
        application.save()
    for interview in Interview.objects.filter(owner=ana, outcome=Outcome.AWAITING):
        interview.outcome, interview.outcome_date = Outcome.REJECTED, clock.today
        interview.save()
    for debrief in Debrief.objects.filter(interview__owner=ana):
        debrief.rating_star, debrief.my_reasons = 5, [Reason.TEAM_FIT]
        debrief.save()
    for request in FeedbackRequest.objects.filter(interview__owner=ana):
        request.status, request.received_on = FeedbackRequest.Status.RECEIVED, clock.today
        request.outcome = FeedbackRequest.Outcome.SPECIFIC
        request.save()
    # What the employer said changes, and a second answer repeats a reason (the patterns count
    # each interview once per reason).
    request = FeedbackRequest.objects.filter(interview__owner=ana).first()
    request.reasons, request.dimensions = [Reason.TEAM_FIT], ["rating_nerves"]
    request.save()
    make_feedback_request(
        request.interview,
        status=FeedbackRequest.Status.DECLINED,
        reasons=[Reason.TEAM_FIT, Reason.SKILLS_GAP],
        dimensions=["rating_nerves"],
    )
    answer = StarAnswer.objects.filter(owner=ana).first()
    answer.competencies, answer.strength = ["conflict"], 2
    answer.save()
    DebriefQuestion.objects.filter(debrief__interview__owner=ana).update(answer_rating=1)


def deletions(world, clock):
    ana = world["ana"]
    Interview.objects.filter(owner=ana).first().delete()  # with its debrief and request
    Application.objects.filter(owner=ana).last().delete()
    Debrief.objects.filter(interview__owner=world["ben"]).first().delete()
    FeedbackRequest.objects.filter(interview__owner=world["ben"]).last().delete()
    StarAnswer.objects.filter(owner=world["ben"]).delete()
    ActionItem.objects.filter(owner=ana).delete()


def bulk(world, clock):
    Application.objects.bulk_create(
        Application(
            owner=world[name],
            employer=f"Bulk {number}",
            role_title="Analyst",
            date_applied=clock.today - datetime.timedelta(days=number * 7),
        )
        for number in range(30)
        for name in ("ana", "ben", "cat")
    )
    Application.objects.filter(employer__startswith="Bulk 1").update(status=Status.NO_RESPONSE)
    Interview.objects.all().update(scheduled_at=clock.now - datetime.timedelta(days=40))
    FeedbackRequest.objects.all().update(follow_up_due=clock.today)
    ActionItem.objects.all().update(status=ActionItem.Status.OPEN, completed_on=None)
    Application.objects.filter(employer__startswith="Bulk 2").delete()


def moves(world, clock):
    ana, ben = world["ana"], world["ben"]
    Application.objects.filter(owner=ana, status=Status.APPLIED).update(owner=ben)
    theirs = Interview.objects.filter(owner=ben, feedback_requests__isnull=True).first()
    if theirs is None:
        theirs = make_interview(make_application(ben, employer="Moved to"))
    FeedbackRequest.objects.filter(interview__owner=ana).first() and FeedbackRequest.objects.filter(
        pk=FeedbackRequest.objects.filter(interview__owner=ana).first().pk
    ).update(interview=theirs)
    StarAnswer.objects.filter(owner=ana).update(owner=ben)
    ActionItem.objects.filter(owner=ben).update(owner=ana)


def account_deleted(world, clock):
    world["ana"].delete()


def sharing_and_staff(world, clock):
    AdviserAccess.objects.filter(client=world["ana"]).update(status=AdviserAccess.Status.REVOKED)
    Membership.objects.filter(user=world["sam"]).update(deactivated_at=clock.now)
    grant_access(world["cat"], world["sam"])
    User.objects.filter(pk=world["alex"].pk).update(role=User.Role.JOB_SEEKER)
    User.objects.filter(pk=world["ben"].pk).update(is_active=False)


def sharing_over_time(world, clock):
    """Consent that began months ago, ended, began again; a member moved to another service."""
    AdviserAccess.objects.filter(client=world["ana"]).update(
        granted_at=clock.now - datetime.timedelta(days=90),
        ended_at=clock.now - datetime.timedelta(days=40),
        status=AdviserAccess.Status.REVOKED,
    )
    grant_access(world["ana"], world["alex"])
    Membership.objects.filter(user=world["sam"]).update(organisation=make_organisation("Other"))
    AdviserAccess.objects.filter(client=world["ben"], adviser=world["sam"]).update(
        granted_at=clock.now - datetime.timedelta(days=200)
    )


def nothing(world, clock):
    """The record as created, one row at a time through the ORM."""


WRITES = [
    nothing,
    edits,
    deletions,
    bulk,
    moves,
    account_deleted,
    sharing_and_staff,
    sharing_over_time,
]


@pytest.mark.parametrize("write", WRITES, ids=[write.__name__ for write in WRITES])
@pytest.mark.parametrize("store", sorted(stores.KEPT))
def test_the_kept_rows_equal_the_recount(world, clock, write, store):
    write(world, clock)
    with connection.cursor() as cursor:
        kept = stores.kept(cursor, store)
    call_command("rebuild_summaries", stdout=open("/dev/null", "w"))  # noqa: SIM115
    with connection.cursor() as cursor:
        recounted = stores.kept(cursor, store)

    assert kept == recounted
    if write is nothing and store != "service_month_days":
        assert kept, "the record gives every store something to keep"


def test_the_comparison_can_fail(world):
    """A store changed behind the triggers' back no longer equals its recount."""
    with connection.cursor() as cursor:
        cursor.execute("UPDATE debrief_dashboardcount SET value = value + 1")
        kept = stores.kept(cursor, "dashboard")
    call_command("rebuild_summaries", stdout=open("/dev/null", "w"))  # noqa: SIM115
    with connection.cursor() as cursor:
        assert stores.kept(cursor, "dashboard") != kept
