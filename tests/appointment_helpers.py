"""Booking an appointment through the adviser's form, and reading the emails it sends."""

import icalendar
from django.core import mail
from django.urls import reverse

from debrief.models import Notification
from debrief.services.delivery import deliver

FIELDS = {
    "date": "2026-12-02",
    "time": "14:30",
    "length_minutes": "45",
    "kind": "mock_interview",
    "place": "in_person",
    "address": "Careers Centre, room 2.14",
    "agenda": "Practise answers for the Acme final interview.",
    "agreed": "",
}


def book(client, owner, **fields):
    return client.post(
        reverse("debrief:adviser-appointment-new", args=[owner.pk]), {**FIELDS, **fields}
    )


def edit(client, appointment, **fields):
    current = {**FIELDS, "date": f"{appointment.date:%Y-%m-%d}", **fields}
    return client.post(
        reverse("debrief:adviser-appointment-edit", args=[appointment.client_id, appointment.pk]),
        current,
    )


def sent_to(address: str) -> list:
    """Deliver what is waiting (as the worker does), then the emails that reached `address`."""
    deliver(list(Notification.objects.filter(status="pending").values_list("pk", flat=True)))
    return [message for message in mail.outbox if message.to == [address]]


def invitation_of(message) -> icalendar.Calendar:
    """The text/calendar part of an email, parsed; it must match the attached .ics file."""
    parts = [content for content, mimetype in message.alternatives if "text/calendar" in mimetype]
    files = [content for name, content, _ in message.attachments if name == "invitation.ics"]
    assert len(parts) == 1
    assert files == parts
    return icalendar.Calendar.from_ical(parts[0])


def the_event(calendar: icalendar.Calendar) -> icalendar.Event:
    (event,) = calendar.walk("VEVENT")
    return event
