"""'Make it an action': one click turns the interview's lesson into an action item, in the
employer's words once their feedback has arrived, and only once: the next-steps page then shows
the step done with a link to the action and never a second pre-filled form."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from debrief.models import ActionItem, Application, Debrief, FeedbackRequest
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
    return interview


def say_no(client, interview):
    client.post(
        reverse("debrief:application-decision", args=[interview.application_id, "turned-down"]),
        {"interview": interview.pk, "decided_on": "2026-11-20"},
    )


def steps_url(interview):
    return reverse("debrief:application-next-steps", args=[interview.application_id])


def test_save_and_make_it_an_action_in_one_click(owner_client, interview, owner):
    say_no(owner_client, interview)
    response = owner_client.post(
        reverse("debrief:debrief-quick", args=[interview.pk]),
        {"do_better": "Quantify my results.", "make_action": "", "next": steps_url(interview)},
        follow=True,
    )
    action = ActionItem.objects.get(owner=owner)
    assert action.text == "Quantify my results."
    assert action.debrief == Debrief.objects.get(interview=interview)
    assert action.area == ActionItem.Area.INTERVIEW_PERFORMANCE
    assert "Saved as an action: “Quantify my results.”" in response.text
    assert "Open the action" in response.text
    assert reverse("debrief:debrief-action", args=[interview.pk]) not in response.text
    assert 'name="text"' not in response.text


def test_the_next_steps_page_offers_it_once_then_shows_it_done(owner_client, interview, owner):
    say_no(owner_client, interview)
    Debrief.objects.create(interview=interview, do_better="Use STAR every time.")
    make_it = reverse("debrief:debrief-action", args=[interview.pk])
    page = owner_client.get(steps_url(interview)).text
    assert make_it in page
    assert "Your lesson: “Use STAR every time.”" in page
    owner_client.post(make_it, {"next": steps_url(interview)})
    response = owner_client.post(make_it, {"next": steps_url(interview)}, follow=True)
    assert "already an action: nothing was added" in response.text
    assert ActionItem.objects.filter(owner=owner).count() == 1
    assert make_it not in response.text


def test_in_the_employers_words_when_their_feedback_arrived(owner_client, interview, owner):
    say_no(owner_client, interview)
    Debrief.objects.create(interview=interview, do_better="Be calmer.")
    request = FeedbackRequest.objects.get(interview=interview)
    request.mark_sent(datetime.date(2026, 11, 20))
    FeedbackRequest.objects.filter(pk=request.pk).update(
        status=FeedbackRequest.Status.RECEIVED,
        outcome=FeedbackRequest.Outcome.SPECIFIC,
        received_on=datetime.date(2026, 11, 20),
        feedback_text="Give concrete figures for the impact of your projects.",
    )
    page = owner_client.get(steps_url(interview)).text
    assert "In the employer's words: “Give concrete figures" in page
    owner_client.post(reverse("debrief:debrief-action", args=[interview.pk]))
    action = ActionItem.objects.get(owner=owner)
    assert action.text == "Give concrete figures for the impact of your projects."
    assert action.feedback_request_id == request.pk


def test_a_lesson_too_long_for_an_action_is_never_cut(owner_client, interview, owner):
    Debrief.objects.create(interview=interview, do_better="Practise. " * 40)
    response = owner_client.post(reverse("debrief:debrief-action", args=[interview.pk]))
    assert response.url.startswith(reverse("debrief:action-new"))
    assert not ActionItem.objects.exists()


def test_without_a_lesson_nothing_is_made(owner_client, interview):
    Debrief.objects.create(interview=interview)
    response = owner_client.post(
        reverse("debrief:debrief-action", args=[interview.pk]), follow=True
    )
    assert "Write one thing to do better first" in response.text
    assert not ActionItem.objects.exists()


def test_someone_elses_lesson_is_not_found(owner_client, stranger, interview):
    Debrief.objects.create(interview=interview, do_better="Be calmer.")
    owner_client.force_login(stranger)
    response = owner_client.post(reverse("debrief:debrief-action", args=[interview.pk]))
    assert response.status_code == 404
    assert not ActionItem.objects.exists()


def test_a_get_makes_nothing(owner_client, interview):
    Debrief.objects.create(interview=interview, do_better="Be calmer.")
    response = owner_client.get(reverse("debrief:debrief-action", args=[interview.pk]))
    assert response.status_code == 405
    assert not ActionItem.objects.exists()


def test_a_no_before_any_interview_offers_its_form_once(owner_client, owner):
    application = make_application(owner, employer="Ocado", date_applied=datetime.date(2026, 11, 1))
    owner_client.post(
        reverse("debrief:application-decision", args=[application.pk, "turned-down"]),
        {"interview": "none", "decided_on": "2026-11-20"},
    )
    steps = reverse("debrief:application-next-steps", args=[application.pk])
    page = owner_client.get(steps).text
    assert "my application to Ocado" in page
    ActionItem.objects.create(
        owner=owner,
        area=ActionItem.Area.APPLICATIONS,
        text="Look again at my application to Ocado: what would land the interview next time",
    )
    page = owner_client.get(steps).text
    assert 'name="text"' not in page
    assert "Saved as an action: “Look again at my application to Ocado" in page
    assert Application.objects.get(pk=application.pk).status == Application.Status.REJECTED
