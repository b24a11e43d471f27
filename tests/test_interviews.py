import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from debrief.models import Application, Interview
from tests.factories import make_application, make_debrief, make_interview, make_user

# Interviews default to two days before now: 23 November, after each outcome the tests give.
pytestmark = [pytest.mark.django_db, pytest.mark.frozen_at("2026-11-25 12:00:00+00:00")]


def interview_data(**overrides):
    return {
        "stage": "first",
        "scheduled_at": "2026-11-20T10:30",
        "format": "video",
        "interviewers": "Dana Hiring-Manager",
        "outcome": "awaiting",
        "outcome_date": "",
        "notes": "",
        **overrides,
    }


@pytest.fixture
def application(owner):
    return make_application(
        owner, employer="Globex", role_title="Analyst", date_applied=datetime.date(2026, 11, 1)
    )


def test_it_adds_an_interview_and_the_application_becomes_interviewing(
    owner_client, application, clock
):
    clock.move_to("2026-11-25 12:00:00+00:00")
    response = owner_client.post(
        reverse("debrief:interview-new", args=[application.pk]), interview_data(), follow=True
    )
    interview = Interview.objects.get()
    assert response.redirect_chain[0][0] == interview.get_absolute_url()
    assert interview.owner == application.owner
    assert interview.scheduled_at == datetime.datetime(2026, 11, 20, 10, 30, tzinfo=datetime.UTC)
    application.refresh_from_db()
    assert application.status == Application.Status.INTERVIEWING
    assert "Write your debrief while it is fresh" in response.text


def test_an_upcoming_interview_points_to_its_preparation_sheet(owner_client, application):
    response = owner_client.post(
        reverse("debrief:interview-new", args=[application.pk]),
        interview_data(scheduled_at="2099-01-05T09:00"),
        follow=True,
    )
    assert "preparation sheet" in response.text
    interview = Interview.objects.get()
    assert reverse("debrief:interview-prepare", args=[interview.pk]) in response.text


def test_the_form_explains_errors_and_keeps_what_was_typed(owner_client, application):
    response = owner_client.post(
        reverse("debrief:interview-new", args=[application.pk]),
        interview_data(scheduled_at="not a date", outcome_date="2026-11-21"),
    )
    assert response.status_code == 200
    assert "Enter a valid date/time." in response.text
    assert "Leave the outcome date empty while you await the outcome." in response.text
    assert "Dana Hiring-Manager" in response.text
    assert not Interview.objects.exists()


def test_a_rejection_rejects_the_application_when_nothing_else_is_pending(
    owner_client, application
):
    interview = make_interview(application)
    owner_client.post(
        reverse("debrief:interview-edit", args=[interview.pk]),
        interview_data(outcome="rejected", outcome_date="2026-11-22"),
    )
    application.refresh_from_db()
    assert application.status == Application.Status.REJECTED
    assert application.status_changes.get(status="rejected").changed_on == datetime.date(
        2026, 11, 22
    )


def test_a_rejection_waits_while_another_interview_is_pending(owner_client, application):
    first = make_interview(application)
    make_interview(application, stage="technical")
    owner_client.post(
        reverse("debrief:interview-edit", args=[first.pk]), interview_data(outcome="rejected")
    )
    application.refresh_from_db()
    assert application.status != Application.Status.REJECTED
    first.refresh_from_db()
    assert first.outcome_date is not None


def test_an_offer_moves_the_application_to_offer(owner_client, application):
    interview = make_interview(application)
    owner_client.post(
        reverse("debrief:interview-edit", args=[interview.pk]), interview_data(outcome="offer")
    )
    application.refresh_from_db()
    assert application.status == Application.Status.OFFER


def test_withdrawing_from_an_interview_withdraws_the_application(owner_client, application):
    interview = make_interview(application)
    owner_client.post(
        reverse("debrief:interview-edit", args=[interview.pk]),
        interview_data(outcome="withdrawn", outcome_date="2026-11-22"),
    )
    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN
    assert application.status_changes.get(status="withdrawn").changed_on == datetime.date(
        2026, 11, 22
    )


@pytest.mark.parametrize("mistake", ["rejected", "offer"])
@pytest.mark.parametrize("corrected", ["awaiting", "progressed"])
def test_correcting_a_decision_back_to_pending_reopens_the_application(
    owner_client, application, mistake, corrected
):
    interview = make_interview(application)
    edit = reverse("debrief:interview-edit", args=[interview.pk])
    owner_client.post(edit, interview_data(outcome=mistake, outcome_date="2026-11-22"))
    application.refresh_from_db()
    assert application.status == mistake
    owner_client.post(edit, interview_data(outcome=corrected))
    application.refresh_from_db()
    assert application.status == Application.Status.INTERVIEWING
    history = application.status_changes.order_by("id").values_list("status", flat=True)
    # "Interviewing" from the interview's own day comes first (the factory skipped it).
    assert list(history) == ["applied", "interviewing", mistake, "interviewing"]


