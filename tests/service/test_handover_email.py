"""A client asked to accept a handover hears of it by email, with the new adviser's name quoted
after Debrief's own words, unless they switched adviser emails off."""

import pytest
from django.core import mail

from debrief.models import NotificationSettings
from debrief.services import organisations
from tests.factories import grant_access, make_user
from tests.reminder_helpers import run_worker

# The emails are enqueued when the change commits, and the worker sends them.
pytestmark = pytest.mark.django_db(transaction=True)


def test_the_client_is_told_of_the_proposal(service_admin, alex, bea):
    sam = make_user("sam@example.com", "Sam Seeker")
    grant_access(sam, alex)

    organisations.propose_handover(
        from_member=alex.membership, to_member=bea.membership, by=service_admin
    )
    run_worker()

    [email] = mail.outbox
    assert email.to == ["sam@example.com"]
    assert email.subject == "Your careers service proposes a new adviser in Debrief"
    assert "An adviser, “Bea Adviser” (bea@northshire.example), is proposed" in email.body
    assert "Nothing is shared with them unless you accept." in email.body
    assert "/settings/sharing/" in email.body


def test_no_email_when_adviser_emails_are_off(service_admin, alex, bea):
    sam = make_user("sam@example.com", "Sam Seeker")
    grant_access(sam, alex)
    NotificationSettings.objects.create(user=sam, adviser=False)

    organisations.propose_handover(
        from_member=alex.membership, to_member=bea.membership, by=service_admin
    )
    run_worker()

    assert mail.outbox == []
