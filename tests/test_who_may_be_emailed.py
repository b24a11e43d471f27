"""Who may be emailed (besides confirmation and password reset): one rule,
`User.objects.reachable()`. `emails.may_email()` asks it of one person and the delivery of a batch
of notifications asks it once for the batch; each persona at the rule's edges gets its answer
from all three."""

import pytest
from django.core import mail
from django.utils import timezone

from debrief.emails import may_email
from debrief.models import Membership, Notification, User
from debrief.services import delivery
from tests.factories import make_member, make_organisation, make_user

pytestmark = pytest.mark.django_db


def unconfirmed():
    user = make_user("unconfirmed@example.com")
    User.objects.filter(pk=user.pk).update(email_confirmed_at=None)
    return user


def confirmed_just_now():
    user = unconfirmed()
    User.objects.get(pk=user.pk).confirm_email()
    return user


def inactive():
    user = make_user("inactive@example.com")
    User.objects.filter(pk=user.pk).update(is_active=False)
    return user


def deactivated_adviser():
    adviser = make_member(make_organisation(), "gone@service.example")
    Membership.objects.filter(user=adviser).update(deactivated_at=timezone.now())
    return adviser


def reactivated_adviser():
    adviser = deactivated_adviser()
    Membership.objects.filter(user=adviser).update(deactivated_at=None)
    return adviser


def deactivated_member_no_longer_an_adviser():
    """The two copies the rule had disagreed here: one asked the role first."""
    adviser = deactivated_adviser()
    User.objects.filter(pk=adviser.pk).update(role=User.Role.JOB_SEEKER)
    return adviser


PERSONAS = {
    "a confirmed job seeker": (lambda: make_user("seeker@example.com"), True),
    "an unconfirmed address": (unconfirmed, False),
    "an address confirmed a moment ago": (confirmed_just_now, True),
    "a closed account": (inactive, False),
    "an adviser of a service": (lambda: make_member(make_organisation(), "a@s.example"), True),
    "an adviser on their own": (
        lambda: make_user("solo@example.com", role=User.Role.ADVISER),
        True,
    ),
    "an adviser their service deactivated": (deactivated_adviser, False),
    "an adviser their service reactivated": (reactivated_adviser, True),
    "a deactivated member whose account is no longer an adviser's": (
        deactivated_member_no_longer_an_adviser,
        False,
    ),
}


@pytest.mark.parametrize("persona", list(PERSONAS))
def test_every_reader_of_the_rule_gives_the_same_answer(persona):
    make, expected = PERSONAS[persona]
    user = User.objects.select_related("membership").get(pk=make().pk)

    assert User.objects.reachable().filter(pk=user.pk).exists() is expected
    assert may_email(user) is expected

    notification = Notification.objects.create(
        user=user,
        kind=Notification.Kind.ADVISER,
        object_type="note",
        object_id=1,
        due_on=timezone.localdate(),
        subject="A note from your adviser",
        context={"event": "note", "sentence": "A note.", "path": "/", "details": []},
    )
    mail.outbox = []
    delivery.deliver([notification.pk])
    notification.refresh_from_db()
    expected_status = Notification.Status.SENT if expected else Notification.Status.SKIPPED
    assert notification.status == expected_status
    assert [message.to for message in mail.outbox] == ([[user.email]] if expected else [])
