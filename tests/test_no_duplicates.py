"""No duplicates: one open feedback request per interview, and every create form carries a one-time
token so a double submit or Back-and-resubmit creates one object and lands on it."""

import re
import threading

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse

from debrief.models import (
    ActionItem,
    AdviserNote,
    Application,
    Debrief,
    FeedbackRequest,
    Interview,
    StarAnswer,
)
from tests.adviser_helpers import sign_in_verified
from tests.factories import (
    grant_access,
    make_application,
    make_feedback_request,
    make_interview,
)

pytestmark = pytest.mark.django_db

APPLICATION = {
    "employer": "Northwind Trading",
    "role_title": "Junior Data Analyst",
    "date_applied": "2026-01-05",
    "status": "applied",
}


def token_of(page: str) -> str:
    match = re.search(r'name="form_token" value="([0-9a-f-]{36})"', page)
    assert match, "the form carries no one-time token"
    return match.group(1)


def test_it_adds_one_application_when_the_same_form_is_sent_twice(owner_client):
    token = token_of(owner_client.get(reverse("debrief:application-new")).text)
    first = owner_client.post(
        reverse("debrief:application-new"), {**APPLICATION, "form_token": token}
    )
    again = owner_client.post(
        reverse("debrief:application-new"), {**APPLICATION, "form_token": token}
    )
    application = Application.objects.get()
    assert first.status_code == again.status_code == 302
    assert first.url == again.url == application.get_absolute_url()
    followed = owner_client.get(again.url)
    assert "already sent and saved once" in followed.text


def test_a_form_sent_again_after_an_error_still_saves_once(owner_client):
    token = token_of(owner_client.get(reverse("debrief:application-new")).text)
    bad = owner_client.post(
        reverse("debrief:application-new"), {**APPLICATION, "employer": "", "form_token": token}
    )
    assert bad.status_code == 200
    assert token_of(bad.text) == token
    good = owner_client.post(
        reverse("debrief:application-new"), {**APPLICATION, "form_token": token}
    )
    assert good.status_code == 302
    assert Application.objects.count() == 1


def test_two_fresh_forms_make_two_applications(owner_client):
    for employer in ["Northwind", "Contoso"]:
        token = token_of(owner_client.get(reverse("debrief:application-new")).text)
        owner_client.post(
            reverse("debrief:application-new"),
            {**APPLICATION, "employer": employer, "form_token": token},
        )
    assert Application.objects.count() == 2


def test_a_form_reloaded_by_back_and_sent_again_lands_on_the_first(owner_client):
    """Some browsers fetch the form afresh on Back: a new token, the same content."""
    for _ in range(2):
        token = token_of(owner_client.get(reverse("debrief:application-new")).text)
        response = owner_client.post(
            reverse("debrief:application-new"), {**APPLICATION, "form_token": token}
        )
    assert Application.objects.count() == 1
    assert response.url == Application.objects.get().get_absolute_url()


def test_the_same_content_later_is_a_new_record(owner_client, clock):
    clock.move_to("2026-03-01 10:00:00+00:00")
    token = token_of(owner_client.get(reverse("debrief:application-new")).text)
    owner_client.post(reverse("debrief:application-new"), {**APPLICATION, "form_token": token})
    clock.move_to("2026-03-01 10:30:00+00:00")
    token = token_of(owner_client.get(reverse("debrief:application-new")).text)
    owner_client.post(reverse("debrief:application-new"), {**APPLICATION, "form_token": token})
    assert Application.objects.count() == 2


def test_one_users_token_is_no_use_to_another(owner_client, stranger):
    token = token_of(owner_client.get(reverse("debrief:application-new")).text)
    owner_client.post(reverse("debrief:application-new"), {**APPLICATION, "form_token": token})
    other = Client()
    other.force_login(stranger)
    response = other.post(reverse("debrief:application-new"), {**APPLICATION, "form_token": token})
    assert response.status_code == 302
    assert Application.objects.filter(owner=stranger).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_double_click_on_save_creates_one_application(owner):
    """Two submissions of the same form at the same moment: the second waits for the first."""
    client = Client()
    client.force_login(owner)
    token = token_of(client.get(reverse("debrief:application-new")).text)
    statuses = []

    def submit():
        try:
            response = client.post(
                reverse("debrief:application-new"), {**APPLICATION, "form_token": token}
            )
            statuses.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302, 302]
    assert Application.objects.count() == 1


