"""Who may be emailed (besides confirmation and password reset): one rule in two forms,
`User.objects.reachable()` for sets of people and `emails.may_email()` for one. Each persona at
the rule's edges gets the same answer from both."""

import pytest
from django.utils import timezone

from debrief.emails import may_email
from debrief.models import Membership, User
from tests.factories import make_member, make_organisation, make_user

pytestmark = pytest.mark.django_db


def unconfirmed():
    user = make_user("unconfirmed@example.com")
    User.objects.filter(pk=user.pk).update(email_confirmed_at=None)
    return user


def inactive():
    user = make_user("inactive@example.com")
    User.objects.filter(pk=user.pk).update(is_active=False)
    return user


def deactivated_adviser():
    adviser = make_member(make_organisation(), "gone@service.example")
    Membership.objects.filter(user=adviser).update(deactivated_at=timezone.now())
    return adviser


PERSONAS = {
    "a confirmed job seeker": (lambda: make_user("seeker@example.com"), True),
    "an unconfirmed address": (unconfirmed, False),
    "a closed account": (inactive, False),
    "an adviser of a service": (lambda: make_member(make_organisation(), "a@s.example"), True),
    "an adviser on their own": (
        lambda: make_user("solo@example.com", role=User.Role.ADVISER),
        True,
    ),
    "an adviser their service deactivated": (deactivated_adviser, False),
}


@pytest.mark.parametrize("persona", list(PERSONAS))
def test_both_forms_give_the_same_answer(persona):
    make, expected = PERSONAS[persona]
    user = User.objects.select_related("membership").get(pk=make().pk)

    assert may_email(user) is expected
    assert User.objects.reachable().filter(pk=user.pk).exists() is expected
