"""'Feedback request not sent yet': one reminder 48 hours after the draft, never again, never
for a request sent in time; its link asks "Did you send it?" and a GET there changes nothing;
the follow-up then counts from the day it was sent."""

import datetime

import pytest
from django.core import mail

from debrief.models import FeedbackRequest, Notification
from tests.factories import make_application, make_feedback_request, make_interview
from tests.reminder_helpers import at, scheduler_pass_and_worker

pytestmark = pytest.mark.django_db(transaction=True)

Kind = Notification.Kind
DRAFTED = "2026-12-06 21:30"


@pytest.fixture
def draft(owner, clock):
    clock.move_to(at(DRAFTED))
    application = make_application(owner, employer="Globex", role_title="Data Analyst")
    interview = make_interview(application, scheduled_at=at("2026-12-04 10:00"))
    return make_feedback_request(interview, contact_name="Jo Bloggs")


def reminders_of(kind=Kind.FEEDBACK_NOT_SENT) -> list:
    return [m for m in mail.outbox if "Did you send" in m.subject]


def test_it_reminds_exactly_once_48_hours_after_the_draft(draft, owner, clock):
    scheduler_pass_and_worker(clock, at("2026-12-08 21:29"))
    assert reminders_of() == []
    scheduler_pass_and_worker(clock, at("2026-12-08 21:30"))
    [email] = reminders_of()
    assert email.subject == "Did you send your feedback request to Globex?"
    assert f"http://127.0.0.1:8000/feedback/{draft.pk}/send/" in email.body
    assert "Sunday 6 December" in email.body
    for later in ("2026-12-08 23:00", "2026-12-09 08:00", "2026-12-12 09:00"):
        scheduler_pass_and_worker(clock, at(later))
    assert len(reminders_of()) == 1
    assert Notification.objects.filter(user=owner, kind=Kind.FEEDBACK_NOT_SENT).count() == 1


def test_a_draft_made_late_at_night_is_reminded_in_the_morning(owner, clock):
    clock.move_to(at("2026-12-06 02:00"))
    interview = make_interview(make_application(owner), scheduled_at=at("2026-12-04 10:00"))
    make_feedback_request(interview)
    scheduler_pass_and_worker(clock, at("2026-12-08 02:00"))
    scheduler_pass_and_worker(clock, at("2026-12-08 07:59"))
    assert reminders_of() == []
    scheduler_pass_and_worker(clock, at("2026-12-08 08:00"))
    assert len(reminders_of()) == 1


def test_a_request_sent_in_time_is_never_reminded(draft, clock):
    clock.move_to(at("2026-12-07 09:00"))
    draft.mark_sent(datetime.date(2026, 12, 7))
    scheduler_pass_and_worker(clock, at("2026-12-08 21:30"))
    assert reminders_of() == []
    assert not Notification.objects.filter(kind=Kind.FEEDBACK_NOT_SENT).exists()


def test_its_link_changes_nothing_on_a_get_and_one_press_sends(draft, owner, client, clock):
    scheduler_pass_and_worker(clock, at("2026-12-08 21:30"))
    client.force_login(owner)
    before = FeedbackRequest.objects.filter(pk=draft.pk).values().get()
    page = client.get(f"/feedback/{draft.pk}/send/")
    assert "Did you send it?" in page.text
    assert FeedbackRequest.objects.filter(pk=draft.pk).values().get() == before
    client.post(f"/feedback/{draft.pk}/send/", {"message": draft.message or "Dear Jo,"})
    draft.refresh_from_db()
    # The follow-up counts from the day it was sent, not the day it was drafted.
    assert draft.requested_on == datetime.date(2026, 12, 8)
    assert draft.follow_up_due == datetime.date(2026, 12, 15)
