import datetime
import re

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from debrief.models import Application, StatusChange
from tests.factories import make_application, make_interview
from tests.html import field_labelled

pytestmark = pytest.mark.django_db

VALID = {
    "employer": "Northwind Trading",
    "role_title": "Junior Data Analyst",
    "location": "Leeds",
    "job_url": "https://jobs.example.com/123",
    "source": "LinkedIn",
    "date_applied": "2026-11-20",
    "closing_date": "2026-12-01",
    "salary": "£28,000",
    "status": "applied",
    "notes": "Referred by Priya.",
}


def test_it_adds_an_application_and_starts_its_stage_history(owner_client, owner):
    response = owner_client.post(reverse("debrief:application-new"), VALID)
    application = Application.objects.get()
    assert response.status_code == 302
    assert response.url == application.get_absolute_url()
    assert application.owner == owner
    assert application.employer == "Northwind Trading"
    history = list(application.status_changes.values_list("status", "changed_on"))
    assert history == [("applied", datetime.date(2026, 11, 20))]


def test_just_after_midnight_in_london_a_new_record_is_dated_the_local_day(owner, clock):
    # 00:30 in London in June is still the day before in UTC.
    clock.move_to(datetime.datetime(2026, 6, 12, 23, 30, tzinfo=datetime.UTC))
    application = Application.objects.create(owner=owner, employer="Acme", role_title="Analyst")
    change = StatusChange.objects.create(application=application, status="applied")
    assert application.date_applied == datetime.date(2026, 6, 13)
    assert change.changed_on == datetime.date(2026, 6, 13)


def test_it_explains_errors_next_to_the_field_and_keeps_what_was_typed(owner_client):
    data = {**VALID, "employer": "", "job_url": "not a link", "date_applied": "2999-01-01"}
    response = owner_client.post(reverse("debrief:application-new"), data)
    assert response.status_code == 200
    text = response.text
    assert "This field is required." in text
    assert "Enter a valid URL." in text
    assert "The date you applied cannot be in the future." in text
    assert 'value="Junior Data Analyst"' in text
    assert "Referred by Priya." in text
    assert not Application.objects.exists()


def test_the_labels_are_the_ones_people_look_for(owner_client):
    response = owner_client.get(reverse("debrief:application-new"))
    fields = {
        "Employer": "employer",
        "Role title": "role_title",
        "Date applied": "date_applied",
        "Status": "status",
        "Closing date": "closing_date",
        "Salary": "salary",
    }
    for label, name in fields.items():
        assert field_labelled(response, label).attrs["name"] == name


def test_editing_the_status_keeps_each_change_with_its_date(owner_client, owner, clock):
    clock.move_to("2026-11-01 09:00:00+00:00")
    application = make_application(owner, date_applied=datetime.date(2026, 11, 1))
    clock.move_to("2026-11-12 09:00:00+00:00")
    owner_client.post(
        reverse("debrief:application-edit", args=[application.pk]),
        {**VALID, "date_applied": "2026-11-01", "status": "rejected"},
    )
    owner_client.post(
        reverse("debrief:application-edit", args=[application.pk]),
        {**VALID, "date_applied": "2026-11-01", "status": "rejected", "notes": "No change"},
    )
    history = list(application.status_changes.values_list("status", "changed_on"))
    assert history == [
        ("applied", datetime.date(2026, 11, 1)),
        ("rejected", datetime.date(2026, 11, 12)),
    ]
    page = owner_client.get(application.get_absolute_url()).text
    assert "Stage history" in page
    assert "12 Nov 2026" in page


def test_the_detail_shows_the_application_with_its_interviews(owner_client, owner):
    application = make_application(owner, employer="Globex", role_title="Analyst")
    make_interview(application, stage="second")
    response = owner_client.get(application.get_absolute_url())
    assert response.status_code == 200
    assert "Globex" in response.text
    assert "Second interview" in response.text
    assert "No debrief yet" in response.text


def test_deleting_asks_first_then_removes_it(owner_client, owner):
    application = make_application(owner)
    make_interview(application)
    url = reverse("debrief:application-delete", args=[application.pk])
    confirm = owner_client.get(url)
    assert "Delete this application?" in confirm.text
    assert "Its 1 interview, with their debriefs" in confirm.text
    assert Application.objects.exists()
    response = owner_client.post(url)
    assert response.url == reverse("debrief:application-list")
    assert not Application.objects.exists()


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "rejected"}, ["Rejected role"]),
        ({"q": "globex"}, ["Globex role"]),
        ({"q": "ANALYST"}, ["Analyst at Initech"]),
        ({"sort": "employer"}, ["Globex role", "Analyst at Initech", "Rejected role"]),
    ],
)
def test_the_list_filters_searches_and_sorts(owner_client, owner, params, expected):
    make_application(owner, employer="Globex", role_title="Globex role")
    make_application(owner, employer="Umbrella", role_title="Rejected role", status="rejected")
    make_application(owner, employer="Initech", role_title="Analyst at Initech")
    response = owner_client.get(reverse("debrief:application-list"), params)
    # The role of each line, as the table shows them.
    assert re.findall(r'<tr>\s*<td>\s*<a href="[^"]*">([^<]*)</a>', response.text) == expected


