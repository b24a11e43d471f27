import re

import pytest
from django.core import mail
from django.urls import reverse

from debrief.models import User
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db

SIGNUP = "/accounts/signup/"
LOGIN = "/accounts/login/"


def signup_data(**overrides):
    return {
        "email": "new.person@example.com",
        "display_name": "New Person",
        "password1": PASSWORD,
        "password2": PASSWORD,
        **overrides,
    }


def test_it_signs_up_a_job_seeker_who_confirms_and_lands_on_the_dashboard(client):
    response = client.post(SIGNUP, signup_data(), follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/signup/done/"
    assert "Check your email" in response.text
    user = User.objects.get(email="new.person@example.com")
    assert user.role == User.Role.JOB_SEEKER
    assert "_auth_user_id" not in client.session
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    response = client.post(link, follow=True)
    assert response.redirect_chain[-1][0] == reverse("debrief:dashboard")
    assert response.context["user"] == user
    # A link already used signs nobody in.
    client.post("/accounts/logout/")
    client.post(link)
    assert "_auth_user_id" not in client.session


def test_it_stores_the_email_in_lower_case(client):
    client.post(SIGNUP, signup_data(email="Mixed.Case@Example.COM"))
    assert User.objects.filter(email="mixed.case@example.com").exists()


def test_a_taken_address_whatever_its_case_makes_no_second_account(client):
    make_user("taken@example.com")
    response = client.post(SIGNUP, signup_data(email="TAKEN@example.com"))
    assert response.status_code == 302
    assert User.objects.filter(email="taken@example.com").count() == 1
    assert mail.outbox[-1].subject == "You already have a Debrief account"


def test_it_explains_mismatched_and_weak_passwords_and_keeps_what_was_typed(client):
    response = client.post(SIGNUP, signup_data(password1="password", password2="password"))
    assert response.status_code == 200
    assert "This password is too common" in response.text
    assert 'value="new.person@example.com"' in response.text
    assert 'value="New Person"' in response.text
    response = client.post(SIGNUP, signup_data(password2="something-else-entirely"))
    assert "The two password fields didn" in response.text


def test_it_requires_an_email_and_a_name(client):
    response = client.post(SIGNUP, signup_data(email="", display_name=""))
    # Each message stands next to its field and again in the summary above the form.
    assert response.text.count("This field is required.") == 2 * 2
    assert set(response.context["form"].errors) == {"email", "display_name"}
    assert not User.objects.exists()


def test_a_signed_in_user_signs_in_by_email_and_password(client):
    make_user("sam@example.com")
    response = client.post(LOGIN, {"username": "SAM@example.com", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("debrief:dashboard")


def test_a_wrong_password_is_refused_with_a_message(client):
    make_user("sam@example.com")
    response = client.post(LOGIN, {"username": "sam@example.com", "password": "wrong"})
    assert response.status_code == 200
    assert "That email and password do not match an account" in response.text


def test_logout_needs_a_post(client, owner):
    client.force_login(owner)
    assert client.get("/accounts/logout/").status_code == 405
    assert client.get(reverse("debrief:dashboard")).status_code == 200
    response = client.post("/accounts/logout/")
    assert "You have signed out" in response.text
    assert client.get(reverse("debrief:dashboard")).status_code == 302


def test_the_fifth_failure_locks_the_account_even_for_the_right_password(client):
    make_user("sam@example.com")
    for _ in range(4):
        response = client.post(LOGIN, {"username": "sam@example.com", "password": "wrong"})
        assert response.status_code == 200
    response = client.post(LOGIN, {"username": "sam@example.com", "password": "wrong"})
    assert response.status_code == 429
    assert "Too many sign-in attempts" in response.text
    response = client.post(LOGIN, {"username": "sam@example.com", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_ends_after_fifteen_minutes(client, clock):
    make_user("sam@example.com")
    clock.move_to("2026-11-25 10:00:00+00:00")
    for _ in range(5):
        client.post(LOGIN, {"username": "sam@example.com", "password": "wrong"})
    clock.move_to("2026-11-25 10:16:00+00:00")
    response = client.post(LOGIN, {"username": "sam@example.com", "password": PASSWORD})
    assert response.status_code == 302


def test_password_reset_sends_a_link_that_sets_a_new_password(client):
    make_user("sam@example.com", "Sam")
    response = client.post("/accounts/password_reset/", {"email": "sam@example.com"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["sam@example.com"]
    assert "Reset your Debrief password" in message.subject
    link = next(line for line in message.body.splitlines() if "/accounts/reset/" in line)
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path, follow=True)
    assert "Choose a new password" in response.text
    new_password = "a-brand-new-long-passphrase"
    response = client.post(
        response.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert response.status_code == 302
    assert User.objects.get(email="sam@example.com").check_password(new_password)


def test_password_reset_for_an_unknown_email_says_the_same_and_sends_nothing(client):
    response = client.post("/accounts/password_reset/", {"email": "nobody@example.com"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_password_change_needs_the_old_password(client, owner):
    NEW = "x-new-pass-123"
    client.force_login(owner)
    response = client.post(
        "/accounts/password_change/",
        {"old_password": "wrong", "new_password1": NEW, "new_password2": NEW},
    )
    assert "That is not your password. Nothing changed." in response.text
    response = client.post(
        "/accounts/password_change/",
        {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW},
    )
    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.check_password(NEW)


def test_the_dashboard_needs_a_signed_in_user(client):
    response = client.get(reverse("debrief:dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)


def test_the_landing_page_welcomes_visitors_and_sends_users_to_their_dashboard(client, owner):
    response = client.get("/")
    assert response.status_code == 200
    assert "Turn an interview rejection into your next interview" in response.text
    client.force_login(owner)
    assert client.get("/").url == reverse("debrief:dashboard")


def test_create_adviser_makes_an_adviser_account():
    from django.core.management import call_command

    call_command("create_adviser", "Coach@Example.com", "--name", "Coach", "--password", PASSWORD)
    adviser = User.objects.get(email="coach@example.com")
    assert adviser.is_adviser
    assert adviser.display_name == "Coach"


def test_signup_never_creates_an_adviser(client):
    client.post(SIGNUP, signup_data(role="adviser"))
    assert User.objects.get().role == User.Role.JOB_SEEKER


def test_an_adviser_created_without_a_password_can_choose_one_by_reset_link(client):
    from django.core.management import call_command

    call_command("create_adviser", "new.adviser@example.com")
    client.post("/accounts/password_reset/", {"email": "new.adviser@example.com"})
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new.adviser@example.com"]
