"""The day before an appointment, from 08:00, its client and its adviser are each reminded once
(a reminder kind of their own, which each may switch off); a cancelled or declined appointment
reminds nobody."""

import pytest
from django.test import Client

from debrief.models import Appointment, Notification, NotificationSettings
from debrief.services import reminders
from tests.adviser_helpers import sign_in_verified
from tests.appointment_helpers import book, sent_to
from tests.factories import grant_access
from tests.reminder_helpers import at

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

KIND = Notification.Kind.APPOINTMENT_TOMORROW


@pytest.fixture
def appointment(adviser, owner):
    grant_access(owner, adviser)
    client = Client()
    sign_in_verified(client, adviser)
    book(client, owner)  # Wednesday 2 December 2026, 14:30
    Notification.objects.all().delete()
    return Appointment.objects.get()


def reminded(clock, moment):
    clock.move_to(at(moment))
    reminders.plan()
    return sorted(
        Notification.objects.filter(kind=KIND).values_list("user__email", "object_id", "due_on")
    )


def test_both_are_reminded_once_the_day_before(appointment, clock, owner):
    assert reminded(clock, "2026-11-30 09:00") == []
    assert reminded(clock, "2026-12-01 07:59") == []
    day_before = at("2026-12-01 08:00").date()
    expected = [
        ("adviser@example.com", appointment.pk, day_before),
        ("owner@example.com", appointment.pk, day_before),
    ]
    assert reminded(clock, "2026-12-01 08:00") == expected
    assert reminded(clock, "2026-12-01 18:00") == expected  # a later pass adds nothing
    assert reminded(clock, "2026-12-02 09:00") == expected  # nor the day itself

    (email,) = [m for m in sent_to(owner.email) if "Tomorrow" in m.subject]
    assert email.subject == "Tomorrow: mock interview at 14:30"
    assert "Wednesday 2 December at 14:30, for 45 minutes" in email.body
    assert "Where: Careers Centre, room 2.14" in email.body
    assert "“Ada Adviser” (adviser@example.com)" in email.body


def test_cancelled_or_declined_reminds_nobody(appointment, clock):
    Appointment.objects.filter(pk=appointment.pk).update(cancelled_at=clock.now)
    assert reminded(clock, "2026-12-01 08:00") == []
    Appointment.objects.filter(pk=appointment.pk).update(
        cancelled_at=None, response="declined", responded_at=clock.now
    )
    assert reminded(clock, "2026-12-01 08:05") == []


def test_a_person_who_switched_it_off_is_not_reminded(appointment, clock, owner):
    NotificationSettings.objects.create(user=owner, appointment_tomorrow=False)
    assert [email for email, *_ in reminded(clock, "2026-12-01 08:00")] == ["adviser@example.com"]


def test_a_client_who_reads_welsh_is_reminded_in_welsh(appointment, clock, owner):
    owner.language = "cy"
    owner.save(update_fields=["language"])
    reminded(clock, "2026-12-01 08:00")
    (email,) = [m for m in sent_to(owner.email) if "Yfory" in m.subject]
    assert email.subject.startswith("Yfory: ")
    assert email.subject.endswith(" am 14:30")
    assert "Tomorrow" not in email.subject
