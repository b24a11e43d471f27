"""Personas of the careers service tests: a service (admin Ana, advisers Alex and Bea, and
three clients of Alex when asked for) and another service (admin Otto, adviser Olga)."""

import re

import pytest

from debrief.models import Membership
from tests.factories import grant_access, make_member, make_organisation, make_user


@pytest.fixture
def service(db):
    return make_organisation("Northshire Careers Service")


@pytest.fixture
def service_admin(service):
    return make_member(service, "ana@northshire.example", "Ana Admin", role=Membership.Role.ADMIN)


@pytest.fixture
def alex(service):
    return make_member(service, "alex@northshire.example", "Alex Adviser")


@pytest.fixture
def bea(service):
    return make_member(service, "bea@northshire.example", "Bea Adviser")


@pytest.fixture
def clients_of_alex(alex):
    people = [make_user(f"client{n}@example.com", f"Client Number{n}") for n in range(3)]
    for person in people:
        grant_access(person, alex)
    return people


@pytest.fixture
def other_service(db):
    return make_organisation("Southdown College Careers")


@pytest.fixture
def other_admin(other_service):
    return make_member(
        other_service, "otto@southdown.example", "Otto Admin", role=Membership.Role.ADMIN
    )


@pytest.fixture
def other_adviser(other_service):
    return make_member(other_service, "olga@southdown.example", "Olga Adviser")


def staff_list(text: str) -> dict[str, str]:
    """The service page's staff list: each member's name and the words of their entry."""
    section = text.split('class="list-unstyled staff-list"')[1].split("</ul>")[0]
    entries = {}
    for item in section.split("<li")[1:]:
        words = " ".join(re.sub(r"<[^>]+>", " ", item.split(">", 1)[1]).split())
        name = re.search(r'<h3 class="h6 mb-1">([^<(]+)', item).group(1).strip()
        entries[name] = words
    return entries
