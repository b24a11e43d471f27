"""Reminders: who is owed which email at a moment, written once as `Notification` rows.

A scheduler pass (`plan`) walks the users in batches of `BATCH_SIZE` by primary key. Each batch
costs a fixed number of queries whatever its records hold: one for the users and their settings,
at most one per reminder kind for the candidate objects (the digest takes a few more), one insert
of every reminder found, and one short transaction per 500 new rows that enqueues their delivery
task (three queries).

The unique key of a notification (user, kind, object, due date) is a database constraint and the
insert skips conflicts, so a second pass, a second scheduler or a retry creates nothing twice.
Each user's local date and hour decide what is due: morning reminders from 08:00, "interview
tomorrow" from 18:00 the evening before, the digest from 08:00 on the chosen day.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation

from debrief.i18n import language_of
from debrief.models import Notification, User
from debrief.services import queue
from debrief.services.reminder_kinds import KINDS
from debrief.services.reminder_writing import Person, people_for

BATCH_SIZE = 500
DELIVERY_BATCH = 500  # notifications per delivery task
# A task enqueued this long ago whose rows are still pending was lost (its worker was killed):
# 15 minutes by default (settings.REMINDER_LOST_AFTER_SECONDS; make cluster uses 30 s).
LOST_AFTER = datetime.timedelta(seconds=settings.REMINDER_LOST_AFTER_SECONDS)


def recipients():
    """Who may be emailed at all: active accounts whose address is confirmed."""
    return User.objects.reachable()


def by_language(people: dict[int, Person]) -> dict[str, dict[int, Person]]:
    """The batch's people grouped by their language: each group's reminders are written in it
    (subjects and the sentences kept for the email). A batch costs its queries once per
    language among its people, at most twice."""
    groups = {}
    for pk, person in people.items():
        groups.setdefault(language_of(person.user), {})[pk] = person
    return groups


def plan_batch(users: list[User], now: datetime.datetime) -> int:
    people = people_for(users, now)
    found = []
    for language, speakers in by_language(people).items():
        with translation.override(language):
            found += [notification for kind in KINDS for notification in kind(speakers, now)]
    if found:
        Notification.objects.bulk_create(found, ignore_conflicts=True)
    enqueued = 0
    while count := enqueue_pending(now, user_ids=list(people)):
        enqueued += count
        if count < DELIVERY_BATCH:
            break
    return enqueued


def plan(now: datetime.datetime | None = None, *, batch_size: int = BATCH_SIZE, users=None) -> int:
    """One scheduler pass: write what is due at `now` for every user, enqueue its delivery, and
    re-enqueue anything a killed worker left behind. Returns the notifications enqueued.
    `users` (a User queryset) narrows the pass to those of them who may be emailed: the
    benchmark walks its own job seekers, not every account in its database."""
    now = now or timezone.now()
    walked = recipients() if users is None else users.reachable()
    enqueued = 0
    last_pk = 0
    while True:
        batch = list(
            walked.filter(pk__gt=last_pk)
            .select_related("notification_settings")
            .only("pk", "language", "notification_settings")
            .order_by("pk")[:batch_size]
        )
        if not batch:
            break
        last_pk = batch[-1].pk
        enqueued += plan_batch(batch, now)
    return enqueued + rescue(now)


def enqueue_pending(
    now: datetime.datetime, *, user_ids: list[int] | None = None, limit: int = DELIVERY_BATCH
) -> int:
    """Enqueue one delivery task for up to `limit` pending notifications no live task holds
    (small enough to spread over several workers). The rows are
    locked (SKIP LOCKED) so two schedulers enqueue different ones; the task row is written in
    the same transaction, so either both happen or neither."""
    with transaction.atomic():
        pending = Notification.objects.select_for_update(skip_locked=True).filter(
            Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=now - LOST_AFTER),
            status=Notification.Status.PENDING,
            next_attempt_at__lte=now,
        )
        if user_ids is not None:
            pending = pending.filter(user_id__in=user_ids)
        ids = list(pending.order_by("pk").values_list("pk", flat=True)[:limit])
        if ids:
            Notification.objects.filter(pk__in=ids).update(enqueued_at=now)
            queue.enqueue_delivery(ids)
    return len(ids)


def rescue(now: datetime.datetime) -> int:
    """A worker killed mid-send leaves its rows "sending": after a while they are pending again
    (that one email may then go twice: the only gap, between the mail server's yes and the row
    update). Lost tasks leave rows pending: enqueue them again."""
    Notification.objects.filter(
        status=Notification.Status.SENDING, claimed_at__lt=now - LOST_AFTER
    ).update(status=Notification.Status.PENDING)
    total = 0
    while count := enqueue_pending(now):
        total += count
        if count < DELIVERY_BATCH:
            break
    return total
