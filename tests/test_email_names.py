"""A display name never passes for Debrief's own words in an email: names with line breaks,
invisible characters or web addresses are refused, and emails quote the name as data."""

import pytest
from django.core import mail

from debrief.emails import quoted_name
from debrief.models import User
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

SIGNUP = "/accounts/signup/"


def sign_up(client, name: str):
    data = {
        "email": "new.person@example.com",
        "display_name": name,
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    return client.post(SIGNUP, data)


@pytest.mark.parametrize(
    "name",
    [
        "Sam\r\nYour account is suspended",
        "Sam\u202eevil",  # right-to-left override
        "Sam\x1b[31mTaylor",  # a terminal escape
    ],
)
def test_a_name_with_line_breaks_or_invisible_characters_is_refused(client, name):
    response = sign_up(client, name)
    assert response.status_code == 200
    assert "no line breaks or invisible characters" in response.text
    assert not User.objects.exists()


@pytest.mark.parametrize(
    "name", ["Visit evil.example.com", "https://evil.example", "www.evil", "sam@evil.example"]
)
def test_a_name_with_a_web_or_email_address_is_refused(client, name):
    response = sign_up(client, name)
    assert response.status_code == 200
    assert "A name cannot contain a web or email address" in response.text
    assert not User.objects.exists()


@pytest.mark.parametrize(
    "name",
    ["ｅｖｉｌ．ｃｏｍ", "Visit ｗｗｗ．evil"],  # full-width forms read as a link by mail programs
)
def test_a_web_address_in_compatibility_forms_is_refused(client, name):
    response = sign_up(client, name)
    assert "A name cannot contain a web or email address" in response.text
    assert not User.objects.exists()


@pytest.mark.parametrize("name", ["Sam” Your account will be closed “x", 'Sam "Admin"', "«Sam»"])
def test_a_name_with_quotation_marks_is_refused(client, name):
    # Emails quote the name; its own quote marks would close the quotes early.
    response = sign_up(client, name)
    assert "A name cannot contain quotation marks." in response.text
    assert not User.objects.exists()


@pytest.mark.parametrize("name", ["Sam Taylor", "J.R.R. Tolkien", "Anne-Marie O'Neil", "李小龍"])
def test_ordinary_names_are_accepted(client, name):
    assert sign_up(client, name).status_code == 302
    assert User.objects.get().display_name == name


def test_the_confirmation_email_quotes_the_name_after_fixed_words(client):
    sign_up(client, "Sam Taylor")
    message = mail.outbox[0]
    assert message.subject == "Confirm your email address for Debrief"
    assert message.body.startswith("A Debrief account was created with this email address:")
    assert "“Sam Taylor” (new.person@example.com)" in message.body
    assert not any(line.startswith("Sam") for line in message.body.splitlines())


def test_quoted_name_puts_an_older_name_on_one_line_in_quotes():
    # A name saved before the rule, straight into the database.
    user = User(email="sam@example.com", display_name="Sam\nDear customer,\u2028click here")
    assert quoted_name(user) == "“Sam Dear customer, click here” (sam@example.com)"
    assert quoted_name(User(email="sam@example.com", display_name="")) == "sam@example.com"
