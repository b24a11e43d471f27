"""`manage.py seed_demo`: a believable, current demo history, and the same history at scale."""

import datetime
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Avg, F
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from debrief.demo import DEMO_COHORT
from debrief.models import (
    ActionItem,
    AdviserAccess,
    AdviserNote,
    Application,
    Competency,
    Debrief,
    DebriefQuestion,
    FeedbackRequest,
    Interview,
    Membership,
    Organisation,
    Reason,
    StarAnswer,
    StatusChange,
    User,
)
from tests.adviser_helpers import sign_in_verified

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.frozen_at("2026-11-20 09:00:00+00:00"),
    pytest.mark.usefixtures("clock"),
]

TODAY = datetime.date(2026, 11, 20)


@pytest.fixture(autouse=True)
def development(settings):
    """The demo is for a development machine, where DEBUG is on."""
    settings.DEBUG = True


def seed(**options) -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def demo():
    seed()
    return User.objects.get(email="demo@debrief.example")


def test_it_prints_the_demo_logins():
    output = seed()
    assert "demo@debrief.example" in output
    assert "adviser@debrief.example" in output
    assert "debrief-demo-2026" in output
    seeker = User.objects.get(email="demo@debrief.example")
    assert seeker.display_name == "Sam Taylor"
    assert seeker.check_password("debrief-demo-2026")
    adviser = User.objects.get(email="adviser@debrief.example")
    assert (adviser.display_name, adviser.is_adviser) == ("Alex Morgan", True)


def test_the_demo_has_three_months_of_applications_in_believable_proportions(demo):
    applications = Application.objects.for_user(demo)
    assert applications.count() == 30
    statuses = {s: applications.filter(status=s).count() for s in Application.Status.values}
    assert statuses["rejected"] >= 8
    assert statuses["no_response"] >= 3
    assert statuses["interviewing"] >= 2
    assert statuses["offer"] == 1
    assert statuses["withdrawn"] == 2
    dates = applications.values_list("date_applied", flat=True)
    assert all(TODAY - datetime.timedelta(days=92) <= day <= TODAY for day in dates)
    assert all(application.salary for application in applications.exclude(employer="Zoopla"))
    assert len(set(applications.values_list("source", flat=True))) >= 5


def test_each_application_has_a_stage_history_that_makes_sense(demo):
    for application in Application.objects.for_user(demo).prefetch_related("status_changes"):
        history = list(application.status_changes.all())
        assert history[0].status == "applied"
        assert history[0].changed_on == application.date_applied
        assert history[-1].status == application.status
        days = [change.changed_on for change in history]
        assert days == sorted(days)
        assert days[-1] <= TODAY
    rejected_after_interviews = StatusChange.objects.filter(
        application__owner=demo, status="interviewing", application__status="rejected"
    )
    assert rejected_after_interviews.count() >= 5


def test_the_demo_has_interviews_at_several_stages_past_and_upcoming(demo):
    interviews = Interview.objects.for_user(demo)
    assert {"screening", "first", "second", "final", "technical"} <= set(
        interviews.values_list("stage", flat=True)
    )
    now = datetime.datetime(2026, 11, 20, 9, tzinfo=datetime.UTC)
    upcoming = interviews.filter(
        scheduled_at__gt=now, scheduled_at__lt=now + datetime.timedelta(days=14)
    )
    assert upcoming.count() >= 3
    assert not upcoming.exclude(outcome="awaiting").exists()
    past = interviews.filter(scheduled_at__lt=now)
    assert {"progressed", "rejected", "offer"} <= set(past.values_list("outcome", flat=True))
    assert not interviews.exclude(owner=F("application__owner")).exists()