def test_correcting_a_rejection_keeps_an_offer_made_at_another_interview(
    owner_client, application, clock
):
    make_interview(application, outcome="offer", outcome_date=datetime.date(2026, 11, 24))
    application.change_status(Application.Status.OFFER)
    interview = make_interview(
        application, outcome="rejected", outcome_date=datetime.date(2026, 11, 23)
    )
    response = owner_client.post(
        reverse("debrief:interview-edit", args=[interview.pk]), interview_data(outcome="awaiting")
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.OFFER


def test_editing_an_earlier_stage_does_not_reopen_a_rejected_application(
    owner_client, application, clock
):
    screening = make_interview(
        application,
        stage="screening",
        scheduled_at=datetime.datetime(2026, 11, 9, 10, tzinfo=datetime.UTC),
        outcome="progressed",
        outcome_date=datetime.date(2026, 11, 10),
    )
    make_interview(application, outcome="rejected", outcome_date=datetime.date(2026, 11, 24))
    application.change_status(Application.Status.REJECTED)
    response = owner_client.post(
        reverse("debrief:interview-edit", args=[screening.pk]),
        interview_data(
            stage="screening",
            scheduled_at="2026-11-09T10:00",
            outcome="progressed",
            outcome_date="2026-11-10",
        ),
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.REJECTED


def test_a_withdrawn_application_is_not_overridden(owner_client, application):
    application.change_status(Application.Status.WITHDRAWN)
    interview = make_interview(application)
    owner_client.post(
        reverse("debrief:interview-edit", args=[interview.pk]), interview_data(outcome="rejected")
    )
    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN


def test_the_detail_shows_the_interview_and_invites_the_debrief(owner_client, application):
    interview = make_interview(application, interviewers="Ms Jones")
    response = owner_client.get(interview.get_absolute_url())
    assert response.status_code == 200
    assert "Ms Jones" in response.text
    assert reverse("debrief:debrief-edit", args=[interview.pk]) in response.text


def test_a_rejected_interview_offers_one_click_feedback_request(owner_client, application, clock):
    interview = make_interview(application, outcome="rejected", outcome_date="2026-11-24")
    make_debrief(interview)
    response = owner_client.get(interview.get_absolute_url())
    assert reverse("debrief:feedback-new", args=[interview.pk]) in response.text


def test_deleting_an_interview_asks_first(owner_client, application):
    interview = make_interview(application)
    url = reverse("debrief:interview-delete", args=[interview.pk])
    assert "Delete this interview?" in owner_client.get(url).text
    response = owner_client.post(url)
    assert response.url == application.get_absolute_url()
    assert not Interview.objects.exists()


def test_another_job_seeker_gets_404_and_changes_nothing(client, application, stranger):
    interview = make_interview(application, interviewers="Original")
    client.force_login(stranger)
    new_url = reverse("debrief:interview-new", args=[application.pk])
    assert client.get(new_url).status_code == 404
    assert client.post(new_url, interview_data()).status_code == 404
    for name in ["interview-detail", "interview-edit", "interview-delete"]:
        url = reverse(f"debrief:{name}", args=[interview.pk])
        assert client.get(url).status_code == 404
        response = client.post(url, interview_data(interviewers="Hacked"))
        assert response.status_code in (404, 405)  # a read-only page refuses POST (405)
    assert Interview.objects.get().interviewers == "Original"


def test_the_database_keeps_an_interview_with_its_applications_owner(application):
    other = make_user("other@example.com")
    with pytest.raises(IntegrityError), transaction.atomic():
        Interview.objects.create(
            application=application, owner=other, scheduled_at="2026-11-20T10:00Z"
        )


def test_the_database_refuses_an_outcome_date_while_awaiting(application):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_interview(application, outcome="awaiting", outcome_date="2026-11-20")


@pytest.mark.parametrize("field", ["stage", "format", "outcome"])
def test_the_database_refuses_unknown_choices(application, field):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_interview(application, **{field: "bogus"})


def test_the_client_reads_their_advisers_notes_about_the_interview(
    owner_client, application, adviser
):
    from tests.factories import grant_access, make_note

    interview = make_interview(application)
    grant_access(application.owner, adviser)
    make_note(
        adviser, application.owner, "Lead with the SQL project next time.", interview=interview
    )
    make_note(adviser, application.owner, "A general note, not about this interview.")
    response = owner_client.get(interview.get_absolute_url())
    assert "Notes from your adviser" in response.text
    assert "Lead with the SQL project next time." in response.text
    assert "A general note" not in response.text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"scheduled_at": "2026-10-20T10:00"}, "The interview cannot be before you applied"),
        (
            {"outcome": "rejected", "outcome_date": "2026-11-19"},
            "The outcome cannot come before the interview.",
        ),
        (
            {"outcome": "rejected", "outcome_date": "2099-01-01"},
            "The outcome date cannot be in the future.",
        ),
    ],
)
def test_interview_dates_that_cannot_be_are_explained(owner_client, application, data, message):
    response = owner_client.post(
        reverse("debrief:interview-new", args=[application.pk]), interview_data(**data)
    )
    assert message in response.text
    assert not Interview.objects.exists()
    application.refresh_from_db()
    assert application.status_changes.count() == 1
