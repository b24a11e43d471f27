"""The dashboard's figures kept by the database (DashboardCount, debrief/summaries/dashboard.py)
stay equal to the figures computed from the tables themselves, whatever writes: creates, updates,
state changes, deletions with their cascades, bulk statements, rows moved to another owner or
another parent, and a change in a related table (a debrief written, a question's STAR answer
changed)."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from debrief.models import (
    ActionItem,
    Application,
    DashboardCount,
    Debrief,
    DebriefQuestion,
    FeedbackRequest,
    Interview,
    StarAnswer,
    User,
)
from debrief.services import dashboard_counts
from tests import dashboard_reference as reference
from tests.factories import (
    make_action_item,
    make_application,
    make_debrief,
    make_feedback_request,
    make_interview,
    make_question,
    make_star_answer,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


def kept(user: User, today: datetime.date, moment: datetime.datetime) -> dict:
    counts = dashboard_counts.read_counts(user.pk, today, moment)
    return {
        "applications": dashboard_counts.application_figures(counts),
        "interviews": dashboard_counts.interview_figures(counts),
        "feedback": dashboard_counts.feedback_figures(counts),
        "star": dashboard_counts.star_coverage(counts),
        "open_actions": counts("open_actions"),
        "tagged": counts.keyed("tagged_interviews"),
        # Never summed up to a day: which days the rating trends read (dashboard_lists).
        "rated_on": dict(
            DashboardCount.objects.filter(owner=user, figure="rated_on")
            .exclude(value=0)
            .values_list("key", "value")
        ),
    }


def computed(user: User, today: datetime.date, moment: datetime.datetime) -> dict:
    return {
        "applications": reference.application_figures(user, today),
        "interviews": reference.interview_figures(user.pk, moment),
        "feedback": reference.feedback_figures(user.pk, today),
        "star": reference.star_coverage(user.pk),
        "open_actions": ActionItem.objects.filter(owner=user, status="open").count(),
        "tagged": reference.tagged_interviews(user.pk),
        "rated_on": reference.rated_days(user.pk),
    }


def assert_in_step(*users: User, today=None, moment=None) -> None:
    moment = moment or timezone.now()
    today = today or timezone.localdate()
    for user in users:
        assert kept(user, today, moment) == computed(user, today, moment), user.email


def full_record(owner: User) -> dict:
    """Something in every figure: statuses, interviews with and without debriefs, ratings,
    feedback in every state with reasons to compare, STAR answers used in interviews, actions."""
    today = timezone.localdate()
    old = make_application(owner, employer="Old", date_applied=today - datetime.timedelta(60))
    recent = make_application(owner, employer="Recent", date_applied=today)
    interviewing = make_application(owner, employer="Acme", status=Application.Status.INTERVIEWING)
    rejected = make_application(owner, employer="Beta", status=Application.Status.REJECTED)
    first = make_interview(rejected, outcome="rejected", outcome_date=today)
    second = make_interview(interviewing, stage="second")
    upcoming = make_interview(
        interviewing, scheduled_at=timezone.now() + datetime.timedelta(days=2), stage="final"
    )
    debrief = make_debrief(first, rating=2, my_reasons=["skills_gap", "retention"])
    make_debrief(second, rating=4, rating_nerves=1, my_reasons=["team_fit"])
    answer = make_star_answer(owner, "Led it", competencies=["teamwork", "leadership"], strength=2)
    other = make_star_answer(owner, "Fixed it", competencies=["teamwork"], strength=5)
    question = make_question(debrief, "A team success?", answer_rating=2, star_answer=answer)
    make_question(debrief, "Unrated", star_answer=answer)
    received = make_feedback_request(
        first,
        status="received",
        requested_on=today,
        received_on=today,
        reasons=["skills_gap", "stronger_candidate"],
        feedback_text="More SQL.",
    )
    overdue = make_feedback_request(
        second,
        status="requested",
        requested_on=today - datetime.timedelta(10),
        follow_up_due=today - datetime.timedelta(3),
    )
    make_action_item(owner, "Learn SQL", due_date=today)
    done = make_action_item(owner, "Done one", status=ActionItem.Status.DONE)
    return locals()


def test_it_counts_a_full_record_as_the_tables_do(owner, stranger):
    full_record(owner)
    make_application(stranger)

    assert_in_step(owner, stranger)
    assert DashboardCount.objects.filter(owner=owner).exists()


def test_it_follows_status_changes_and_state_changes(owner):
    record = full_record(owner)

    record["old"].change_status(Application.Status.NO_RESPONSE)
    record["recent"].change_status(Application.Status.INTERVIEWING)
    record["overdue"].status = FeedbackRequest.Status.FOLLOWED_UP
    record["overdue"].save()
    ActionItem.objects.filter(owner=owner).update(status=ActionItem.Status.OPEN, completed_on=None)
    record["upcoming"].outcome = Interview.Outcome.OFFER
    record["upcoming"].save()

    assert_in_step(owner)


def test_it_follows_a_debrief_written_changed_and_removed(owner):
    record = full_record(owner)
    # A debrief for the interview with the feedback request makes its reasons comparable.
    Debrief.objects.filter(interview=record["first"]).update(my_reasons=["stronger_candidate"])
    assert_in_step(owner)

    make_debrief(record["upcoming"], rating=5)
    assert_in_step(owner)

    Debrief.objects.filter(interview=record["second"]).delete()
    record["debrief"].delete()  # takes its questions with it
    assert_in_step(owner)


def test_a_quick_or_part_way_debrief_counts_as_written_but_not_in_the_averages(owner):
    record = full_record(owner)
    before = kept(owner, timezone.localdate(), timezone.now())["interviews"]
    quick = Debrief.objects.create(interview=record["upcoming"], do_better="Slow down.")
    assert_in_step(owner)
    Debrief.objects.filter(pk=quick.pk).update(rating_answers=1, rating_star=1)
    assert_in_step(owner)
    after = kept(owner, timezone.localdate(), timezone.now())["interviews"]
    assert after["debriefs"] == before["debriefs"] + 1
    assert after["rated"] == before["rated"]
    assert after["averages"] == before["averages"]

    # Every rating given: now it counts.
    Debrief.objects.filter(pk=quick.pk).update(**dict.fromkeys(Debrief.RATINGS, 1))
    assert_in_step(owner)
    completed = kept(owner, timezone.localdate(), timezone.now())["interviews"]
    assert completed["rated"] == before["rated"] + 1
    assert completed["averages"]["rating_star"] < before["averages"]["rating_star"]


def test_it_follows_questions_moved_between_star_answers_and_answers_edited(owner):
    record = full_record(owner)

    DebriefQuestion.objects.filter(pk=record["question"].pk).update(
        star_answer=record["other"], answer_rating=5
    )
    assert_in_step(owner)

    StarAnswer.objects.filter(pk=record["answer"].pk).update(
        competencies=["conflict", "conflict"], strength=4
    )
    record["other"].delete()  # its questions keep going, without an answer
    assert_in_step(owner)


def test_it_follows_feedback_requests_edited_and_moved(owner, stranger):
    record = full_record(owner)
    theirs = make_interview(make_application(stranger))

    FeedbackRequest.objects.filter(pk=record["received"].pk).update(
        reasons=["retention", "retention", "team_fit"]
    )
    assert_in_step(owner, stranger)

    FeedbackRequest.objects.filter(pk=record["overdue"].pk).update(interview=theirs)
    assert_in_step(owner, stranger)


def test_a_reason_given_twice_for_one_interview_counts_that_interview_once(owner, stranger):
    record = full_record(owner)
    # A second answer from the same employer names skills_gap again.
    again = make_feedback_request(
        record["first"],
        status=FeedbackRequest.Status.DECLINED,
        reasons=["skills_gap", "team_fit"],
        dimensions=["rating_nerves"],
    )
    tagged = kept(owner, timezone.localdate(), timezone.now())["tagged"]
    assert tagged["skills_gap"] == 1
    assert tagged["rating_nerves"] == 1
    assert_in_step(owner, stranger)

    FeedbackRequest.objects.filter(pk=again.pk).update(dimensions=[], interview=record["second"])
    assert kept(owner, timezone.localdate(), timezone.now())["tagged"]["skills_gap"] == 2
    assert_in_step(owner, stranger)
    again.delete()
    assert_in_step(owner, stranger)


def test_it_follows_deletions_with_their_cascades(owner):
    record = full_record(owner)

    record["first"].delete()
    assert_in_step(owner)

    record["interviewing"].delete()
    Application.objects.filter(owner=owner).delete()
    assert_in_step(owner)
    StarAnswer.objects.filter(owner=owner).delete()
    ActionItem.objects.filter(owner=owner).delete()
    assert_in_step(owner)
    assert not DashboardCount.objects.filter(owner=owner).exclude(value=0).exists()


def test_it_follows_bulk_statements(owner):
    today = timezone.localdate()
    applications = Application.objects.bulk_create(
        Application(
            owner=owner,
            employer=f"Firm {n}",
            role_title="Analyst",
            date_applied=today - datetime.timedelta(n * 7),
        )
        for n in range(12)
    )
    Interview.objects.bulk_create(
        Interview(
            application=application,
            owner=owner,
            scheduled_at=timezone.now() - datetime.timedelta(days=n),
        )
        for n, application in enumerate(applications[:6])
    )
    assert_in_step(owner)

    Interview.objects.filter(owner=owner, scheduled_at__lt=timezone.now()).update(
        scheduled_at=timezone.now() + datetime.timedelta(days=1)
    )
    Application.objects.filter(owner=owner).update(status=Application.Status.REJECTED)
    assert_in_step(owner)

    Interview.objects.filter(owner=owner).delete()
    assert_in_step(owner)


def test_rows_moved_to_another_owner_count_for_the_new_owner_only(owner, stranger):
    record = full_record(owner)
    make_application(stranger)

    Application.objects.filter(pk=record["old"].pk).update(owner=stranger)
    # Its interviews follow it (the database cascades the owner), with their debriefs and
    # feedback requests.
    Application.objects.filter(pk=record["interviewing"].pk).update(owner=stranger)
    assert Interview.objects.filter(owner=stranger).count() == 2
    StarAnswer.objects.filter(pk=record["answer"].pk).update(owner=stranger)
    ActionItem.objects.filter(owner=owner).update(owner=stranger)

    assert_in_step(owner, stranger)


def test_the_figures_read_up_to_a_day_move_with_the_clock(owner, clock):
    record = full_record(owner)
    make_interview(record["recent"], scheduled_at=timezone.now() + datetime.timedelta(hours=1))

    for days in (0, 1, 5, 31, 61):
        moment = timezone.now() + datetime.timedelta(days=days, hours=2)
        today = timezone.localtime(moment).date()
        assert_in_step(owner, today=today, moment=moment)


def test_deleting_an_account_takes_its_figures_with_it(owner, stranger):
    full_record(owner)
    full_record(stranger)

    owner.delete()

    assert not DashboardCount.objects.filter(owner_id=owner.pk).exists()
    assert_in_step(stranger)


def test_a_seeded_record_is_counted_as_the_tables_do():
    call_command("seed_demo", applications=300, email="seeded@example.com", force=True)
    user = User.objects.get(email="seeded@example.com")

    assert_in_step(user)
    Interview.objects.filter(owner=user, debrief__isnull=True).delete()
    FeedbackRequest.objects.filter(interview__owner=user, status="requested").update(
        status="no_response"
    )
    assert_in_step(user)


def test_the_comparison_can_fail(owner):
    full_record(owner)
    DashboardCount.objects.filter(owner=owner, figure="debriefs").update(value=99)

    assert kept(owner, timezone.localdate(), timezone.now()) != computed(
        owner, timezone.localdate(), timezone.now()
    )


def test_an_interview_closed_with_no_response_is_counted_as_the_tables_do(owner, clock):
    from debrief.services.silence import silence_answer

    record = full_record(owner)
    waiting = make_interview(
        make_application(owner, employer="Silent plc"),
        scheduled_at=timezone.now() - datetime.timedelta(days=20),
    )
    assert silence_answer(owner=owner, item=waiting, close=True, today=clock.today)
    request = record["overdue"]
    assert silence_answer(owner=owner, item=request, close=True, today=clock.today)

    assert_in_step(owner)
    figures = kept(owner, clock.today, timezone.now())
    assert figures["applications"]["status_no_response"] >= 1
    assert figures["feedback"]["status_no_response"] >= 1
