"""The preparation sheet: what earlier interviews taught, gathered for the next one."""

import datetime

import pytest
from django.urls import reverse

from debrief.models import ActionItem, Application, FeedbackRequest, Interview
from debrief.services.preparation import preparation_context
from tests.factories import (
    make_action_item,
    make_application,
    make_debrief,
    make_feedback_request,
    make_interview,
    make_question,
    make_star_answer,
    make_user,
)
from tests.test_dashboard import (
    PAGE_BUDGET,
    SAVEPOINTS,
    TODAY,
    at,
    bulk_record,
    days_ago,
    page_text,
    real_queries,
)

pytestmark = [pytest.mark.django_db, pytest.mark.frozen_at(at(TODAY, 12))]


def prepare_url(interview: Interview) -> str:
    return reverse("debrief:interview-prepare", args=[interview.pk])


@pytest.fixture
def upcoming(owner, clock):
    """An interview at Delta in three days, after two rejections that taught something."""
    acme = make_interview(
        make_application(owner, employer="Acme", status=Application.Status.REJECTED),
        scheduled_at=at(days_ago(18)),
        outcome=Interview.Outcome.REJECTED,
        outcome_date=days_ago(5),
    )
    beta = make_interview(
        make_application(owner, employer="Beta", status=Application.Status.REJECTED),
        scheduled_at=at(days_ago(40)),
    )
    acme_debrief = make_debrief(
        acme, rating=4, rating_star=2, rating_nerves=1, do_better="Bring numbers for results."
    )
    make_debrief(beta, rating=3, rating_star=1, rating_nerves=3, do_better="Slow down.")
    make_feedback_request(
        acme,
        status=FeedbackRequest.Status.RECEIVED,
        requested_on=days_ago(4),
        received_on=days_ago(2),
        feedback_text="You lacked SQL.",
        reasons=["skills_gap", "stronger_candidate"],
    )
    led = make_star_answer(owner, "Led the migration", competencies=["teamwork", "leadership"])
    make_star_answer(owner, "Pulled the team together", competencies=["teamwork"], strength=5)
    make_star_answer(owner, "Calmed a client", competencies=["conflict"], strength=2)
    make_question(acme_debrief, "A time you worked in a team", answer_rating=2, star_answer=led)
    make_action_item(owner, "Learn window functions in SQL")
    make_action_item(owner, "Already done", status=ActionItem.Status.DONE)
    return make_interview(
        make_application(owner, employer="Delta", status=Application.Status.INTERVIEWING),
        scheduled_at=at(TODAY + datetime.timedelta(3)),
    )


def test_it_gathers_lessons_from_earlier_rejections(owner_client, upcoming):
    context = preparation_context(upcoming, TODAY)

    assert [lesson.employer for lesson in context["lessons"]] == ["Acme", "Beta"]
    assert context["lessons"][0].feedback_text == "You lacked SQL."
    text = page_text(owner_client.get(prepare_url(upcoming)))
    assert "What you would do better: Bring numbers for results." in text
    assert "What they said: You lacked SQL." in text
    assert "Slow down." in text


def test_a_later_interview_is_not_a_lesson_for_an_earlier_one(owner, upcoming):
    earlier = Interview.objects.get(application__employer="Beta")

    assert preparation_context(earlier, TODAY)["lessons"] == ()


def test_it_names_the_weakest_self_assessment_areas_with_what_to_do(owner_client, upcoming):
    weakest = preparation_context(upcoming, TODAY)["weakest_areas"]

    assert [(area.label, area.average) for area in weakest] == [
        ("Structured answers with STAR", 1.5),
        ("Managed nerves", 2.0),
        ("Answered questions effectively", 3.5),
    ]
    text = page_text(owner_client.get(prepare_url(upcoming)))
    assert "Structured answers with STAR : 1.5 out of 5." in text
    assert "over 2 debriefs" in text


