"""Emails about the adviser relationship: a client hears of a request and of a note; an adviser
hears of a grant, an acceptance, a decline or a revocation. Names appear only quoted, after
Debrief's own words; no email goes to an address that is not an account, or not confirmed."""

import pytest
from django.core import mail

from debrief.models import AdviserAccess, Notification, NotificationSettings
from debrief.services import consent
from tests.adviser_helpers import sign_in_verified
from tests.factories import make_user
from tests.reminder_helpers import run_worker

# The emails are enqueued when the change commits, and the worker runs them: real transactions.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def tricky_adviser(db):
    from debrief.models import User

    return make_user(
        "ada@example.com", "Debrief Security Team\nReset your password", role=User.Role.ADVISER
    )


def only_email():
    run_worker()
    [email] = mail.outbox
    return email


def test_a_client_is_told_of_a_request_with_the_link_to_accept_or_decline(
    client, owner, tricky_adviser
):
    sign_in_verified(client, tricky_adviser)
    client.post("/adviser/", {"email": owner.email})
    email = only_email()
    assert email.to == [owner.email]
    assert email.subject == "An adviser asked to see your Debrief record"
    assert (
        "An adviser, “Debrief Security Team Reset your password” (ada@example.com), has asked "
        "to see your Debrief record." in email.body
    )
    assert "Accept or decline: http://127.0.0.1:8000/settings/sharing/" in email.body
    assert "Security Team" not in email.subject


def test_an_adviser_is_told_when_a_client_accepts_or_revokes_never_of_a_decline(owner, adviser):
    access = consent.adviser_request(adviser=adviser, client=owner)
    run_worker()
    mail.outbox.clear()
    consent.client_accept(access=access)
    email = only_email()
    assert email.to == [adviser.email]
    assert email.subject == "A client accepted your request in Debrief"
    assert "A client, “Olivia Owner” (owner@example.com), has accepted" in email.body
    mail.outbox.clear()
    consent.client_revoke(access=AdviserAccess.objects.get(pk=access.pk))
    assert only_email().subject == "A client stopped sharing their Debrief record"
    mail.outbox.clear()
    declined = consent.adviser_request(adviser=adviser, client=owner)
    run_worker()
    mail.outbox.clear()
    consent.client_decline(access=declined)
    run_worker()
    # A decline must look like a request still waiting (tests/test_asking_reveals_nothing.py).
    assert mail.outbox == []


def test_an_adviser_is_told_when_a_client_grants_access(owner, adviser):
    consent.client_grant(client=owner, adviser=adviser)
    email = only_email()
    assert email.subject == "A client shared their Debrief record with you"


def test_a_client_is_told_of_a_new_note(client, owner, adviser):
    consent.client_grant(client=owner, adviser=adviser)
    run_worker()
    mail.outbox.clear()
    sign_in_verified(client, adviser)
    response = client.post(f"/adviser/clients/{owner.pk}/notes/new/", {"text": "Well done."})
    assert response.status_code == 302
    email = only_email()
    assert email.to == [owner.email]
    assert email.subject == "An adviser left you a note in Debrief"
    assert "Well done." not in email.body  # The note is read in Debrief, signed in.


def test_asking_for_an_address_that_is_no_account_invites_it_and_says_the_same(client, adviser):
    sign_in_verified(client, adviser)
    response = client.post("/adviser/", {"email": "nobody@example.com"}, follow=True)
    run_worker()
    # The single form is a list of one: an address with no account gets a sign-up invitation.
    [email] = mail.outbox
    assert email.to == ["nobody@example.com"]
    assert email.subject == "A careers adviser invited you to Debrief"
    assert "If nobody@example.com belongs to a Debrief job seeker" in response.text


def test_nothing_is_sent_to_an_unconfirmed_address(adviser):
    unconfirmed = make_user("new@example.com", "New Person")
    unconfirmed.email_confirmed_at = None
    unconfirmed.save()
    # An unconfirmed account cannot be asked at all, so nothing is planned or sent.
    with pytest.raises(consent.ConsentError):
        consent.adviser_request(adviser=adviser, client=unconfirmed)
    run_worker()
    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_adviser_emails_can_be_switched_off(owner, adviser):
    NotificationSettings.objects.create(user=owner, adviser=False)
    consent.adviser_request(adviser=adviser, client=owner)
    run_worker()
    assert mail.outbox == []


def test_a_change_that_rolls_back_sends_nothing(owner, adviser):
    from django.db import transaction

    def request_then_fail():
        with transaction.atomic():
            consent.adviser_request(adviser=adviser, client=owner)
            raise RuntimeError("the request failed after the change")

    with pytest.raises(RuntimeError):
        request_then_fail()
    run_worker()
    assert mail.outbox == []
    assert not Notification.objects.exists()
