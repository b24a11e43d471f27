"""Services ask for background work through debrief.services.queue; what they enqueue is the
real task of debrief.tasks, on the real queue table, and the worker runs it."""

import datetime

import pytest
from django_tasks_db.models import DBTaskResult

from debrief.services import queue

pytestmark = pytest.mark.django_db


def test_it_enqueues_a_delivery_as_the_tasks_deliver_notifications(clock):
    queue.enqueue_delivery([3, 5])

    (row,) = DBTaskResult.objects.all()
    assert row.task_path == "debrief.tasks.deliver_notifications"
    assert row.args_kwargs == {"args": [[3, 5]], "kwargs": {}}
    assert row.status == "READY"


def test_it_holds_a_retry_until_its_back_off_ends(clock):
    later = clock.now + datetime.timedelta(minutes=5)

    queue.enqueue_delivery([7], run_after=later)

    (row,) = DBTaskResult.objects.all()
    assert row.task_path == "debrief.tasks.deliver_notifications"
    assert row.run_after == later
    assert not DBTaskResult.objects.ready().exists()


def test_it_enqueues_an_invitation_batch_as_the_tasks_send_client_invitations():
    queue.enqueue_invitation_batch(42)

    (row,) = DBTaskResult.objects.all()
    assert row.task_path == "debrief.tasks.send_client_invitations"
    assert row.args_kwargs == {"args": [42], "kwargs": {}}


def test_it_refuses_a_task_nobody_registered():
    with pytest.raises(LookupError, match="no_such_task"):
        queue.registered("no_such_task")
