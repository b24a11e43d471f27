"""The one-minute debrief after a "no": three optional parts (a one-tap check-in in words, one
thing that went well, one to do better), each check-in button saving it in one tap; the full
self-assessment waits, and the figures count only complete ones."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from debrief.models import TEXT_LIMITS, Application, Debrief
from tests.factories import make_application, make_interview

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.frozen_at("2026-11-20 12:00:00+00:00"),
    pytest.mark.usefixtures("clock"),
]


@pytest.fixture
def interview(owner):
    application = make_application(
        owner, employer="Octopus Energy", date_applied=datetime.date(2026, 11, 1)
    )
    interview = make_interview(
        application, scheduled_at=timezone.make_aware(datetime.datetime(2026, 11, 10, 10))
    )
    owner_no = reverse("debrief:application-decision", args=[application.pk, "turned-down"])
    return interview, owner_no


def quick_url(interview):
    return reverse("debrief:debrief-quick", args=[interview.pk])


def steps_url(interview):
    return reverse("debrief:application-next-steps", args=[interview.application_id])


def test_one_tap_on_a_feeling_saves_it_with_what_was_typed(owner_client, interview):
    interview, say_no = interview
    owner_client.post(say_no, {"interview": interview.pk, "decided_on": "2026-11-20"})
    page = owner_client.get(steps_url(interview)).text
    # Words, not only faces: each feeling is a labelled button that saves.
    for label in ("Low", "Disappointed", "Mixed", "Okay", "Ready for the next one"):
        assert f'class="btn btn-outline-primary">{label}</button>' in page
    response = owner_client.post(
        quick_url(interview),
        {
            "check_in": Debrief.CheckIn.DISAPPOINTED,
            "went_well": "Built rapport with the panel.",
            "do_better": "Quantify my results.",
            "next": steps_url(interview),
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == steps_url(interview)
    assert "Disappointment shows it mattered to you" in response.text
    debrief = Debrief.objects.get(interview=interview)
    assert debrief.check_in == Debrief.CheckIn.DISAPPOINTED
    assert debrief.went_well == "Built rapport with the panel."
    assert debrief.do_better == "Quantify my results."
    assert debrief.rating_answers is None
    assert debrief.overall_feeling is None
    assert not debrief.is_complete
    assert "Your debrief is saved (you felt: disappointed)" in response.text
    assert "complete the full self-assessment" in response.text
    application = Application.objects.get(pk=interview.application_id)
    assert application.status == Application.Status.REJECTED


def test_every_part_is_optional(owner_client, interview):
    interview, _ = interview
    response = owner_client.post(quick_url(interview), {"save": ""})
    assert response.status_code == 302
    debrief = Debrief.objects.get(interview=interview)
    assert (debrief.check_in, debrief.went_well, debrief.do_better) == (None, "", "")


def test_a_quick_debrief_counts_as_written_but_not_in_the_rating_averages(owner_client, interview):
    interview, _ = interview
    owner_client.post(quick_url(interview), {"check_in": 1, "do_better": "Slow down."})
    page = owner_client.get(reverse("debrief:dashboard")).text
    assert "Every past interview has its debrief." in page


def test_too_long_is_refused_next_to_the_field_and_kept(owner_client, interview):
    interview, _ = interview
    limit = TEXT_LIMITS["debrief"]["do_better"]
    typed = "x" * (limit + 1)
    response = owner_client.post(quick_url(interview), {"check_in": 3, "do_better": typed})
    assert response.status_code == 200
    assert f"Ensure this value has at most {limit:,}" in response.text or (
        f"at most {limit}" in response.text
    )
    assert typed in response.text
    assert not Debrief.objects.exists()


def test_a_second_save_never_overwrites_the_first(owner_client, interview):
    interview, _ = interview
    owner_client.post(quick_url(interview), {"check_in": 2, "went_well": "First"})
    response = owner_client.post(quick_url(interview), {"check_in": 5, "went_well": "Second"})
    assert response.status_code == 302
    debrief = Debrief.objects.get(interview=interview)
    assert (debrief.check_in, debrief.went_well) == (2, "First")


def test_someone_elses_interview_is_not_found(owner_client, stranger, interview):
    interview, _ = interview
    owner_client.force_login(stranger)
    assert owner_client.get(quick_url(interview)).status_code == 404
    assert owner_client.post(quick_url(interview), {"check_in": 1}).status_code == 404
    assert not Debrief.objects.exists()


def test_a_get_changes_nothing(owner_client, interview):
    interview, _ = interview
    response = owner_client.get(quick_url(interview))
    assert response.status_code == 200
    assert "<h1>A one-minute debrief</h1>" in response.text
    assert not Debrief.objects.exists()


def test_the_full_self_assessment_is_offered_when_their_feedback_arrives(owner_client, interview):
    interview, say_no = interview
    owner_client.post(say_no, {"interview": interview.pk, "decided_on": "2026-11-20"})
    owner_client.post(quick_url(interview), {"check_in": 3})
    from debrief.models import FeedbackRequest

    request = FeedbackRequest.objects.get(interview=interview)
    request.mark_sent(datetime.date(2026, 11, 20))
    page = owner_client.get(request.get_absolute_url()).text
    assert "Complete your self-assessment" not in page
    FeedbackRequest.objects.filter(pk=request.pk).update(
        status=FeedbackRequest.Status.RECEIVED,
        outcome=FeedbackRequest.Outcome.SPECIFIC,
        received_on=datetime.date(2026, 11, 20),
        feedback_text="Answers lacked structure.",
    )
    page = owner_client.get(request.get_absolute_url()).text
    assert "Complete your self-assessment" in page
    assert reverse("debrief:debrief-edit", args=[interview.pk]) in page
    Debrief.objects.filter(interview=interview).update(**dict.fromkeys(Debrief.RATINGS, 3))
    assert "Complete your self-assessment" not in owner_client.get(request.get_absolute_url()).text
