"""The status groupings, written once on ApplicationStatus and rendered into the kept figures'
SQL: which statuses say an application reached an interview, and an offer. Checked against a
table written out here (not the classmethods themselves), through the dashboard's funnel."""

import pytest
from django.urls import reverse

from debrief.models import Application
from tests.factories import make_application

pytestmark = pytest.mark.django_db

Status = Application.Status

# status: (reached an interview, reached an offer), with no interview recorded.
EXPECTED = {
    Status.APPLIED: (False, False),
    Status.INTERVIEWING: (True, False),
    Status.OFFER: (True, True),
    Status.ACCEPTED: (True, True),
    Status.DECLINED: (True, True),
    Status.REJECTED: (False, False),
    Status.WITHDRAWN: (False, False),
    Status.NO_RESPONSE: (False, False),
}


def test_every_status_is_placed():
    assert set(EXPECTED) == set(Status.values)


@pytest.mark.parametrize("status", list(EXPECTED))
def test_the_funnel_counts_each_status_in_its_groups(owner_client, owner, status):
    make_application(owner, status=status)

    figures = owner_client.get(reverse("debrief:dashboard")).context["application_figures"]

    assert (figures["interviewed"], figures["offers"]) == tuple(map(int, EXPECTED[status]))
