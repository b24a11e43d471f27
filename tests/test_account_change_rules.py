"""Changing one's name or email follows the account rules: the name is checked like at sign-up,
the address is spelt one way, and the emails quote the name after Debrief's own words."""

import pytest
from django.core import mail

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

URL = "/settings/account/"


def test_it_refuses_a_name_that_could_pose_as_a_link(owner_client, owner):
    response = owner_client.post(URL, {"display_name": "Visit evil.com", "email": owner.email})
    assert response.status_code == 200
    assert "A name cannot contain a web or email address" in response.text
    owner.refresh_from_db()
    assert owner.display_name != "Visit evil.com"


def test_the_change_email_quotes_the_name_and_never_opens_with_it(owner_client, owner):
    owner_client.post(
        URL,
        {"display_name": "Sam Owner", "email": "ＮＥＷ@example.com", "current_password": PASSWORD},
    )
    message = mail.outbox[-1]
    assert message.to == ["new@example.com"]
    assert f"“Sam Owner” ({owner.email})" in message.body
    assert not any(line.startswith(("Hello", "Sam")) for line in message.body.splitlines())
