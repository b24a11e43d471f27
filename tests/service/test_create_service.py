"""Platform staff start a careers service from the command line: the organisation, and an
invitation for its first service admin whose link is emailed and printed."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client

from debrief.models import Membership, Organisation, User
from tests.factories import make_user

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_creates_the_service_and_invites_its_admin():
    out = StringIO()

    call_command(
        "create_service",
        "Northshire Careers Service",
        "ana@northshire.example",
        "--admin-name",
        "Ana Admin",
        "--site",
        "https://debrief.example.org",
        stdout=out,
    )

    service = Organisation.objects.get(name="Northshire Careers Service")
    # No account until Ana uses the link: the address stays free for its owner.
    assert not User.objects.filter(email="ana@northshire.example").exists()
    link = out.getvalue().strip().splitlines()[-1]
    assert link.startswith("https://debrief.example.org/join/")
    [email] = mail.outbox
    assert link in email.body
    browser = Client()
    response = browser.get(link.removeprefix("https://debrief.example.org"))
    assert response.url == "/join/"
    password = "a-long-and-fresh-passphrase-42"
    browser.post(
        "/join/", {"display_name": "Ana Admin", "password1": password, "password2": password}
    )
    ana = User.objects.get(email="ana@northshire.example")
    assert ana.membership.organisation == service
    assert ana.membership.role == Membership.Role.ADMIN


def test_it_refuses_an_address_that_has_an_account():
    make_user("sam@example.com", "Sam Seeker")

    with pytest.raises(CommandError, match="already has an account"):
        call_command("create_service", "Northshire", "sam@example.com", stdout=StringIO())

    assert not Organisation.objects.exists()
    assert User.objects.get(email="sam@example.com").role == User.Role.JOB_SEEKER
