"""The scheduler (django-crontask) only enqueues: the pass itself runs on a worker."""

import pytest
from crontask import scheduler
from django.core import mail

from debrief.tasks import plan_reminders
from tests.reminder_helpers import at, run_worker
from tests.test_reminders_kinds import follow_up


def test_the_scheduler_enqueues_the_pass_every_five_minutes_and_prunes_old_tasks_nightly():
    jobs = {job.name: str(job.trigger) for job in scheduler.get_jobs()}
    assert jobs["plan_reminders"].startswith(
        "cron[month='*', day='*', day_of_week='*', hour='*', minute='*/5']"
    )
    assert "hour='3', minute='17'" in jobs["prune_task_results"]


@pytest.mark.django_db(transaction=True)
def test_the_pass_enqueued_by_the_scheduler_runs_on_the_worker_and_its_emails_follow(owner, clock):
    clock.move_to(at("2026-11-20 12:00"))
    follow_up(owner)
    clock.move_to(at("2026-12-08 08:05"))
    plan_reminders.enqueue()  # what the scheduler does at 08:05
    run_worker()  # the pass, then (same batch run) the delivery task it enqueued
    [email] = mail.outbox
    assert email.to == [owner.email]
