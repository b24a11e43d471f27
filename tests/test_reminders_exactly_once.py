"""Exactly one email per reminder: two scheduler passes and two workers at once on real
PostgreSQL rows, retries with back-off, a refused address that blocks nobody, a killed worker."""

import datetime
import threading

import pytest
from django.core import mail
from django.db import IntegrityError, connection
from django_tasks_db.models import DBTaskResult

from debrief.models import FeedbackRequest, Notification
from debrief.services import reminders
from tests.factories import make_application, make_feedback_request, make_interview, make_user
from tests.reminder_helpers import at, run_worker

pytestmark = pytest.mark.django_db(transaction=True)

DUE = datetime.date(2026, 12, 8)


def follow_up_due_for(user):
    application = make_application(user)
    interview = make_interview(application, scheduled_at=at("2026-11-27 10:00"))
    return make_feedback_request(
        interview,
        status=FeedbackRequest.Status.REQUESTED,
        requested_on=DUE - datetime.timedelta(days=7),
        follow_up_due=DUE,
    )


@pytest.fixture
def ten_users_due(clock):
    clock.move_to(at("2026-11-20 12:00"))
    users = [make_user(f"seeker{n}@example.com", f"Seeker {n}") for n in range(10)]
    for user in users:
        follow_up_due_for(user)
    clock.move_to(at("2026-12-08 09:00"))
    return users


def in_parallel(*functions) -> None:
    errors = []

    def run(function):
        try:
            function()
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(f,)) for f in functions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors


def test_it_keeps_one_row_per_reminder_in_the_database_itself(owner):
    request = follow_up_due_for(owner)
    fields = {
        "user": owner,
        "kind": Notification.Kind.FOLLOW_UP_DUE,
        "object_type": "feedbackrequest",
        "object_id": request.pk,
        "due_on": DUE,
    }
    Notification.objects.create(**fields)
    with pytest.raises(IntegrityError):
        Notification.objects.create(**fields)


def test_two_schedulers_and_two_workers_at_once_send_each_email_once(ten_users_due):
    in_parallel(reminders.plan, reminders.plan)
    assert Notification.objects.count() == 10
    in_parallel(run_worker, run_worker)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in ten_users_due)
    assert set(Notification.objects.values_list("status", flat=True)) == {"sent"}


def test_two_workers_holding_the_same_task_send_each_email_once(ten_users_due):
    from debrief.tasks import deliver_notifications

    reminders.plan()
    ids = list(Notification.objects.values_list("pk", flat=True))
    # A duplicate of the task (a rescue racing the original): both workers get one.
    deliver_notifications.enqueue(ids)
    deliver_notifications.enqueue(ids)
    assert DBTaskResult.objects.filter(status="READY").count() == 3
    in_parallel(run_worker, run_worker, run_worker)
    assert len(mail.outbox) == 10
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 3


def test_a_refused_address_is_retried_with_back_off_and_blocks_nobody(
    ten_users_due, settings, clock, caplog
):
    settings.MAILERS = {"default": {"BACKEND": "tests.reminder_helpers.RefusingBackend"}}
    bounce = make_user("bounce@example.com", "Bo Bounce")
    follow_up_due_for(bounce)
    reminders.plan()
    run_worker()
    assert len(mail.outbox) == 10
    refused = Notification.objects.get(user=bounce)
    assert refused.status == Notification.Status.PENDING
    assert refused.attempts == 1
    assert refused.next_attempt_at == at("2026-12-08 09:01")
    assert "SMTPRecipientsRefused" in refused.last_error
    assert "attempt=1 failed" in caplog.text
    # Not before its time, then again with longer waits, then given up and logged.
    run_worker()
    assert Notification.objects.get(user=bounce).attempts == 1
    for minutes in (1, 5, 30, 120):
        clock.move_to(clock.now + datetime.timedelta(minutes=minutes))
        run_worker()
    refused.refresh_from_db()
    assert refused.attempts == Notification.MAX_ATTEMPTS
    assert refused.status == Notification.Status.FAILED
    assert "gave up after 5 attempts" in caplog.text
    assert len(mail.outbox) == 10


def test_a_killed_worker_loses_nothing(ten_users_due, clock):
    reminders.plan()
    # The worker died: its task row says RUNNING for ever and one row was claimed, not sent.
    DBTaskResult.objects.update(status="RUNNING")
    claimed = Notification.objects.order_by("pk").first()
    Notification.objects.filter(pk=claimed.pk).update(
        status=Notification.Status.SENDING, claimed_at=at("2026-12-08 09:00")
    )
    run_worker()
    assert mail.outbox == []
    # The next passes, once the rows have waited long enough, hand them to a new task.
    clock.move_to(at("2026-12-08 09:20"))
    reminders.plan()
    run_worker()
    assert len(mail.outbox) == 10
    assert set(Notification.objects.values_list("status", flat=True)) == {"sent"}
