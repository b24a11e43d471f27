"""The interview form names the person's own time zone and reads the time in it: someone in New
York who types 10:00 has an interview at 10:00 New York time, shown back as 10:00."""

import datetime

import pytest
from django.urls import reverse

from debrief.models import Interview, NotificationSettings
from tests.factories import make_application

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.frozen_at("2026-11-20 12:00:00+00:00"),
    pytest.mark.usefixtures("clock"),
]


def test_it_names_the_default_time_zone_not_uk_time(owner_client, owner):
    application = make_application(owner, date_applied=datetime.date(2026, 11, 1))
    page = owner_client.get(reverse("debrief:interview-new", args=[application.pk])).text
    assert "Date and time in your time zone (Europe/London)" in page
    assert "UK time" not in page


def test_it_reads_and_shows_the_time_in_the_persons_time_zone(owner_client, owner):
    NotificationSettings.objects.create(user=owner, time_zone="America/New_York")
    application = make_application(owner, date_applied=datetime.date(2026, 11, 1))
    new = reverse("debrief:interview-new", args=[application.pk])
    assert "Date and time in your time zone (America/New York)" in owner_client.get(new).text
    owner_client.post(
        new,
        {
            "stage": "first",
            "scheduled_at": "2026-11-27T10:00",
            "format": "video",
            "outcome": "awaiting",
        },
    )
    interview = Interview.objects.get()
    assert interview.scheduled_at == datetime.datetime(2026, 11, 27, 15, 0, tzinfo=datetime.UTC)
    edit = owner_client.get(reverse("debrief:interview-edit", args=[interview.pk])).text
    assert 'value="2026-11-27T10:00"' in edit