def test_back_and_resubmit_of_a_feedback_request_lands_on_the_first(owner_client, owner):
    interview = make_interview(make_application(owner))
    url = reverse("debrief:feedback-new", args=[interview.pk])
    token = token_of(owner_client.get(url).text)
    data = {
        "contact_name": "Jo",
        "contact_email": "jo@acme.example",
        "channel": "email",
        "status": "not_sent",
        "message": "Dear Jo",
        "form_token": token,
    }
    first = owner_client.post(url, data)
    again = owner_client.post(url, data)
    feedback = FeedbackRequest.objects.get()
    assert first.url == again.url == feedback.get_absolute_url()


def test_a_second_open_feedback_request_is_refused_with_a_link_to_the_first(owner_client, owner):
    interview = make_interview(make_application(owner))
    existing = make_feedback_request(interview, status=FeedbackRequest.Status.NOT_SENT)
    url = reverse("debrief:feedback-new", args=[interview.pk])
    page = owner_client.get(url).text
    assert "You already have an open feedback request for this interview" in page
    assert existing.get_absolute_url() in page
    response = owner_client.post(
        url, {"contact_name": "Sam", "channel": "email", "status": "not_sent", "message": "Hi"}
    )
    assert response.status_code == 200
    assert "This interview already has an open feedback request" in response.text
    assert FeedbackRequest.objects.count() == 1


def test_the_database_refuses_a_second_open_request(owner):
    interview = make_interview(make_application(owner))
    make_feedback_request(interview)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_feedback_request(interview)


def test_a_new_request_is_allowed_once_the_first_is_closed(owner_client, owner):
    interview = make_interview(make_application(owner))
    make_feedback_request(
        interview, status=FeedbackRequest.Status.DECLINED, requested_on="2026-01-01"
    )
    response = owner_client.post(
        reverse("debrief:feedback-new", args=[interview.pk]),
        {"contact_name": "Sam", "channel": "email", "status": "not_sent", "message": "Hi"},
    )
    assert response.status_code == 302
    assert FeedbackRequest.objects.count() == 2


@pytest.mark.parametrize(
    ("url_name", "model", "data"),
    [
        (
            "debrief:interview-new",
            Interview,
            {
                "stage": "first",
                "scheduled_at": "2026-01-10T10:00",
                "format": "video",
                "outcome": "awaiting",
            },
        ),
        (
            "debrief:star-new",
            StarAnswer,
            {
                "title": "Late project",
                "situation": "S",
                "task": "T",
                "action": "A",
                "result": "R",
                "strength": "3",
            },
        ),
        ("debrief:action-new", ActionItem, {"text": "Practise", "area": "skills"}),
    ],
)
def test_every_create_form_saves_once(owner_client, owner, url_name, model, data):
    application = make_application(owner, date_applied="2026-01-01")
    args = [application.pk] if url_name == "debrief:interview-new" else []
    url = reverse(url_name, args=args)
    token = token_of(owner_client.get(url).text)
    first = owner_client.post(url, {**data, "form_token": token})
    again = owner_client.post(url, {**data, "form_token": token})
    assert first.status_code == again.status_code == 302, getattr(first, "text", "")[:3000]
    assert first.url == again.url
    assert model.objects.count() == 1


def test_a_debrief_sent_twice_is_saved_once(owner_client, owner):
    interview = make_interview(make_application(owner))
    url = reverse("debrief:debrief-edit", args=[interview.pk])
    token = token_of(owner_client.get(url).text)
    data = {
        "rating_answers": 3,
        "rating_star": 3,
        "rating_manner": 3,
        "rating_suitability": 3,
        "rating_enthusiasm": 3,
        "rating_nerves": 3,
        "overall_feeling": 3,
        "questions-TOTAL_FORMS": 0,
        "questions-INITIAL_FORMS": 0,
        "form_token": token,
    }
    first = owner_client.post(url, data)
    again = owner_client.post(url, data)
    assert first.status_code == again.status_code == 302
    assert Debrief.objects.count() == 1


def test_an_advisers_note_sent_twice_is_saved_once(client, adviser, owner):
    grant_access(owner, adviser)
    sign_in_verified(client, adviser)
    page = client.get(reverse("debrief:adviser-dashboard", args=[owner.pk])).text
    token = token_of(page)
    url = reverse("debrief:adviser-note-new", args=[owner.pk])
    data = {"text": "Well done on the debrief.", "form_token": token}
    first = client.post(url, data)
    again = client.post(url, data)
    assert first.status_code == again.status_code == 302
    assert AdviserNote.objects.count() == 1