def test_debrief_ratings_improve_over_time_and_use_star_answers(demo):
    debriefs = Debrief.objects.for_user(demo).order_by("interview__scheduled_at")
    assert debriefs.count() >= 15
    ids = list(debriefs.values_list("id", flat=True))
    early = Debrief.objects.filter(id__in=ids[:5]).aggregate(avg=Avg("rating_star"))["avg"]
    late = Debrief.objects.filter(id__in=ids[-5:]).aggregate(avg=Avg("rating_star"))["avg"]
    assert late > early + 1
    questions = DebriefQuestion.objects.filter(debrief__interview__owner=demo)
    assert questions.filter(star_answer__isnull=False).count() >= 10
    assert not questions.exclude(star_answer__owner=demo).exclude(star_answer=None).exists()
    # Some past interviews still wait for a debrief, for the dashboard to point out.
    past = Interview.objects.for_user(demo).filter(scheduled_at__lt=timezone.now())
    assert past.filter(debrief__isnull=True).exists()


def test_feedback_requests_cover_every_way_they_go(demo):
    requests = FeedbackRequest.objects.for_user(demo)
    assert set(requests.values_list("status", flat=True)) == set(FeedbackRequest.Status.values)
    assert requests.awaiting_reply().filter(follow_up_due__lt=TODAY).exists()
    due_soon = requests.awaiting_reply().filter(
        follow_up_due__gte=TODAY, follow_up_due__lte=TODAY + datetime.timedelta(days=3)
    )
    assert due_soon.exists()
    received = requests.filter(status="received")
    assert {"specific", "vague"} <= set(received.values_list("outcome", flat=True))
    reasons = {reason for request in received for reason in request.reasons}
    assert reasons & set(Reason.within_my_control())
    assert reasons & set(Reason.outside_my_control())
    for request in requests.exclude(status="not_sent"):
        request.full_clean()


def test_the_star_bank_leaves_one_or_two_competencies_uncovered(demo):
    answers = StarAnswer.objects.for_user(demo)
    assert answers.count() == 10
    covered = {value for answer in answers for value in answer.competencies}
    assert 1 <= len(set(Competency.values) - covered) <= 2


def test_there_are_open_and_done_action_items_from_debriefs_and_feedback(demo):
    items = ActionItem.objects.for_user(demo)
    assert items.filter(status="open").count() >= 3
    done = items.filter(status="done")
    assert done.count() >= 2
    assert not done.filter(completed_on=None).exists()
    assert items.filter(debrief__isnull=False).exists()
    assert items.filter(feedback_request__isnull=False).exists()
    assert items.filter(status="open", due_date__lt=TODAY).exists()


def test_the_demo_adviser_has_active_access_and_a_note(demo):
    adviser = User.objects.get(email="adviser@debrief.example")
    access = AdviserAccess.objects.get(client=demo, adviser=adviser)
    assert access.status == "active"
    assert access.granted_at is not None
    assert AdviserNote.objects.filter(client=demo, adviser=adviser).count() == 1


def test_it_is_idempotent(demo):
    def counts():
        return (
            Application.objects.count(),
            Interview.objects.count(),
            StarAnswer.objects.count(),
            AdviserAccess.objects.count(),
            User.objects.count(),
            Membership.objects.count(),
            TOTPDevice.objects.count(),
        )

    before = counts()
    output = seed()
    assert "already has 30 applications" in output
    assert "already has its cohort" in output
    assert counts() == before
    assert AdviserNote.objects.count() == 1
    assert User.objects.count() == 2 + 3 + DEMO_COHORT


def test_it_creates_a_demo_service_whose_report_has_figures(client):
    output = seed()
    service = Organisation.objects.get(name="Demo Careers Service")
    admin = User.objects.get(email="service-admin@debrief.example")
    assert admin.is_service_admin
    assert admin.membership.organisation == service
    advisers = Membership.objects.filter(organisation=service, role=Membership.Role.ADVISER)
    assert sorted(advisers.values_list("user__email", flat=True)) == [
        "adviser2@debrief.example",
        "adviser3@debrief.example",
        "adviser@debrief.example",
    ]
    for email in ("service-admin@debrief.example", "adviser2@debrief.example"):
        assert email in output
        code = re.search(rf"Code for {re.escape(email)}: (\d{{6}})", output).group(1)
        assert TOTPDevice.objects.get(user__email=email, confirmed=True).verify_token(code)
    cohort = User.objects.filter(email__startswith="cohort")
    assert cohort.count() == DEMO_COHORT
    # Every client shares with one of the three advisers.
    assert AdviserAccess.objects.filter(client__in=cohort, status="active").count() == DEMO_COHORT

    sign_in_verified(client, admin)
    page = client.get("/service/report/").text
    shown = re.findall(r'<td class="text-end">([\d,]+)</td>', page)
    assert len(shown) > 40
    assert all(int(value.replace(",", "")) >= 5 for value in shown[:12])


