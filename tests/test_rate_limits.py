"""Rate limits: far above what a person does, but a script cannot create accounts, send reset
emails or fill the database in bulk. Over a limit, a friendly 429 page and nothing done."""

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from debrief.models import Application, User
from tests.adviser_helpers import sign_in_verified
from tests.factories import PASSWORD, grant_access, make_application, make_interview, make_user

pytestmark = pytest.mark.django_db

SIGNUP = "/accounts/signup/"
RESET = "/accounts/password_reset/"


def limit_of(group: str) -> int:
    return int(settings.RATE_LIMITS[group].split("/")[0])


def assert_rate_limited(response) -> None:
    assert response.status_code == 429
    assert "Too many requests" in response.text
    assert "style=" not in response.text


def signup_data(number: int) -> dict:
    return {
        "email": f"person{number}@example.com",
        "display_name": "New Person",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }


@pytest.mark.frozen_at("2026-11-25 10:00:00+00:00")
def test_one_address_can_sign_up_a_classroom_an_hour_and_no_more(client, clock):
    for number in range(limit_of("signup:ip")):
        assert client.post(SIGNUP, signup_data(number)).status_code == 302
        client.logout()
    assert_rate_limited(client.post(SIGNUP, signup_data(99)))
    assert not User.objects.filter(email="person99@example.com").exists()

    clock.move_to("2026-11-25 11:01:00+00:00")
    assert client.post(SIGNUP, signup_data(99)).status_code == 302


def test_reset_emails_are_limited_per_address(client):
    make_user("sam@example.com")
    for _ in range(limit_of("password-reset:ip")):
        # Different targets, so that only the per-address limit counts.
        client.post(RESET, {"email": f"someone{_}@example.com"})
    assert_rate_limited(client.post(RESET, {"email": "sam@example.com"}))
    assert mail.outbox == []


def test_reset_emails_to_one_person_are_limited_whoever_asks(client):
    make_user("sam@example.com")
    for number in range(limit_of("password-reset:email")):
        asker = Client(REMOTE_ADDR=f"198.51.100.{number}")
        assert asker.post(RESET, {"email": "Sam@Example.com"}).status_code == 302
    assert len(mail.outbox) == limit_of("password-reset:email")

    asker = Client(REMOTE_ADDR="198.51.100.200")
    assert_rate_limited(asker.post(RESET, {"email": " sam@example.com"}))
    assert len(mail.outbox) == limit_of("password-reset:email")


def create_urls(owner: User, adviser: User) -> dict[str, str]:
    application = make_application(owner)
    interview = make_interview(application)
    return {
        "application": reverse("debrief:application-new"),
        "interview": reverse("debrief:interview-new", args=[application.pk]),
        "feedback": reverse("debrief:feedback-new", args=[interview.pk]),
        "star": reverse("debrief:star-new"),
        "action": reverse("debrief:action-new"),
        "note": reverse("debrief:adviser-note-new", args=[owner.pk]),
        "debrief": reverse("debrief:debrief-edit", args=[interview.pk]),
        "sharing": reverse("debrief:settings-sharing"),
        "access request": reverse("debrief:adviser-caseload"),
    }


@pytest.mark.parametrize(
    "what",
    [
        "application",
        "interview",
        "feedback",
        "star",
        "action",
        "note",
        "debrief",
        "sharing",
        "access request",
    ],
)
def test_every_create_page_is_limited_per_person(client, owner, adviser, settings, what):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "create:user": "3/h"}
    grant_access(owner, adviser)
    url = create_urls(owner, adviser)[what]
    if what in {"note", "access request"}:
        sign_in_verified(client, adviser)
    else:
        client.force_login(owner)
    for _ in range(3):
        assert client.post(url, {}).status_code == 200  # the form, with its errors
    assert_rate_limited(client.post(url, {}))
    assert client.get(url).status_code == 200  # reading the form is not limited


def test_creating_is_limited_per_address_across_people(owner, stranger, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "create:user": "100/h", "create:ip": "3/h"}
    url = reverse("debrief:action-new")
    first, second = Client(), Client()
    first.force_login(owner)
    second.force_login(stranger)
    assert first.post(url, {}).status_code == 200
    assert first.post(url, {}).status_code == 200
    assert second.post(url, {}).status_code == 200
    assert_rate_limited(second.post(url, {}))


@pytest.mark.frozen_at("2026-11-25 10:00:00+00:00")
def test_the_real_creation_limit_is_reached_only_after_many_new_items(owner_client, clock):
    url = reverse("debrief:application-new")
    data = {"employer": "Acme", "role_title": "Analyst", "status": "applied"}
    data["date_applied"] = "2026-11-20"
    for _ in range(limit_of("create:user")):
        owner_client.post(url, data)
    assert Application.objects.count() == limit_of("create:user")
    assert_rate_limited(owner_client.post(url, data))
    assert Application.objects.count() == limit_of("create:user")