def test_it_suggests_the_strongest_star_answer_for_competencies_that_went_badly(
    owner_client, upcoming
):
    suggestions = preparation_context(upcoming, TODAY)["suggestions"]

    picked = [(s.coverage.label, s.answer.title if s.answer else None) for s in suggestions]
    assert picked[:4] == [
        ("Teamwork", "Pulled the team together"),
        ("Leadership", "Led the migration"),
        ("Handling conflict", "Calmed a client"),
        ("Problem solving", None),
    ]
    text = page_text(owner_client.get(prepare_url(upcoming)))
    assert "Came up 1 time; you rated those answers 2.0 out of 5." in text
    assert "No answer yet." in text


def test_it_lists_open_actions_and_what_employers_said(owner_client, upcoming):
    context = preparation_context(upcoming, TODAY)

    assert [item.text for item in context["open_actions"]] == ["Learn window functions in SQL"]
    assert [r.label for r in context["themes"].within] == ["Skills gap"]
    assert [r.label for r in context["themes"].outside] == ["A stronger candidate"]
    response = owner_client.get(prepare_url(upcoming))
    assert reverse("debrief:interview-detail", args=[upcoming.pk]) in response.text
    assert "Outside your control: business, not personal" in page_text(response)


def test_it_is_printable_and_works_for_a_first_interview(client, clock):
    newcomer = make_user("new@example.com")
    interview = make_interview(
        make_application(newcomer), scheduled_at=at(TODAY + datetime.timedelta(1))
    )
    client.force_login(newcomer)

    response = client.get(prepare_url(interview))

    assert response.status_code == 200
    text = page_text(response)
    assert "No earlier rejections recorded" in text
    assert "No debriefs yet." in text
    assert 'class="btn btn-outline-primary no-print" data-print hidden' in response.text
    assert "style=" not in response.text


def test_a_past_interview_says_so(owner_client, owner, clock):
    interview = make_interview(make_application(owner), scheduled_at=at(days_ago(1)))

    assert "This interview has already taken place" in page_text(
        owner_client.get(prepare_url(interview))
    )


def test_another_users_interview_is_not_found(client, stranger, upcoming):
    client.force_login(stranger)

    assert client.get(prepare_url(upcoming)).status_code == 404
    assert client.post(prepare_url(upcoming)).status_code == 405  # a read-only page
    assert client.get(reverse("debrief:interview-prepare", args=[999_999])).status_code == 404


def test_it_asks_a_visitor_to_sign_in(client, upcoming):
    response = client.get(prepare_url(upcoming))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_sheet_costs_the_same_queries_for_10_or_300_applications(
    client, clock, django_assert_max_num_queries
):
    counts = []
    for size in (10, 300):
        user = make_user(f"user{size}@example.com")
        bulk_record(user, size)
        interview = make_interview(
            make_application(user), scheduled_at=at(TODAY + datetime.timedelta(2))
        )
        client.force_login(user)
        with django_assert_max_num_queries(PAGE_BUDGET + SAVEPOINTS) as queries:
            response = client.get(prepare_url(interview))
        assert response.status_code == 200
        assert preparation_context(interview, TODAY)["lessons"]
        counts.append(real_queries(queries, PAGE_BUDGET))

    assert counts[0] == counts[1]


def test_it_brings_back_the_earlier_stages_of_the_same_job(owner_client, owner, clock):
    application = make_application(owner, employer="BBC", date_applied=days_ago(30))
    screening = make_interview(application, stage="screening", scheduled_at=at(days_ago(10)))
    debrief = make_debrief(screening, went_well="Warm rapport with the panel.")
    make_question(debrief, "Why the BBC?", answer_rating=2)
    make_interview(application, stage="first", scheduled_at=at(days_ago(5)))
    final = make_interview(
        application, stage="final", scheduled_at=at(TODAY + datetime.timedelta(2))
    )

    text = page_text(owner_client.get(prepare_url(final)))

    assert "Earlier stages with BBC" in text
    assert "Warm rapport with the panel." in text
    assert "Why the BBC?" in text
    assert "No debrief written for this stage." in text