def test_the_demo_service_is_built_in_a_few_bulk_inserts(django_assert_max_num_queries):
    with django_assert_max_num_queries(120):
        seed()


def test_it_scales_the_history_for_benchmarks(django_assert_max_num_queries):
    with django_assert_max_num_queries(40):  # bulk inserts, not a query per row
        output = seed(applications=200, email="bench@example.com")
    assert "Took" in output
    bench = User.objects.get(email="bench@example.com")
    applications = Application.objects.for_user(bench)
    assert applications.count() == 200
    assert applications.filter(status="rejected").count() == pytest.approx(200 * 13 / 30, abs=3)
    assert StatusChange.objects.filter(application__owner=bench).count() > 400
    interviews = Interview.objects.for_user(bench)
    assert interviews.count() > 150
    assert not interviews.exclude(owner=F("application__owner")).exists()
    assert Debrief.objects.for_user(bench).count() > 100
    assert FeedbackRequest.objects.for_user(bench).count() > 50
    assert StarAnswer.objects.for_user(bench).count() == 70
    assert ActionItem.objects.for_user(bench).count() > 50
    assert not User.objects.filter(email="demo@debrief.example").exists()
    seed(applications=200, email="bench@example.com")
    assert applications.count() == 200


def test_the_benchmark_needs_both_a_count_and_an_email():
    with pytest.raises(CommandError):
        seed(applications=10)
    with pytest.raises(CommandError):
        seed(applications=10, email="not an email")
    assert not Application.objects.exists()


@pytest.mark.parametrize("command", ["seed_demo", "demo_totp"])
def test_with_debug_off_it_refuses_to_create_public_logins_unless_forced(settings, command):
    settings.DEBUG = False
    with pytest.raises(CommandError, match=f"{command} creates accounts anyone can sign in to"):
        call_command(command, stdout=StringIO())
    with pytest.raises(CommandError, match="Pass --force"):
        call_command("seed_demo", applications=5, email="bench@example.com", stdout=StringIO())
    assert not User.objects.exists()


def test_with_debug_off_force_seeds_the_demo_and_a_benchmark(settings):
    settings.DEBUG = False
    output = seed(force=True)
    assert "adviser@debrief.example" in output
    assert "Code for adviser@debrief.example" in output
    seed(applications=5, email="bench@example.com", force=True)
    assert Application.objects.filter(owner__email="bench@example.com").count() == 5


def test_it_shows_the_demo_adviser_and_sam_working_together(demo, client):
    adviser = User.objects.get(email="adviser@debrief.example")
    access = AdviserAccess.objects.get(client=demo, adviser=adviser)

    assert access.next_contact_on == TODAY + datetime.timedelta(days=6)
    assert [(a.date, a.kind) for a in demo.appointments.order_by("date")] == [
        (TODAY - datetime.timedelta(days=21), "cv_review"),
        (TODAY - datetime.timedelta(days=7), "mock_interview"),
        (TODAY + datetime.timedelta(days=6), "one_to_one"),
    ]
    assert demo.note_replies.get().note.adviser == adviser
    # The suggestion waits for Sam's answer: it is not in Sam's list yet.
    suggestion = demo.action_suggestions.get()
    assert suggestion.status == "pending"
    assert not ActionItem.objects.filter(owner=demo, text=suggestion.text).exists()

    client.force_login(demo)
    page = client.get("/together/").content.decode()
    assert "Record yourself giving the disagreement answer" in page
    assert "Mock interview" in page

    seed()  # again: nothing doubles
    assert demo.appointments.count() == 3
    assert demo.action_suggestions.count() == 1
