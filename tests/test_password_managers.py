"""Accessible authentication (WCAG 3.3.8): password managers recognise the sign-in and sign-up
forms, and nothing stops pasting (no field shorter than what is pasted)."""

import pytest
from django.urls import reverse

from tests.html import field_labelled

pytestmark = pytest.mark.django_db


def test_sign_in_names_the_account_and_its_current_password(client):
    page = client.get(reverse("login"))
    assert field_labelled(page, "Email").attrs["autocomplete"] == "username"
    assert field_labelled(page, "Password").attrs["autocomplete"] == "current-password"


def test_sign_up_names_the_account_and_a_new_password(client):
    page = client.get(reverse("signup"))
    assert field_labelled(page, "Email").attrs["autocomplete"] == "username"
    assert field_labelled(page, "Password").attrs["autocomplete"] == "new-password"
    assert field_labelled(page, "Password confirmation").attrs["autocomplete"] == "new-password"
