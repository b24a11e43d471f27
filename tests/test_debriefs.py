"""The self-assessment written after an interview: ratings, reflections, my reading, questions."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from debrief.models import Debrief, DebriefQuestion, Interview, Reason
from tests.factories import (
    make_application,
    make_debrief,
    make_feedback_request,
    make_interview,
    make_question,
    make_star_answer,
)
from tests.html import legends

pytestmark = pytest.mark.django_db


@pytest.fixture
def interview(owner):
    return make_interview(
        make_application(owner, employer="Globex", role_title="Data Analyst"),
        outcome=Interview.Outcome.REJECTED,
        outcome_date=timezone.localdate(),
    )


def edit_url(interview: Interview) -> str:
    return reverse("debrief:debrief-edit", args=[interview.pk])


def detail_url(interview: Interview) -> str:
    return reverse("debrief:interview-detail", args=[interview.pk])


def management(total: int, initial: int = 0) -> dict:
    return {
        "questions-TOTAL_FORMS": str(total),
        "questions-INITIAL_FORMS": str(initial),
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "1000",
    }


def debrief_data(**changes) -> dict:
    data = {
        "rating_answers": "4",
        "rating_star": "2",
        "rating_manner": "5",
        "rating_suitability": "3",
        "rating_enthusiasm": "4",
        "rating_nerves": "1",
        "overall_feeling": "3",
        "went_well": "Rapport with the panel.",
        "do_better": "Use STAR for the conflict question.",
        "my_reasons": [Reason.IMPRESSION, Reason.STRONGER_CANDIDATE],
        **management(3),
        "questions-0-question": "Tell me about a conflict at work",
        "questions-0-answer_rating": "2",
        "questions-0-star_answer": "",
        "questions-1-question": "",
        "questions-2-question": "",
    }
    data.update(changes)
    return data


# --- The database keeps the rules --------------------------------------------------------------


def test_it_rejects_a_rating_out_of_range_in_the_database(interview):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_debrief(interview, rating=6)


def test_it_rejects_a_second_debrief_of_an_interview_in_the_database(interview):
    make_debrief(interview)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_debrief(interview)


def test_it_rejects_a_question_rating_out_of_range_in_the_database(interview):
    debrief = make_debrief(interview)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_question(debrief, answer_rating=0)


def test_the_form_refuses_a_rating_out_of_range_next_to_the_field(owner_client, interview):
    response = owner_client.post(edit_url(interview), debrief_data(rating_nerves="7"))
    assert response.status_code == 200
    assert "rating_nerves" in response.context["form"].errors
    assert 'id="error_1_id_rating_nerves"' in response.text
    assert not Debrief.objects.exists()


def test_a_self_assessment_saves_part_way_as_a_draft(owner_client, interview):
    data = debrief_data()
    for name in ("rating_star", "rating_nerves", "overall_feeling"):
        del data[name]
    response = owner_client.post(edit_url(interview), data, follow=True)
    assert "Saved as a draft: 4 of 6 ratings given." in response.text
    debrief = Debrief.objects.get(interview=interview)
    assert debrief.rating_star is None
    assert debrief.overall_feeling is None
    assert not debrief.is_complete
    assert debrief.went_well == "Rapport with the panel."


def test_a_question_row_needs_its_question(owner_client, interview):
    response = owner_client.post(
        edit_url(interview),
        debrief_data(**{"questions-0-question": "", "questions-0-answer_rating": "4"}),
    )
    assert response.status_code == 200
    assert response.context["formset"].forms[0].errors["question"] == [
        "Write the question you were asked."
    ]
    assert not Debrief.objects.exists()


def test_a_posted_form_cannot_make_hundreds_of_questions(owner_client, interview):
    rows = {}
    for number in range(180):
        rows[f"questions-{number}-question"] = f"Question {number}"
        rows[f"questions-{number}-answer_rating"] = "3"
    response = owner_client.post(edit_url(interview), debrief_data(**management(180), **rows))
    assert response.status_code == 200
    assert "Please submit at most 50 forms." in response.text
    assert not Debrief.objects.exists()
    assert not DebriefQuestion.objects.exists()


# --- Writing and editing -----------------------------------------------------------------------


def test_the_page_walks_through_the_guide(owner_client, interview):
    response = owner_client.get(edit_url(interview))
    assert response.status_code == 200
    text = response.text
    assert "Write your debrief" in text
    assert "Data Analyst at Globex" in text
    assert text.count("<legend") >= 6 + 1 + 3  # a legend per rating, feeling, question rows
    group_names = legends(response)
    for label in Debrief.RATINGS.values():
        assert label in group_names
    assert "1 – Poor" in text
    assert "5 – Excellent" in text
    assert "My reading: why it might not succeed" in text
    assert "Within my control" in text
    assert "Outside my control" in text
    assert "STAR: describe the Situation" in text
    assert reverse("debrief:star-new") in text
    assert len(response.context["formset"].forms) == 3


def test_each_group_of_reasons_is_a_fieldset_named_by_its_legend(owner_client, interview):
    text = owner_client.get(edit_url(interview)).text
    for group, first_reason in [
        ("Within my control", Reason.SKILLS_GAP),
        ("Outside my control", Reason.TEAM_FIT),
    ]:
        legend = f'<fieldset><legend class="fs-6 fw-semibold">{group}</legend>'
        assert legend in text
        assert f'value="{first_reason}"' in text.split(legend)[1].split("</fieldset>")[0]


def test_it_saves_the_debrief_and_questions_then_offers_next_steps(owner_client, interview, owner):
    star = make_star_answer(owner, title="Resolved a team dispute")
    response = owner_client.post(
        edit_url(interview),
        debrief_data(**{"questions-0-star_answer": str(star.pk)}),
    )
    assert response.status_code == 302
    assert response.url == detail_url(interview)
    debrief = Debrief.objects.get(interview=interview)
    assert (debrief.rating_answers, debrief.rating_nerves) == (4, 1)
    assert debrief.my_reasons == [Reason.IMPRESSION, Reason.STRONGER_CANDIDATE]
    question = debrief.questions.get()
    assert (question.question, question.answer_rating, question.star_answer) == (
        "Tell me about a conflict at work",
        2,
        star,
    )

    page = owner_client.get(response.url)
    text = page.text
    assert "Debrief saved. Next steps" in text
    assert "4 out of 5" in text
    assert "Rapport with the panel." in text
    assert "The impression I gave (e.g. nerves); A stronger candidate" in text
    assert reverse("debrief:star-detail", args=[star.pk]) in text
    assert reverse("debrief:feedback-new", args=[interview.pk]) in text
    assert reverse("debrief:debrief-action", args=[interview.pk]) in text


def test_it_edits_the_existing_debrief_and_removes_a_question(owner_client, interview):
    debrief = make_debrief(interview, rating=2)
    kept = make_question(debrief, "Why this role?")
    removed = make_question(debrief, "Where do you see yourself?")
    data = debrief_data(
        **management(5, initial=2),
        **{
            "questions-0-id": str(kept.pk),
            "questions-0-question": "Why this role, and why us?",
            "questions-0-answer_rating": "3",
            "questions-1-id": str(removed.pk),
            "questions-1-question": removed.question,
            "questions-1-DELETE": "on",
            "questions-2-question": "",
            "questions-3-question": "",
            "questions-4-question": "",
        },
    )
    response = owner_client.post(edit_url(interview), data)
    assert response.status_code == 302
    assert Debrief.objects.count() == 1
    debrief.refresh_from_db()
    assert debrief.rating_answers == 4
    assert list(debrief.questions.values_list("question", flat=True)) == [
        "Why this role, and why us?"
    ]


def test_the_star_select_offers_only_my_own_answers(owner_client, interview, owner, stranger):
    mine = make_star_answer(owner, title="My project rescue")
    make_star_answer(stranger, title="Someone else's story")
    response = owner_client.get(edit_url(interview))
    assert "My project rescue" in response.text
    assert "Someone else&#x27;s story" not in response.text
    choices = response.context["formset"].forms[0].fields["star_answer"].choices
    assert [value for value, _ in choices] == ["", mine.pk]


def test_posting_another_users_star_answer_is_rejected(owner_client, interview, stranger):
    theirs = make_star_answer(stranger, title="Someone else's story")
    response = owner_client.post(
        edit_url(interview), debrief_data(**{"questions-0-star_answer": str(theirs.pk)})
    )
    assert response.status_code == 200
    assert response.context["formset"].forms[0].errors["star_answer"] == [
        "Choose one of your own STAR answers."
    ]
    assert not DebriefQuestion.objects.exists()


@pytest.mark.parametrize("rows", [5, 45])
def test_the_page_uses_a_fixed_number_of_queries(
    owner_client, interview, owner, rows, django_assert_max_num_queries
):
    debrief = make_debrief(interview)
    for number in range(rows):
        star = make_star_answer(owner, title=f"Story {number}")
        make_question(debrief, f"Question {number}", star_answer=star)
    # session, user, savepoint and release, interview, debrief, its questions, the STAR choices
    with django_assert_max_num_queries(8):
        response = owner_client.get(edit_url(interview))
    assert response.status_code == 200
    assert len(response.context["formset"].forms) == rows + 3


# --- The interview page's panel ----------------------------------------------------------------


def test_a_past_interview_without_a_debrief_invites_one(owner_client, interview):
    response = owner_client.get(detail_url(interview))
    assert "Write your debrief while it is fresh" in response.text
    assert edit_url(interview) in response.text


def test_an_upcoming_interview_does_not_ask_for_a_debrief_yet(owner_client, owner):
    upcoming = make_interview(
        make_application(owner), scheduled_at=timezone.now() + datetime.timedelta(days=3)
    )
    response = owner_client.get(detail_url(upcoming))
    assert "Write your debrief while it is fresh" not in response.text


def test_the_panels_start_with_a_heading(owner_client, interview):
    make_feedback_request(interview)
    text = owner_client.get(detail_url(interview)).text
    assert '<h2 class="h4">Your debrief</h2>' in text
    assert '<h2 class="h4">Feedback from the employer</h2>' in text


def test_the_panels_are_read_only_for_an_adviser(interview, owner):
    from django.template.loader import render_to_string

    debrief = make_debrief(interview, rating=4)
    html = render_to_string(
        "debrief/includes/interview_debrief_panel.html",
        {"interview": interview, "debrief": debrief, "record_client": None},
    )
    assert edit_url(interview) in html
    for template in ["interview_debrief_panel", "interview_feedback_panel"]:
        for shown in [debrief, None]:
            html = render_to_string(
                f"debrief/includes/{template}.html",
                {
                    "interview": interview,
                    "debrief": shown,
                    "feedback_requests": [],
                    "record_client": owner,
                },
            )
            for control in ["/edit/", "/new/", "/debrief/"]:
                assert control not in html, html


# --- Strangers ---------------------------------------------------------------------------------


def test_a_stranger_gets_404_and_changes_nothing(client, stranger, interview):
    debrief = make_debrief(interview, rating=2)
    client.force_login(stranger)
    assert client.get(edit_url(interview)).status_code == 404
    assert client.post(edit_url(interview), debrief_data()).status_code == 404
    debrief.refresh_from_db()
    assert debrief.rating_answers == 2
    assert not DebriefQuestion.objects.exists()


def test_signed_out_visitors_are_sent_to_sign_in(client, interview):
    response = client.get(edit_url(interview))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
