"""The STAR answer bank: the user's examples, their competencies, and where each was used."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from debrief.models import DebriefQuestion, StarAnswer
from tests.factories import (
    make_application,
    make_debrief,
    make_interview,
    make_question,
    make_star_answer,
)
from tests.html import field_labelled, legends

pytestmark = pytest.mark.django_db

VALID = {
    "title": "Cut stock write-offs",
    "questions": "Tell me about a problem you solved with data",
    "competencies": ["problem_solving", "initiative"],
    "situation": "Our store wrote off £4,000 of food a month.",
    "task": "Bring waste down.",
    "action": "I modelled sales by hour and changed order quantities.",
    "result": "Waste fell by 31%.",
    "my_part": "I built the model.",
    "strength": "4",
}


def used_answer(owner, **fields):
    """A STAR answer used once, in a debrief of an interview at Northwind."""
    answer = make_star_answer(owner, **fields)
    application = make_application(owner, employer="Northwind", role_title="Data Analyst")
    debrief = make_debrief(make_interview(application, stage="first"))
    make_question(debrief, "Tell me about a setback.", star_answer=answer, answer_rating=4)
    return answer


# --- Rules the database keeps -------------------------------------------------------------------


@pytest.mark.parametrize("strength", [0, 6])
def test_the_database_refuses_a_strength_outside_1_to_5(owner, strength):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_star_answer(owner, strength=strength)


def test_the_database_refuses_an_unknown_competency(owner):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_star_answer(owner, competencies=["teamwork", "juggling"])


def test_the_form_explains_a_bad_strength_and_competency_next_to_the_field(owner_client):
    data = {**VALID, "strength": "9", "competencies": ["teamwork", "juggling"]}
    response = owner_client.post(reverse("debrief:star-new"), data)
    assert response.status_code == 200
    text = response.text
    assert 'id="error_1_id_strength"' in text
    assert "9 is not one of the available choices." in text
    assert "juggling is not one of the available choices." in text
    assert "Cut stock write-offs" in text  # what was typed stays in the form
    assert not StarAnswer.objects.exists()


def test_the_form_requires_the_four_parts_of_star(owner_client):
    data = {**VALID, "situation": "", "task": "", "action": "", "result": ""}
    response = owner_client.post(reverse("debrief:star-new"), data)
    assert response.status_code == 200
    # Each message stands next to its field and again in the summary above the form.
    assert response.text.count("This field is required.") == 4 * 2
    assert set(response.context["form"].errors) == {"situation", "task", "action", "result"}
    assert not StarAnswer.objects.exists()


# --- Pages --------------------------------------------------------------------------------------


def test_the_form_guides_each_part_with_the_guides_words(owner_client):
    response = owner_client.get(reverse("debrief:star-new"))
    text = response.text
    for label, name in [("Title", "title"), ("Questions it answers", "questions"),
                        ("Situation", "situation"), ("Task", "task"), ("Action", "action"),
                        ("Result", "result"), ("My part in the result", "my_part"),
                        ("Strength", "strength")]:  # fmt: skip
        assert field_labelled(response, label).attrs["name"] == name
    assert "Competencies" in legends(response)
    assert "S – describe a relevant situation." in text
    assert "T – explain a task you were asked to carry out in that situation." in text
    assert "A – recount the actions you took to complete the task." in text
    assert "R – explain the result." in text
    assert "What part you played in that result" in text
    assert 'name="competencies" value="teamwork"' in text


def test_it_adds_an_answer_to_the_users_bank(owner_client, owner):
    response = owner_client.post(reverse("debrief:star-new"), VALID)
    answer = StarAnswer.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("debrief:star-detail", args=[answer.pk])
    assert answer.owner == owner
    assert answer.competencies == ["problem_solving", "initiative"]
    assert answer.strength == 4


def test_the_list_shows_competencies_strength_and_uses(owner_client, owner, stranger):
    used_answer(owner, title="Rescued a late project", competencies=["teamwork"], strength=4)
    make_star_answer(owner, title="Calmed a customer", competencies=["customer_focus"])
    make_star_answer(stranger, title="Someone else's answer")
    response = owner_client.get(reverse("debrief:star-list"))
    text = response.text
    assert response.status_code == 200
    assert "Rescued a late project" in text
    # The answer's own competencies, not the filter's list of every competency.
    assert '<p class="mb-0 small">Teamwork</p>' in text
    assert "Strength 4/5" in text
    assert "Used 1 time" in text
    assert "Not used yet" in text
    assert "Someone else" not in text


def test_the_coverage_line_counts_answers_and_flags_competencies_without_one(owner_client, owner):
    make_star_answer(owner, title="A", competencies=["teamwork", "conflict"])
    make_star_answer(owner, title="B", competencies=["teamwork"])
    text = " ".join(owner_client.get(reverse("debrief:star-list")).text.split())
    assert "Teamwork: 2 answers" in text
    assert "Handling conflict: 1 answer" in text
    assert "Leadership: <strong>No answer yet</strong>" in text
    assert text.count("No answer yet") == 8


def test_it_filters_by_competency_and_marks_the_choice_in_words(owner_client, owner):
    make_star_answer(owner, title="Team story", competencies=["teamwork"])
    make_star_answer(owner, title="Customer story", competencies=["customer_focus"])
    response = owner_client.get(reverse("debrief:star-list"), {"competency": "teamwork"})
    text = " ".join(response.text.split())
    assert "Team story" in text
    assert "Customer story" not in text
    assert 'aria-current="true"> Teamwork: 1 answer (showing)' in text


def test_it_searches_titles_and_questions(owner_client, owner):
    make_star_answer(owner, title="Rota crisis", questions="How do you prioritise?")
    make_star_answer(owner, title="Lost cake", questions="A difficult customer")
    text = owner_client.get(reverse("debrief:star-list"), {"q": "PRIORITISE"}).text
    assert "Rota crisis" in text
    assert "Lost cake" not in text
    text = owner_client.get(reverse("debrief:star-list"), {"q": "cake"}).text
    assert "Lost cake" in text
    assert "Rota crisis" not in text


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": "a\x00b"}, "Null characters are not allowed."),
        ({"q": "x" * 101}, "Ensure this value has at most 100 characters"),
        ({"competency": "juggling"}, "juggling is not one of the available choices."),
        ({"competency": "team\x00work"}, "is not one of the available choices."),
    ],
)
def test_bad_filters_are_explained_not_a_server_error(owner_client, owner, params, message):
    make_star_answer(owner, title="Still listed")
    response = owner_client.get(reverse("debrief:star-list"), params)
    assert response.status_code == 200
    assert message in response.text
    assert "Still listed" in response.text


def test_the_list_is_paginated(owner_client, owner):
    for number in range(30):
        make_star_answer(owner, title=f"Answer {number:02}")
    first = owner_client.get(reverse("debrief:star-list")).text
    second = owner_client.get(reverse("debrief:star-list"), {"page": 2}).text
    assert "Answer 00" in first
    assert "Answer 29" not in first
    assert "Answer 29" in second
    assert "Page 2 of 2" in second


def test_an_empty_bank_invites_a_first_answer(owner_client):
    text = owner_client.get(reverse("debrief:star-list")).text
    assert "No STAR answers yet." in text
    assert reverse("debrief:star-new") in text


def test_the_detail_shows_the_answer_and_where_it_was_used(owner_client, owner):
    answer = used_answer(owner, title="Rescued a late project", my_part="I re-planned it.")
    response = owner_client.get(reverse("debrief:star-detail", args=[answer.pk]))
    text = response.text
    assert response.status_code == 200
    for part in [answer.situation, answer.task, answer.action, answer.result, "I re-planned it."]:
        assert part in text
    assert "Tell me about a setback." in text
    assert "First interview" in text
    assert "Data Analyst at Northwind" in text
    assert "4/5" in text
    interview = DebriefQuestion.objects.get().debrief.interview
    assert reverse("debrief:interview-detail", args=[interview.pk]) in text


def test_it_edits_an_answer(owner_client, owner):
    answer = make_star_answer(owner)
    response = owner_client.post(
        reverse("debrief:star-edit", args=[answer.pk]), {**VALID, "title": "Renamed"}
    )
    assert response.status_code == 302
    answer.refresh_from_db()
    assert answer.title == "Renamed"
    assert answer.competencies == ["problem_solving", "initiative"]


def test_deleting_an_answer_keeps_the_questions_that_used_it(owner_client, owner):
    answer = used_answer(owner)
    url = reverse("debrief:star-delete", args=[answer.pk])
    confirmation = owner_client.get(url)
    assert confirmation.status_code == 200
    assert "Debrief questions that used it keep their text" in confirmation.text
    response = owner_client.post(url)
    assert response.status_code == 302
    assert response.url == reverse("debrief:star-list")
    assert not StarAnswer.objects.exists()
    question = DebriefQuestion.objects.get()
    assert question.question == "Tell me about a setback."
    assert question.star_answer is None


# --- Privacy ------------------------------------------------------------------------------------


def test_a_visitor_must_sign_in(client):
    response = client.get(reverse("debrief:star-list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name", ["star-detail", "star-edit", "star-delete"])
def test_a_stranger_gets_404_and_changes_nothing(client, owner, stranger, name):
    answer = make_star_answer(owner, title="Private story")
    client.force_login(stranger)
    url = reverse(f"debrief:{name}", args=[answer.pk])
    assert client.get(url).status_code == 404
    response = client.post(url, {**VALID, "title": "Hijacked"})
    assert response.status_code in (404, 405)  # a read-only page refuses POST (405)
    answer.refresh_from_db()
    assert answer.title == "Private story"
    assert "Private story" not in client.get(reverse("debrief:star-list")).text


# --- Queries ------------------------------------------------------------------------------------


def list_queries(client, owner, rows, django_assert_max_num_queries):
    for number in range(rows):
        used_answer(owner, title=f"Answer {number}", competencies=["teamwork"])
    with django_assert_max_num_queries(7):
        response = client.get(reverse("debrief:star-list"))
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [5, 50])
def test_the_list_uses_a_fixed_number_of_queries(
    owner_client, owner, rows, django_assert_max_num_queries
):
    list_queries(owner_client, owner, rows, django_assert_max_num_queries)


@pytest.mark.parametrize("uses", [5, 50])
def test_the_detail_uses_a_fixed_number_of_queries(
    owner_client, owner, uses, django_assert_max_num_queries
):
    answer = make_star_answer(owner)
    for number in range(uses):
        application = make_application(owner, employer=f"Employer {number}")
        debrief = make_debrief(make_interview(application))
        make_question(debrief, f"Question {number}", star_answer=answer)
    with django_assert_max_num_queries(6):
        response = owner_client.get(reverse("debrief:star-detail", args=[answer.pk]))
    assert response.text.count("Question ") == uses
