"""A careers service deactivates a member of its staff: they lose every client's record at once
(404, as if the pages did not exist), while the clients' consent stays theirs to hand over or
revoke. Advisers outside any service are unaffected."""

import pytest
from django.utils import timezone

from debrief.models import Membership
from tests.adviser_helpers import sign_in_verified
from tests.factories import grant_access, make_member, make_organisation, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def service():
    return make_organisation()


@pytest.fixture
def member(service):
    return make_member(service, "alex@careers.example.ac.uk", "Alex Adviser")


@pytest.fixture
def client_of_member(member):
    person = make_user("sam@example.com", "Sam Seeker")
    grant_access(person, member)
    return person


def test_it_lets_a_current_member_read_their_clients(client, member, client_of_member):
    sign_in_verified(client, member)

    assert client.get("/adviser/").status_code == 200
    assert client.get(f"/adviser/clients/{client_of_member.pk}/").status_code == 200


def test_it_answers_404_everywhere_once_the_member_is_deactivated(client, member, client_of_member):
    sign_in_verified(client, member)
    assert client.get(f"/adviser/clients/{client_of_member.pk}/").status_code == 200

    Membership.objects.filter(user=member).update(deactivated_at=timezone.now())

    # The same signed-in session, on the very next request.
    assert client.get("/adviser/").status_code == 404
    assert client.get(f"/adviser/clients/{client_of_member.pk}/").status_code == 404
    assert client.get(f"/adviser/clients/{client_of_member.pk}/applications/").status_code == 404
    # The client's consent is untouched: theirs to revoke or to move to another adviser.
    assert client_of_member.adviser_accesses.get().status == "active"


def test_it_leaves_advisers_outside_any_service_alone(client, adviser):
    sign_in_verified(client, adviser)

    assert client.get("/adviser/").status_code == 200
