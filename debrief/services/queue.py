"""The services' one way to ask for background work, so that tasks stay the top layer:
debrief.tasks imports the services it runs, and no service imports debrief.tasks.

Each task in debrief.tasks registers itself here (`@queue.register`) when that module is
imported, which DebriefConfig.ready does in every process (web, worker, scheduler, commands,
tests) before any request or command runs. A service enqueues through the `enqueue_*` functions
below, which name the task they need: a task missing from the registry fails loudly."""

import datetime

from django.tasks import Task

_tasks: dict[str, Task] = {}


def register(task: Task) -> Task:
    """For debrief.tasks: make the task reachable by its function's name."""
    _tasks[task.name] = task
    return task


def registered(name: str) -> Task:
    try:
        return _tasks[name]
    except KeyError:
        raise LookupError(
            f"No task {name!r} is registered: debrief.tasks registers it when imported "
            "(DebriefConfig.ready)."
        ) from None


def enqueue_delivery(ids: list[int], *, run_after: datetime.datetime | None = None) -> None:
    """Send these notifications (now, or not before `run_after`: a retry's back-off)."""
    task = registered("deliver_notifications")
    if run_after is not None:
        task = task.using(run_after=run_after)
    task.enqueue(ids)


def enqueue_invitation_batch(batch_id: int) -> None:
    """Send the queued rows of a confirmed invitation batch."""
    registered("send_client_invitations").enqueue(batch_id)


def enqueue_import(batch_id: int) -> None:
    """Create the applications of a confirmed import."""
    registered("import_applications").enqueue(batch_id)