@pytest.mark.parametrize("bad", ["a\x00b", "x" * 500])
def test_bad_search_input_is_explained_not_a_server_error(owner_client, owner, bad):
    make_application(owner)
    response = owner_client.get(reverse("debrief:application-list"), {"q": bad})
    assert response.status_code == 200
    assert "is-invalid" in response.text


def test_an_unknown_status_or_sort_is_ignored_safely(owner_client, owner):
    make_application(owner)
    response = owner_client.get(
        reverse("debrief:application-list"), {"status": "hacked", "sort": "password"}
    )
    assert response.status_code == 200
    assert len(response.context["page_obj"]) == 1


def test_the_list_paginates(owner_client, owner):
    Application.objects.bulk_create(
        Application(owner=owner, employer=f"E{i}", role_title="R") for i in range(30)
    )
    first = owner_client.get(reverse("debrief:application-list"))
    assert len(first.context["page_obj"]) == 25
    assert "Page 1 of 2" in first.text
    second = owner_client.get(reverse("debrief:application-list"), {"page": 2})
    assert len(second.context["page_obj"]) == 5


def test_a_new_user_sees_what_to_do_first(owner_client):
    response = owner_client.get(reverse("debrief:application-list"))
    assert "Add your first application" in response.text


@pytest.mark.parametrize("rows", [5, 50])
def test_the_list_uses_a_fixed_number_of_queries(
    owner_client, owner, rows, django_assert_max_num_queries
):
    for i in range(rows):
        make_interview(make_application(owner, employer=f"Employer {i}"))
    # session, user, savepoint pair (ATOMIC_REQUESTS), counts by status, page count, page rows
    with django_assert_max_num_queries(7):
        response = owner_client.get(reverse("debrief:application-list"))
    assert response.status_code == 200


@pytest.mark.parametrize("interviews", [1, 20])
def test_the_detail_uses_a_fixed_number_of_queries(
    owner_client, owner, interviews, django_assert_max_num_queries
):
    application = make_application(owner)
    for _ in range(interviews):
        make_interview(application)
    with django_assert_max_num_queries(7):
        owner_client.get(application.get_absolute_url())


def test_another_job_seeker_gets_404_and_changes_nothing(client, owner, stranger):
    application = make_application(owner, employer="Private Ltd")
    client.force_login(stranger)
    for name in ["application-detail", "application-edit", "application-delete"]:
        url = reverse(f"debrief:{name}", args=[application.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, VALID).status_code in (
            404,
            405,
        )  # a read-only page refuses POST (405)
    application.refresh_from_db()
    assert application.employer == "Private Ltd"
    assert "Private Ltd" not in client.get(reverse("debrief:application-list")).text


def test_signed_out_visitors_are_sent_to_sign_in(client, owner):
    application = make_application(owner)
    for url in [reverse("debrief:application-list"), application.get_absolute_url()]:
        assert client.get(url).url.startswith("/accounts/login/")


def test_the_database_refuses_an_unknown_status(owner):
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.create(owner=owner, employer="E", role_title="R", status="maybe")


def test_the_database_refuses_an_unknown_status_in_the_history(owner):
    application = make_application(owner)
    with pytest.raises(IntegrityError), transaction.atomic():
        StatusChange.objects.create(application=application, status="maybe")


def test_the_navigation_marks_the_current_page_and_the_section_of_a_sub_page(owner_client, owner):
    application = make_application(owner)
    applications = 'href="/applications/" aria-current="{}">Applications</a>'
    list_page = owner_client.get(reverse("debrief:application-list")).text
    assert applications.format("page") in list_page
    for url in (
        application.get_absolute_url(),
        reverse("debrief:application-edit", args=[application.pk]),
    ):
        page = owner_client.get(url).text
        assert applications.format("true") in page
        assert 'aria-current="page">Applications' not in page


def test_a_closing_date_before_the_date_applied_is_explained(owner_client):
    data = {**VALID, "date_applied": "2026-11-10", "closing_date": "2026-11-01"}
    response = owner_client.post(reverse("debrief:application-new"), data)
    assert "The closing date cannot be before the date you applied." in response.text
    assert not Application.objects.exists()


def test_a_form_with_errors_starts_with_a_summary_linked_to_each_field(owner_client):
    data = {**VALID, "employer": "", "job_url": "not a link"}
    text = owner_client.post(reverse("debrief:application-new"), data).text
    assert "Please correct these before saving" in text
    for field in ["employer", "job_url"]:
        assert f'href="#div_id_{field}"' in text
        assert f'id="div_id_{field}"' in text
