"""'I've been turned down' (and 'I got an offer', 'I withdrew'): one step, a true stage history,
and a landing page that offers the feedback request, the one-minute debrief and a kind word, in
that order (the guide's: ask for feedback first)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from debrief.models import Application, Debrief, FeedbackRequest, Interview
from tests.factories import (
    make_application,
    make_debrief,
    make_interview,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.frozen_at("2026-11-20 12:00:00+00:00"),
    pytest.mark.usefixtures("clock"),
]

TODAY = datetime.date(2026, 11, 20)


def aware(year, month, day, hour=10):
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


def decision_url(application, kind="turned-down"):
    return reverse("debrief:application-decision", args=[application.pk, kind])


def history(application):
    return list(application.status_changes.values_list("status", "changed_on"))


@pytest.fixture
def interviewed(owner):
    application = make_application(
        owner,
        employer="Octopus Energy",
        role_title="Data Analyst",
        date_applied=datetime.date(2026, 11, 1),
        status=Application.Status.APPLIED,
    )
    application.status_changes.update(changed_on=datetime.date(2026, 11, 1))
    interview = make_interview(application, scheduled_at=aware(2026, 11, 10))
    application.change_status(Application.Status.INTERVIEWING, on=datetime.date(2026, 11, 10))
    return application, interview


def test_it_records_a_rejection_after_an_interview_in_one_step(owner_client, interviewed):
    application, interview = interviewed
    response = owner_client.post(
        decision_url(application),
        {
            "interview": interview.pk,
            "decided_on": "2026-11-18",
            "what_they_said": "We went with someone with more SQL.",
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("debrief:application-next-steps", args=[application.pk])
    interview.refresh_from_db()
    application.refresh_from_db()
    assert interview.outcome == Interview.Outcome.REJECTED
    assert interview.outcome_date == datetime.date(2026, 11, 18)
    assert "We went with someone with more SQL." in interview.notes
    assert application.status == Application.Status.REJECTED
    assert history(application) == [
        ("applied", datetime.date(2026, 11, 1)),
        ("interviewing", datetime.date(2026, 11, 10)),
        ("rejected", datetime.date(2026, 11, 18)),
    ]


def test_the_landing_page_offers_feedback_then_a_quick_debrief_then_a_kind_word(
    owner_client, interviewed
):
    application, interview = interviewed
    response = owner_client.post(
        decision_url(application), {"interview": interview.pk, "decided_on": "2026-11-20"}
    )
    page = owner_client.get(response.url).text
    feedback_at = page.index("Ask for feedback first")
    debrief_at = page.index("A one-minute debrief")
    kind_at = page.index("It's business, not personal</h2>")
    assert feedback_at < debrief_at < kind_at
    request = FeedbackRequest.objects.get(interview=interview)
    assert reverse("debrief:feedback-send", args=[request.pk]) in page
    assert reverse("debrief:debrief-quick", args=[interview.pk]) in page
    assert "Good luck" not in page


def test_the_landing_page_says_what_is_already_done(owner_client, interviewed):
    application, interview = interviewed
    owner_client.post(
        decision_url(application), {"interview": interview.pk, "decided_on": "2026-11-20"}
    )
    make_debrief(interview)
    FeedbackRequest.objects.get(interview=interview).mark_sent(TODAY)
    page = owner_client.get(reverse("debrief:application-next-steps", args=[application.pk])).text
    assert "Your debrief is saved" in page
    assert "Asked on 20 November; follow up on 27 November" in page
    assert "Open the feedback request" in page
    assert "I&#x27;ve sent it" not in page
    assert "I've sent it" not in page


def test_a_full_debrief_started_from_the_landing_page_returns_to_it(owner_client, interviewed):
    application, interview = interviewed
    owner_client.post(
        decision_url(application), {"interview": interview.pk, "decided_on": "2026-11-20"}
    )
    Debrief.objects.create(interview=interview, do_better="Slow down.")
    landing = reverse("debrief:application-next-steps", args=[application.pk])
    page = owner_client.get(landing).text
    assert f"/interviews/{interview.pk}/debrief/?next=%2Fapplications%2F{application.pk}" in page


def test_the_decision_date_is_never_before_the_interview_nor_in_the_future(
    owner_client, interviewed
):
    application, interview = interviewed
    early = owner_client.post(
        decision_url(application), {"interview": interview.pk, "decided_on": "2026-11-09"}
    )
    assert "The decision cannot come before the interview (10 November 2026)." in early.text
    future = owner_client.post(
        decision_url(application), {"interview": interview.pk, "decided_on": "2026-11-21"}
    )
    assert "The decision cannot come from the future." in future.text
    application.refresh_from_db()
    assert application.status == Application.Status.INTERVIEWING


def test_an_upcoming_interview_cannot_be_the_one_that_said_no(owner_client, interviewed):
    application, _ = interviewed
    upcoming = make_interview(application, scheduled_at=aware(2026, 11, 25))
    page = owner_client.get(decision_url(application)).text
    assert "Interviews still to come are not listed" in page
    response = owner_client.post(
        decision_url(application), {"interview": upcoming.pk, "decided_on": "2026-11-20"}
    )
    assert response.status_code == 200
    upcoming.refresh_from_db()
    assert upcoming.outcome == Interview.Outcome.AWAITING


def test_a_no_before_any_interview_needs_no_interview(owner_client, owner):
    application = make_application(owner, date_applied=datetime.date(2026, 11, 2))
    response = owner_client.post(
        decision_url(application), {"interview": "none", "decided_on": "2026-11-19"}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.REJECTED
    page = owner_client.get(response.url).text
    assert "what would make your next application land one?" in page
    assert "Write your debrief" not in page


def test_an_offer_and_a_withdrawal_use_their_own_words(owner_client, interviewed):
    application, interview = interviewed
    page = owner_client.get(decision_url(application, "offer")).text
    assert "I got an offer" in page
    response = owner_client.post(
        decision_url(application, "offer"), {"interview": interview.pk, "decided_on": "2026-11-20"}
    )
    interview.refresh_from_db()
    assert interview.outcome == Interview.Outcome.OFFER
    landing = owner_client.get(response.url).text
    assert "You have an offer" in landing
    assert 'id="kind-word"' not in landing

    other = make_application(application.owner, employer="Monzo")
    response = owner_client.post(
        decision_url(other, "withdrew"), {"interview": "none", "decided_on": "2026-11-20"}
    )
    other.refresh_from_db()
    assert other.status == Application.Status.WITHDRAWN
    assert "You withdrew" in owner_client.get(response.url).text


def test_setting_the_status_to_rejected_by_hand_takes_the_same_path(owner_client, interviewed):
    application, interview = interviewed
    data = {
        "employer": application.employer,
        "role_title": application.role_title,
        "date_applied": "2026-11-01",
        "status": "rejected",
    }
    response = owner_client.post(reverse("debrief:application-edit", args=[application.pk]), data)
    assert response.url == reverse("debrief:application-next-steps", args=[application.pk])
    interview.refresh_from_db()
    assert interview.outcome == Interview.Outcome.REJECTED
    assert history(application.__class__.objects.get(pk=application.pk)) == [
        ("applied", datetime.date(2026, 11, 1)),
        ("interviewing", datetime.date(2026, 11, 10)),
        ("rejected", TODAY),
    ]


def test_a_new_application_added_as_rejected_keeps_its_applied_step(owner_client):
    data = {
        "employer": "Monzo",
        "role_title": "Analyst",
        "date_applied": "2026-10-01",
        "status": "rejected",
    }
    response = owner_client.post(reverse("debrief:application-new"), data)
    application = Application.objects.get()
    assert response.url == reverse("debrief:application-next-steps", args=[application.pk])
    assert history(application) == [
        ("applied", datetime.date(2026, 10, 1)),
        ("rejected", TODAY),
    ]


def test_application_and_interview_pages_offer_the_decision(owner_client, interviewed):
    application, interview = interviewed
    for url in [application.get_absolute_url(), interview.get_absolute_url()]:
        page = owner_client.get(url).text
        assert "I&#x27;ve been turned down" in page or "I've been turned down" in page
        assert decision_url(application, "offer") in page


def test_a_stranger_cannot_record_a_decision(stranger_client, interviewed):
    application, interview = interviewed
    response = stranger_client.post(
        decision_url(application), {"interview": interview.pk, "decided_on": "2026-11-20"}
    )
    assert response.status_code == 404
    assert (
        stranger_client.get(
            reverse("debrief:application-next-steps", args=[application.pk])
        ).status_code
        == 404
    )
    interview.refresh_from_db()
    assert interview.outcome == Interview.Outcome.AWAITING


def test_an_unknown_decision_is_not_found(owner_client, interviewed):
    application, _ = interviewed
    assert owner_client.get(decision_url(application, "maybe")).status_code == 404


def test_an_interview_still_booked_after_the_no_is_pointed_out(owner_client, interviewed):
    application, interview = interviewed
    booked = make_interview(application, scheduled_at=aware(2026, 11, 26))
    response = owner_client.post(
        decision_url(application), {"interview": interview.pk, "decided_on": "2026-11-20"}
    )
    page = owner_client.get(response.url).text
    assert "is still in your record" in page
    assert reverse("debrief:interview-delete", args=[booked.pk]) in page


def test_an_interview_marked_rejected_by_hand_leads_to_the_next_steps(owner_client, interviewed):
    application, interview = interviewed
    response = owner_client.post(
        reverse("debrief:interview-edit", args=[interview.pk]),
        {
            "stage": "first",
            "scheduled_at": "2026-11-10T10:00",
            "format": "video",
            "outcome": "rejected",
            "outcome_date": "2026-11-19",
        },
    )
    assert response.url == reverse("debrief:application-next-steps", args=[application.pk])
    assert history(Application.objects.get(pk=application.pk)) == [
        ("applied", datetime.date(2026, 11, 1)),
        ("interviewing", datetime.date(2026, 11, 10)),
        ("rejected", datetime.date(2026, 11, 19)),
    ]


def test_record_and_write_the_debrief_is_one_click(owner_client, interviewed):
    application, interview = interviewed
    response = owner_client.post(
        decision_url(application),
        {"interview": interview.pk, "decided_on": "2026-11-20", "and_debrief": "1"},
    )
    landing = reverse("debrief:application-next-steps", args=[application.pk])
    assert response.url == (
        reverse("debrief:debrief-edit", args=[interview.pk])
        + "?next="
        + landing.replace("/", "%2F")
    )


def test_the_applications_list_offers_they_said_no_on_open_applications(owner_client, owner):
    open_one = make_application(owner, employer="Monzo")
    closed = make_application(owner, employer="Starling", status=Application.Status.REJECTED)
    page = owner_client.get(reverse("debrief:application-list")).text
    assert decision_url(open_one) in page
    assert decision_url(closed) not in page
