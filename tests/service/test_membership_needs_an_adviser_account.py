"""Only an adviser account (two-step sign-in on every page) can be on a careers service's staff:
Membership.clean() says so, saving refuses a job seeker's account whatever the caller, the
Django admin shows the error beside the field, and a member's account cannot be turned into a
job seeker's."""

import pytest
from django.core.exceptions import ValidationError

from debrief.models import Membership, User
from tests.adviser_helpers import sign_in_verified
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def test_clean_refuses_a_job_seekers_account(service, owner):
    membership = Membership(organisation=service, user=owner, role=Membership.Role.ADVISER)

    with pytest.raises(ValidationError) as error:
        membership.full_clean()

    assert "Only an adviser account can be on a careers service" in str(error.value)


def test_saving_refuses_it_too(service, owner):
    with pytest.raises(ValidationError):
        Membership.objects.create(organisation=service, user=owner)

    assert not Membership.objects.exists()


def test_an_adviser_account_is_accepted(service):
    adviser = make_user("ada@example.com", "Ada Adviser", role=User.Role.ADVISER)
    membership = Membership(organisation=service, user=adviser)

    membership.full_clean()
    membership.save()

    assert adviser.membership == membership


def test_a_members_account_stays_an_adviser_account(alex):
    alex.role = User.Role.JOB_SEEKER

    with pytest.raises(ValidationError) as error:
        alex.full_clean()

    assert "stays an adviser" in str(error.value)


def test_the_django_admin_shows_the_error_and_saves_nothing(client, service, owner):
    staff = User.objects.create_superuser("staff@example.com", PASSWORD, display_name="Sam Staff")
    sign_in_verified(client, staff)
    prefix = "memberships"

    response = client.post(
        f"/admin/debrief/organisation/{service.pk}/change/",
        {
            "name": service.name,
            f"{prefix}-TOTAL_FORMS": "1",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-0-user": owner.pk,
            f"{prefix}-0-role": "adviser",
            f"{prefix}-0-deactivated_at_0": "",
            f"{prefix}-0-deactivated_at_1": "",
        },
    )

    assert response.status_code == 200
    assert "Only an adviser account can be on a careers service" in response.text
    assert not Membership.objects.exists()
