"""The evidence's "your careers service" (services/evidence.py, SHARING_NOW) is the set-based form
of "an adviser may read a client" (`User.objects.clients_of()`): for every persona at the rule's
edges, the SQL names the service exactly when one of its advisers may read the person's record."""

import pytest
from django.db import connection
from django.utils import timezone

from debrief.models import AdviserAccess, Membership, User
from debrief.services.evidence import SHARING_NOW
from tests.factories import grant_access, make_member, make_organisation, make_user

pytestmark = pytest.mark.django_db


def services_of(client) -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT member.organisation_id FROM {SHARING_NOW} AND access.client_id = %s",
            [client.pk],
        )
        return {row[0] for row in cursor.fetchall()}


def readers(client, service) -> bool:
    advisers = User.objects.filter(membership__organisation=service).select_related("membership")
    return (
        any(User.objects.clients_of(adviser).filter(pk=client.pk).exists() for adviser in advisers)
        and User.objects.filter(pk=client.pk, is_active=True).exists()
    )


def sharing(service, client):
    adviser = make_member(service, f"adviser-of-{client.pk}@service.example")
    return grant_access(client, adviser)


def revoked(access):
    AdviserAccess.objects.filter(pk=access.pk).update(
        status=AdviserAccess.Status.REVOKED, ended_at=timezone.now()
    )


def deactivated(access):
    Membership.objects.filter(user=access.adviser).update(deactivated_at=timezone.now())


def no_longer_an_adviser(access):
    User.objects.filter(pk=access.adviser.pk).update(role=User.Role.JOB_SEEKER)


def account_closed(access):
    User.objects.filter(pk=access.client.pk).update(is_active=False)


def pending(access):
    AdviserAccess.objects.filter(pk=access.pk).update(
        status=AdviserAccess.Status.PENDING, granted_at=None
    )


CHANGES = {
    "sharing": (lambda access: None, True),
    "revoked": (revoked, False),
    "adviser deactivated": (deactivated, False),
    "adviser account no longer an adviser's": (no_longer_an_adviser, False),
    "client's account closed": (account_closed, False),
    "only asked": (pending, False),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_the_service_is_named_exactly_when_its_adviser_may_read_the_record(change):
    service = make_organisation()
    client = make_user("client@example.com", "Cleo Client")
    access = sharing(service, client)
    apply, expected = CHANGES[change]
    apply(access)

    assert readers(client, service) is expected
    assert (service.pk in services_of(client)) is expected
