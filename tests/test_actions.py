"""Lessons turned into action items: grouped by what the job seeker now knows, ticked off."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from debrief.models import ActionItem
from tests.factories import (
    make_action_item,
    make_application,
    make_debrief,
    make_feedback_request,
    make_interview,
)

TODAY = datetime.date(2026, 11, 20)
pytestmark = [pytest.mark.django_db, pytest.mark.frozen_at("2026-11-20 10:00:00+00:00")]


def interview_of(user, employer="Northwind"):
    return make_interview(make_application(user, employer=employer, role_title="Data Analyst"))


# --- Rules the database keeps -------------------------------------------------------------------


def test_the_database_refuses_an_action_from_both_a_debrief_and_a_feedback(owner):
    interview = interview_of(owner)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_action_item(
            owner,
            debrief=make_debrief(interview),
            feedback_request=make_feedback_request(interview),
        )


@pytest.mark.parametrize("field", ["area", "status"])
def test_the_database_refuses_an_unknown_area_or_status(owner, field):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_action_item(owner, **{field: "someday"})


def test_the_form_refuses_both_sources_with_a_message(owner_client, owner):
    interview = interview_of(owner)
    debrief, feedback = make_debrief(interview), make_feedback_request(interview)
    response = owner_client.post(
        reverse("debrief:action-new"),
        {
            "text": "Learn dbt",
            "area": "skills",
            "debrief": debrief.pk,
            "feedback_request": feedback.pk,
        },
    )
    assert response.status_code == 200
    assert "An action comes from one debrief or one feedback, not both." in response.text
    assert 'value="Learn dbt"' in response.text
    assert not ActionItem.objects.exists()


def test_the_form_explains_an_unknown_area_next_to_the_field(owner_client):
    response = owner_client.post(
        reverse("debrief:action-new"), {"text": "Learn dbt", "area": "someday"}
    )
    assert response.status_code == 200
    assert 'id="error_1_id_area"' in response.text
    assert "someday is not one of the available choices." in response.text
    assert not ActionItem.objects.exists()


# --- The list -----------------------------------------------------------------------------------


def test_the_list_shows_open_actions_under_what_you_now_know(owner_client, owner, clock):
    make_action_item(
        owner, "Learn window functions", area="skills", due_date=TODAY + datetime.timedelta(3)
    )
    make_action_item(owner, "Slow down when nervous", area="impression")
    make_action_item(owner, "Tailor the CV", area="applications", status="done", completed_on=TODAY)
    response = owner_client.get(reverse("debrief:action-list"))
    text = response.text
    assert response.status_code == 200
    assert "Learn window functions" in text
    assert "Due 23 Nov 2026" in text
    assert "Slow down when nervous" in text
    assert "Tailor the CV" not in text
    assert "Skills to build" in text
    assert "What you now know: skills you had not considered a necessity for the job." in text
    assert "The impression I give" in text
    assert "the type of impression you portray at interview" in text
    assert text.index("Skills to build") < text.index("The impression I give")


@pytest.mark.parametrize(
    ("status", "shown", "hidden"),
    [
        ("open", ["Open one"], ["Done one"]),
        ("done", ["Done one"], ["Open one"]),
        ("all", ["Open one", "Done one"], []),
        ("bogus", ["Open one"], ["Done one"]),
    ],
)
def test_it_filters_by_status(owner_client, owner, status, shown, hidden):
    make_action_item(owner, "Open one")
    make_action_item(owner, "Done one", status="done", completed_on=TODAY)
    response = owner_client.get(reverse("debrief:action-list"), {"status": status})
    assert response.status_code == 200
    for text in shown:
        assert text in response.text
    for text in hidden:
        assert text not in response.text


def test_it_filters_by_area(owner_client, owner):
    make_action_item(owner, "Build a dbt project", area="skills")
    make_action_item(owner, "Practise STAR aloud", area="interview_performance")
    text = owner_client.get(reverse("debrief:action-list"), {"area": "skills"}).text
    assert "Build a dbt project" in text
    assert "Practise STAR aloud" not in text


@pytest.mark.parametrize(
    "params", [{"area": "sk\x00ills"}, {"status": "op\x00en"}, {"area": "x" * 500}]
)
def test_bad_filters_are_explained_not_a_server_error(owner_client, owner, params):
    make_action_item(owner, "Still listed")
    response = owner_client.get(reverse("debrief:action-list"), params)
    assert response.status_code == 200
    assert "is not one of the available choices." in response.text
    assert "Still listed" in response.text


def test_an_overdue_action_says_so_in_words(owner_client, owner, clock):
    make_action_item(owner, "Mock interview", due_date=TODAY - datetime.timedelta(days=2))
    make_action_item(owner, "Read the guide", due_date=TODAY)
    text = " ".join(owner_client.get(reverse("debrief:action-list")).text.split())
    assert "Overdue</span> was due 18 Nov 2026" in text
    assert "Due today" in text


def test_each_action_links_to_where_it_came_from(owner_client, owner):
    interview = interview_of(owner, employer="Northwind")
    feedback_interview = interview_of(owner, employer="Contoso")
    feedback = make_feedback_request(feedback_interview)
    make_action_item(owner, "From the debrief", debrief=make_debrief(interview))
    make_action_item(owner, "From the feedback", feedback_request=feedback)
    make_action_item(owner, "My own lesson")
    text = owner_client.get(reverse("debrief:action-list")).text
    assert reverse("debrief:interview-detail", args=[interview.pk]) in text
    assert reverse("debrief:feedback-detail", args=[feedback.pk]) in text
    assert "From your debrief of" in text
    assert "From feedback on" in text
    assert "Your own lesson" in text


# --- Done and reopened --------------------------------------------------------------------------


def test_marking_done_records_today_and_reopening_clears_it(owner_client, owner, clock):
    item = make_action_item(owner, "Practise STAR aloud")
    url = reverse("debrief:action-done", args=[item.pk])
    response = owner_client.post(url)
    assert response.status_code == 302
    assert response.url == reverse("debrief:action-list")
    item.refresh_from_db()
    assert (item.status, item.completed_on) == ("done", TODAY)
    owner_client.post(url)
    item.refresh_from_db()
    assert (item.status, item.completed_on) == ("open", None)


def test_marking_done_returns_to_the_filtered_list_but_never_off_site(owner_client, owner):
    item = make_action_item(owner)
    url = reverse("debrief:action-done", args=[item.pk])
    back = reverse("debrief:action-list") + "?status=all"
    assert owner_client.post(url, {"next": back}).url == back
    assert owner_client.post(url, {"next": "https://evil.example/"}).url == reverse(
        "debrief:action-list"
    )


def test_marking_done_over_https_never_returns_to_plain_http(owner_client, owner):
    item = make_action_item(owner)
    url = reverse("debrief:action-done", args=[item.pk])
    insecure = "http://testserver/actions/?status=all"
    response = owner_client.post(url, {"next": insecure}, secure=True)
    assert response.url == reverse("debrief:action-list")


def test_marking_done_needs_a_post(owner_client, owner):
    item = make_action_item(owner)
    assert owner_client.get(reverse("debrief:action-done", args=[item.pk])).status_code == 405
    item.refresh_from_db()
    assert item.status == "open"


# --- Adding, editing, deleting ------------------------------------------------------------------


def test_it_adds_an_action(owner_client, owner):
    response = owner_client.post(
        reverse("debrief:action-new"),
        {"text": "Learn dbt", "area": "skills", "due_date": "2026-12-01"},
    )
    assert response.status_code == 302
    item = ActionItem.objects.get()
    assert (item.owner, item.text, item.area) == (owner, "Learn dbt", "skills")
    assert item.due_date == datetime.date(2026, 12, 1)
    assert item.status == "open"


def test_an_action_from_a_debrief_is_prefilled(owner_client, owner):
    debrief = make_debrief(interview_of(owner))
    response = owner_client.get(
        reverse("debrief:action-new"), {"debrief": debrief.pk, "text": "Prepare a conflict story"}
    )
    text = response.text
    assert response.status_code == 200
    assert "This lesson comes from your debrief of" in text
    assert 'value="Prepare a conflict story"' in text
    assert f'<option value="{debrief.pk}" selected>' in text
    assert '<option value="interview_performance" selected>' in text
    response = owner_client.post(
        reverse("debrief:action-new"),
        {
            "text": "Prepare a conflict story",
            "area": "interview_performance",
            "debrief": debrief.pk,
        },
    )
    assert response.status_code == 302
    assert ActionItem.objects.get().debrief == debrief


def test_the_debrief_choice_dates_an_interview_on_its_london_day(owner_client, owner):
    # 00:30 in London in June is 23:30 the day before in UTC.
    interview = make_interview(
        make_application(owner, employer="Northwind", role_title="Data Analyst"),
        scheduled_at=datetime.datetime(2026, 6, 12, 23, 30, tzinfo=datetime.UTC),
    )
    make_debrief(interview)
    text = owner_client.get(reverse("debrief:action-new")).text
    assert "Data Analyst at Northwind (13 Jun 2026)" in text


def test_an_action_from_feedback_is_prefilled_with_its_area(owner_client, owner):
    feedback = make_feedback_request(interview_of(owner))
    text = owner_client.get(
        reverse("debrief:action-new"), {"feedback": feedback.pk, "area": "impression"}
    ).text
    assert "This lesson comes from the feedback on" in text
    assert f'<option value="{feedback.pk}" selected>' in text
    assert '<option value="impression" selected>' in text


@pytest.mark.parametrize("parameter", ["debrief", "feedback"])
def test_someone_elses_source_is_404(client, owner, stranger, parameter):
    interview = interview_of(owner)
    source = make_debrief(interview) if parameter == "debrief" else make_feedback_request(interview)
    client.force_login(stranger)
    response = client.get(reverse("debrief:action-new"), {parameter: source.pk})
    assert response.status_code == 404
    assert client.get(reverse("debrief:action-new"), {parameter: "abc"}).status_code == 404


@pytest.mark.parametrize("parameter", ["debrief", "feedback"])
@pytest.mark.parametrize("value", ["²", "٣", "-1", ""])
def test_a_source_that_is_not_a_plain_number_is_404_not_a_server_error(
    owner_client, parameter, value
):
    response = owner_client.get(reverse("debrief:action-new"), {parameter: value})
    assert response.status_code == 404


def test_the_source_choices_are_only_the_users_own(client, owner, stranger):
    others = make_debrief(interview_of(owner, employer="Secret Employer"))
    client.force_login(stranger)
    form_page = client.get(reverse("debrief:action-new")).text
    assert "Secret Employer" not in form_page
    response = client.post(
        reverse("debrief:action-new"), {"text": "Steal", "area": "skills", "debrief": others.pk}
    )
    assert response.status_code == 200
    assert "Select a valid choice." in response.text
    assert not ActionItem.objects.exists()


def test_it_edits_an_action(owner_client, owner):
    item = make_action_item(owner, "Old text")
    response = owner_client.post(
        reverse("debrief:action-edit", args=[item.pk]), {"text": "New text", "area": "impression"}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.text, item.area) == ("New text", "impression")


def test_it_deletes_an_action_after_confirmation(owner_client, owner):
    item = make_action_item(owner, "Old lesson")
    url = reverse("debrief:action-delete", args=[item.pk])
    confirmation = owner_client.get(url)
    assert confirmation.status_code == 200
    assert "Old lesson" in confirmation.text
    assert owner_client.post(url).status_code == 302
    assert not ActionItem.objects.exists()


# --- Privacy ------------------------------------------------------------------------------------


def test_a_visitor_must_sign_in(client):
    response = client.get(reverse("debrief:action-list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name", ["action-edit", "action-done", "action-delete"])
def test_a_stranger_gets_404_and_changes_nothing(client, owner, stranger, name):
    item = make_action_item(owner, "Private lesson")
    client.force_login(stranger)
    url = reverse(f"debrief:{name}", args=[item.pk])
    if name != "action-done":
        assert client.get(url).status_code == 404
    assert client.post(url, {"text": "Hijacked", "area": "skills"}).status_code == 404
    item.refresh_from_db()
    assert (item.text, item.status) == ("Private lesson", "open")
    assert (
        "Private lesson" not in client.get(reverse("debrief:action-list"), {"status": "all"}).text
    )


# --- Queries ------------------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [5, 50])
def test_the_list_uses_a_fixed_number_of_queries(
    owner_client, owner, rows, django_assert_max_num_queries
):
    for number in range(rows):
        interview = interview_of(owner, employer=f"Employer {number}")
        if number % 2:
            make_action_item(owner, f"Lesson {number}", debrief=make_debrief(interview))
        else:
            feedback = make_feedback_request(interview)
            make_action_item(
                owner, f"Lesson {number}", area="impression", feedback_request=feedback
            )
    with django_assert_max_num_queries(7):
        response = owner_client.get(reverse("debrief:action-list"))
    assert response.status_code == 200
    assert response.text.count('fw-semibold">Lesson ') == min(rows, 25)


@pytest.mark.parametrize("rows", [5, 50])
def test_the_form_uses_a_fixed_number_of_queries(
    owner_client, owner, rows, django_assert_max_num_queries
):
    for number in range(rows):
        interview = interview_of(owner, employer=f"Employer {number}")
        make_debrief(interview)
        make_feedback_request(interview)
    with django_assert_max_num_queries(6):
        response = owner_client.get(reverse("debrief:action-new"))
    assert response.text.count("Data Analyst at Employer") == 2 * rows


def test_the_source_select_offers_the_50_most_recent_and_the_chosen_one(owner_client, owner):
    debriefs = [
        make_debrief(
            make_interview(
                make_application(owner, employer=f"Employer {number}"),
                scheduled_at=timezone.now() - datetime.timedelta(days=100 - number),
            )
        )
        for number in range(60)
    ]
    text = owner_client.get(reverse("debrief:action-new")).text
    assert text.count("at Employer ") == 50
    assert "at Employer 0 " not in text
    oldest = owner_client.get(reverse("debrief:action-new"), {"debrief": debriefs[0].pk}).text
    assert f'<option value="{debriefs[0].pk}" selected>' in oldest
    response = owner_client.post(
        reverse("debrief:action-new") + f"?debrief={debriefs[0].pk}",
        {"text": "Old lesson", "area": "skills", "debrief": debriefs[0].pk},
    )
    assert response.status_code == 302
    assert ActionItem.objects.get().debrief == debriefs[0]
