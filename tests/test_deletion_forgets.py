"""Deleting an account forgets the person: afterwards no text column of any table, anywhere in
the database, holds their address or their name — not an adviser's invitation list or waiting
list, not a notification, not the sign-in logs, not the admin's history — and they are signed out
everywhere."""

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client
from django.utils import timezone

from debrief.models import ClientInvitation, InvitationBatch, SignedInSession, User
from debrief.services import consent, invitations
from tests.adviser_helpers import sign_in_verified
from tests.factories import PASSWORD, make_application, make_interview, make_user

pytestmark = pytest.mark.django_db

EMAIL = "zelda.forgetme@example.org"
NAME = "Zelda Forgetme"
TEXT_TYPES = {"character varying", "text", "json", "jsonb", "character"}


def where_it_remains(*needles: str) -> list[str]:
    """Every table and text column holding any of the needles, case ignored."""
    found = []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = 'public' AND data_type = ANY(%s)",
            [list(TEXT_TYPES)],
        )
        for table, column in cursor.fetchall():
            for needle in needles:
                cursor.execute(
                    f'SELECT count(*) FROM "{table}" WHERE "{column}"::text ILIKE %s',
                    [f"%{needle}%"],
                )
                if cursor.fetchone()[0]:
                    found.append(f"{table}.{column} holds {needle!r}")
    return found


@pytest.fixture
def zelda(adviser):
    """A client known in every corner: invited by an adviser's list, sharing with them (the
    adviser was notified), signed in on two devices, with failed sign-ins and an admin edit."""
    user = make_user(EMAIL, NAME)
    batch = InvitationBatch.objects.create(adviser=adviser, confirmed_at=timezone.now())
    ClientInvitation.objects.create(
        batch=batch,
        line=1,
        typed=f"{EMAIL}, {NAME}",
        email=EMAIL,
        name=NAME,
        status=ClientInvitation.Status.SENT,
        sent_at=timezone.now(),
    )
    consent.client_grant(client=user, adviser=adviser)
    make_interview(make_application(user, employer="Acme"))
    for address in ("203.0.113.1", "203.0.113.2"):
        device = Client(REMOTE_ADDR=address)
        device.post("/accounts/login/", {"username": EMAIL, "password": "wrong"})
        device.post("/accounts/login/", {"username": EMAIL.upper(), "password": PASSWORD})
    LogEntry.objects.create(
        user=make_user("staff@example.com", "Sam Staff"),
        content_type=ContentType.objects.get_for_model(User),
        object_id=str(user.pk),
        object_repr=str(user),
        action_flag=CHANGE,
        change_message="[]",
    )
    return user


def test_the_walk_finds_the_person_before_deletion(zelda):
    remains = where_it_remains(EMAIL, NAME)
    for expected in [
        "debrief_user.email",
        "debrief_clientinvitation.email",
        "debrief_clientinvitation.name",
        "debrief_notification.context",
        "axes_accesslog.username",
        "django_admin_log.object_repr",
    ]:
        assert any(line.startswith(expected) for line in remains), expected


def test_deleting_the_account_leaves_no_trace_of_the_address_or_name(zelda, adviser):
    browser = Client(REMOTE_ADDR="203.0.113.1")
    browser.post("/accounts/login/", {"username": EMAIL, "password": PASSWORD})
    phone = Client(REMOTE_ADDR="203.0.113.2")
    phone.post("/accounts/login/", {"username": EMAIL, "password": PASSWORD})
    assert SignedInSession.objects.filter(user=zelda).count() >= 2

    response = browser.post("/settings/delete-account/", {"password": PASSWORD})

    assert response.status_code == 302
    assert where_it_remains(EMAIL, NAME) == []
    assert phone.get("/dashboard/").status_code == 302  # signed out everywhere
    assert not SignedInSession.objects.exists()


def test_the_address_does_not_come_back_on_the_advisers_waiting_list(zelda, adviser):
    # She shared her record: the adviser's request is answered, so not waiting.
    assert invitations.waiting_for_answer(adviser=adviser) == ([], 0)
    browser = Client()
    browser.force_login(zelda)
    browser.post("/settings/delete-account/", {"password": PASSWORD})

    assert invitations.waiting_for_answer(adviser=adviser) == ([], 0)
    adviser_browser = Client()
    sign_in_verified(adviser_browser, adviser)
    caseload = adviser_browser.get("/adviser/").text
    assert EMAIL not in caseload
    assert NAME not in caseload
