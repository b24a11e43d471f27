"""/settings/notifications/: each reminder on or off, the digest's day, the time zone, and the
last 50 emails sent. Export includes them; deleting the account deletes them."""

import io
import json
import zipfile

import pytest
from django.test import Client
from django.utils import timezone

from debrief.models import Notification, NotificationSettings
from tests.adviser_helpers import sign_in_verified
from tests.factories import PASSWORD
from tests.html import errors_for

pytestmark = pytest.mark.django_db

FORM = {
    "follow_up_due": "on",
    "interview_tomorrow": "on",
    "no_news": "on",
    "adviser": "on",
    "digest_day": "4",
    "time_zone": "America/New_York",
}


def sent(user, n: int, **fields) -> Notification:
    fields.setdefault("status", Notification.Status.SENT)
    fields.setdefault("sent_at", timezone.now() - timezone.timedelta(minutes=n))
    fields.setdefault("subject", f"Subject number {n}")
    return Notification.objects.create(
        user=user,
        kind=Notification.Kind.FOLLOW_UP_DUE,
        object_type="feedbackrequest",
        object_id=n,
        due_on=timezone.localdate(),
        **fields,
    )


def test_a_new_user_has_every_reminder_on_and_the_digest_on_monday(owner_client):
    page = owner_client.get("/settings/notifications/")
    assert page.status_code == 200
    form = page.context["form"]
    assert form["follow_up_due"].value() is True
    assert form["digest_day"].value() == 0
    assert form["time_zone"].value() == "Europe/London"
    assert "Debrief has not emailed you yet." in page.text


def test_it_saves_the_choices(owner_client, owner):
    response = owner_client.post("/settings/notifications/", FORM)
    assert response.status_code == 302
    prefs = NotificationSettings.objects.get(user=owner)
    assert prefs.debrief_not_written is False
    assert prefs.follow_up_due is True
    assert prefs.digest_day == 4
    assert prefs.time_zone == "America/New_York"


def test_an_unknown_time_zone_is_explained_and_nothing_else_lost(owner_client, owner):
    response = owner_client.post("/settings/notifications/", {**FORM, "time_zone": "Mars/Base"})
    assert response.status_code == 200
    assert errors_for(response, "Time zone") == [
        "Choose a time zone from the list: type a city, for example Europe/London."
    ]
    assert response.context["form"]["digest_day"].value() == "4"
    assert not NotificationSettings.objects.filter(user=owner).exists()


def test_it_lists_the_last_50_sent_newest_first_and_only_mine(owner_client, owner, stranger):
    for n in range(1, 56):
        sent(owner, n)
    sent(stranger, 1, subject="Stranger's email")
    sent(owner, 99, status=Notification.Status.PENDING, sent_at=None)
    page = owner_client.get("/settings/notifications/")
    rows = list(page.context["sent"])
    assert len(rows) == 50
    assert rows[0].subject == "Subject number 1"
    assert "Subject number 50" in page.text
    assert "Subject number 51" not in page.text
    assert "Stranger" not in page.text
    assert "Subject number 99" not in page.text


def test_an_adviser_chooses_only_adviser_emails(client, adviser):
    sign_in_verified(client, adviser)
    page = client.get("/settings/notifications/")
    assert "adviser" in page.context["form"].fields
    assert "follow_up_due" not in page.context["form"].fields
    response = client.post("/settings/notifications/", {"time_zone": "Europe/London"})
    assert response.status_code == 302
    assert NotificationSettings.objects.get(user=adviser).adviser is False


def test_the_page_needs_sign_in_and_declares_its_methods(owner_client):
    assert Client().get("/settings/notifications/").status_code == 302
    assert owner_client.put("/settings/notifications/").status_code == 405


def test_the_export_includes_preferences_and_the_notification_log(owner_client, owner):
    owner_client.post("/settings/notifications/", FORM)
    sent(owner, 1)
    response = owner_client.post("/settings/export/")
    data = json.loads(zipfile.ZipFile(io.BytesIO(response.content)).read("data.json"))
    assert data["notification_settings"]["time_zone"] == "America/New_York"
    assert data["notification_settings"]["digest_day"] == 4
    assert "calendar_secret" not in data["notification_settings"]
    [logged] = data["notifications"]
    assert logged["subject"] == "Subject number 1"
    assert logged["kind"] == "follow_up_due"
    assert logged["status"] == "sent"


def test_deleting_the_account_deletes_preferences_and_notifications(owner_client, owner):
    owner_client.post("/settings/notifications/", FORM)
    sent(owner, 1)
    owner_client.post("/settings/delete-account/", {"password": PASSWORD})
    assert not NotificationSettings.objects.exists()
    assert not Notification.objects.exists()
