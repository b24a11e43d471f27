"""Every redirect that follows user input goes to a path on this site: a plain word (which
`redirect()` would take for a URL name) or another site gives the page's usual destination."""

import pytest
from django.urls import reverse

from tests.adviser_helpers import sign_in_verified
from tests.factories import PASSWORD, make_action_item, make_user

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
UNSAFE = ["dashboard", "debrief:dashboard", "//evil.example/", "https://evil.example/", "/\\evil"]


@pytest.mark.parametrize("target", UNSAFE)
def test_sign_in_ignores_a_next_that_is_not_a_path_here(client, target):
    make_user("sam@example.com")
    response = client.post(
        LOGIN, {"username": "sam@example.com", "password": PASSWORD, "next": target}
    )
    assert response.status_code == 302
    assert response.url == reverse("debrief:dashboard")


def test_sign_in_follows_a_path_here(client):
    make_user("sam@example.com")
    target = reverse("debrief:action-list")
    response = client.post(
        f"{LOGIN}?next={target}", {"username": "sam@example.com", "password": PASSWORD}
    )
    assert response.url == target


@pytest.mark.parametrize("target", UNSAFE)
def test_a_signed_in_visitor_to_the_sign_in_page_goes_to_the_dashboard(owner_client, target):
    response = owner_client.get(LOGIN, {"next": target})
    assert response.status_code == 302
    assert response.url == reverse("debrief:dashboard")


@pytest.mark.parametrize("target", UNSAFE)
def test_marking_an_action_done_ignores_an_unsafe_next(owner_client, owner, target):
    action = make_action_item(owner)
    response = owner_client.post(reverse("debrief:action-done", args=[action.pk]), {"next": target})
    assert response.status_code == 302
    assert response.url == reverse("debrief:action-list")


@pytest.mark.parametrize("target", UNSAFE)
def test_two_step_verification_ignores_an_unsafe_next(client, adviser, target):
    sign_in_verified(client, adviser)
    response = client.get(reverse("debrief:adviser-2fa-verify"), {"next": target})
    assert response.status_code == 302
    assert response.url == reverse("debrief:adviser-caseload")


@pytest.mark.parametrize("target", UNSAFE)
def test_signing_out_ignores_an_unsafe_next(owner_client, target):
    response = owner_client.post("/accounts/logout/", {"next": target})
    assert response.status_code == 200
    assert "_auth_user_id" not in owner_client.session


def test_signing_out_follows_a_path_here(owner_client):
    response = owner_client.post("/accounts/logout/", {"next": "/"})
    assert response.status_code == 302
    assert response.url == "/"
