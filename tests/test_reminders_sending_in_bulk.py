"""A worker sends a task's emails through one connection and marks the rows whose email went
in one UPDATE per chunk: never a row before its email, and what a stopped worker sent is kept."""

import datetime
import email.policy
import re

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db import connection
from django.test.utils import CaptureQueriesContext

from debrief.models import Notification
from debrief.services import delivery, reminders
from tests.factories import make_user
from tests.reminder_helpers import OutboxBackend, at, run_worker

pytestmark = pytest.mark.django_db(transaction=True)

Status = Notification.Status


def follow_ups(users, per_user: int) -> list[int]:
    rows = Notification.objects.bulk_create(
        Notification(
            user=user,
            kind=Notification.Kind.FOLLOW_UP_DUE,
            object_type="feedbackrequest",
            object_id=n,
            due_on=datetime.date(2026, 12, 8),
            subject=f"Time to follow up with Employer {n}",
            context={"employer": f"Employer {n}", "role_title": "Analyst", "path": f"/f/{n}/"},
            next_attempt_at=at("2026-12-08 08:00"),
        )
        for user in users
        for n in range(per_user)
    )
    return [row.pk for row in rows]


@pytest.fixture
def seekers(clock):
    clock.move_to(at("2026-12-08 09:00"))
    return [make_user(f"seeker{n}@example.com", f"Seeker {n}") for n in range(6)]


class StoppingBackend(OutboxBackend):
    """A mail server session during which the worker is stopped after `delivered` emails."""

    delivered = 7

    def send_messages(self, messages):
        if len(mail.outbox) >= self.delivered:
            raise SystemExit("worker stopped")
        return self.inner.send_messages(messages)


def test_it_marks_the_sent_rows_in_one_update_per_chunk(seekers):
    ids = follow_ups(seekers, per_user=20)  # 120 emails
    with CaptureQueriesContext(connection) as queries:
        outcome = delivery.deliver(ids)
    assert outcome == {"sent": 120, "skipped": 0, "retry": 0, "failed": 0}
    assert len(mail.outbox) == 120
    assert sorted({m.to[0] for m in mail.outbox}) == sorted(u.email for u in seekers)
    marks = [q["sql"] for q in queries if q["sql"].startswith("UPDATE") and "'sent'" in q["sql"]]
    assert len(marks) == -(-120 // delivery.MARK_EVERY)  # 3, not 120
    # The claim, the rows with their users, the marks: nothing per email.
    assert len(queries) == 2 + len(marks)
    assert set(Notification.objects.values_list("status", flat=True)) == {Status.SENT}


def test_a_row_is_marked_sent_only_once_its_email_went(seekers, settings, clock):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.StoppingBackend"}}
    ids = follow_ups(seekers[:1], per_user=12)
    with pytest.raises(SystemExit):
        delivery.deliver(ids)
    # The seven emails that went are marked sent; the five others stay claimed, not sent.
    sent = Notification.objects.filter(status=Status.SENT)
    assert sent.count() == 7
    assert sorted(sent.values_list("subject", flat=True)) == sorted(m.subject for m in mail.outbox)
    assert Notification.objects.filter(status=Status.SENDING).count() == 5
    # Once they have waited long enough, a pass hands the five to a worker: twelve emails, once.
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    clock.move_to(at("2026-12-08 09:20"))
    reminders.plan()
    run_worker()
    assert sorted(m.subject for m in mail.outbox) == sorted(
        Notification.objects.values_list("subject", flat=True)
    )
    assert len(mail.outbox) == 12
    assert set(Notification.objects.values_list("status", flat=True)) == {Status.SENT}


def test_the_reused_headers_write_the_message_the_standard_library_writes(seekers):
    def raw(message):
        text = message.as_bytes()
        return re.sub(rb"=+\d+==", b"BOUNDARY", text)

    for user in seekers[:3]:  # after other emails, so that reused headers would show
        headers = {
            "Date": "Tue, 08 Dec 2026 09:00:00 +0000",
            "Message-ID": f"<{user.pk}@debrief.example>",
            "List-Unsubscribe": f"<{delivery.unsubscribe_url(user.pk, 'follow_up_due')}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
        fields = {
            "subject": f"Time to follow up, {user.display_name} — “Acme”",
            "body": "Hello “there”,\n\nA week has passed.\n",
            "to": [user.email],
            "headers": headers,
        }
        ours = delivery.OneClickEmail(**fields)
        plain = EmailMultiAlternatives(**fields)
        for message in (ours, plain):
            message.attach_alternative("<p>Hello “there”</p>", "text/html")
        standard = email.policy.SMTP.clone(max_line_length=998)
        assert raw(ours.message(policy=email.policy.SMTP)) == raw(plain.message(policy=standard))
        assert f"To: {user.email}".encode() in raw(ours.message(policy=email.policy.SMTP))
