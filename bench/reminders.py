"""The scheduler's pass at scale: 10,000 job seekers with the demo's record each.

Seeding (once; skipped when they exist): 10,000 confirmed job seekers, each with the demo's
thirty applications and everything hanging off them (seed_demo's HistoryBuilder), dated from the
day they were seeded, with the weekly digest set to the day measured so that every kind is owed.

Measured with DEBUG off and the in-memory email backend: one scheduler pass over those 10,000,
in this process (`reminders.plan`: choosing who is due, writing the rows, enqueueing their
delivery) at 18:00 three days after the seeding, as users per second; then `SEND_WORKERS` real
workers (`db_worker`'s loop, batch mode), each in its own process as compose.yaml runs them,
sending every email it enqueued, as emails per second. The target: the pass and its sending
within 60 s. The CPU seconds of the pass and of the workers are reported beside the wall clock:
on a machine other jobs share, they are the figures that compare from one run to the next.

The pass walks these job seekers only (`plan(users=…)`): the bench database also holds the
careers service's 5,000 clients (bench/service.py, seeded before them), whose records are dated
for the outcome report from the day they were seeded, so what they are owed at the measured
moment changes with the day the database was made.
"""

import datetime
import multiprocessing
import os
import resource
import time

from bench import say

USERS = 10_000
SEED_BATCH = 250
TARGET_SECONDS = 60.0
SEND_WORKERS = 2  # as compose.yaml runs, one per core of the 2-core machine measured
EMAIL_PREFIX = "bench-reminders-"


def seed() -> datetime.date:
    from django.db import transaction
    from django.utils import timezone

    from debrief.demo import DEMO_APPLICATIONS, HistoryBuilder
    from debrief.models import User

    existing = User.objects.filter(email__startswith=EMAIL_PREFIX)
    if existing.count() < USERS:
        existing.delete()
        say(f"Seeding {USERS:,} job seekers with {DEMO_APPLICATIONS} applications each (once)")
        today, now = timezone.localdate(), timezone.now()
        started = time.perf_counter()
        for start in range(0, USERS, SEED_BATCH):
            with transaction.atomic():
                users = User.objects.bulk_create(
                    User(
                        email=f"{EMAIL_PREFIX}{n}@debrief.example",
                        display_name=f"Seeker {n}",
                        password="!",  # unusable: nobody signs in as them
                        email_confirmed_at=now,
                        date_joined=now,
                    )
                    for n in range(start, min(start + SEED_BATCH, USERS))
                )
                for user in users:
                    HistoryBuilder(user, DEMO_APPLICATIONS, 2026, today).build()
            say(f"  {start + len(users):,} users ({time.perf_counter() - started:.0f} s)")
    joined = existing.order_by("date_joined").values_list("date_joined", flat=True).first()
    return timezone.localtime(joined).date()


def cpu_seconds() -> float:
    """This process's CPU time (user and system) so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run_worker(results) -> None:
    """One worker process (forked): the queue's tasks until it is empty; puts the emails sent
    and the CPU seconds it spent (load-independent, unlike the wall clock)."""
    from django.core import mail
    from django.db import connections

    from debrief.tasks import run_queued_tasks

    mail.outbox = []
    started = cpu_seconds()
    run_queued_tasks()
    connections.close_all()
    results.put((len(mail.outbox), cpu_seconds() - started))


def send(workers: int) -> tuple[int, float]:
    """Run `workers` worker processes at once until the queue is empty; returns the emails sent
    and the CPU seconds the workers spent between them."""
    from django.db import connections

    connections.close_all()  # each process opens its own
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    processes = [context.Process(target=run_worker, args=(results,)) for _ in range(workers)]
    for process in processes:
        process.start()
    emails, cpu = map(sum, zip(*(results.get() for _ in processes), strict=True))
    for process in processes:
        process.join()
        if process.exitcode != 0:
            raise RuntimeError(f"a worker process exited with {process.exitcode}")
    return emails, cpu


def measure() -> dict:
    from django.conf import settings
    from django.core import mail
    from django.db import connection
    from django.db.models import Count
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from debrief.models import Notification, NotificationSettings, User
    from debrief.services import reminders

    seeded_on = seed()
    moment = timezone.make_aware(
        datetime.datetime.combine(seeded_on + datetime.timedelta(days=3), datetime.time(18))
    )
    users = User.objects.filter(email__startswith=EMAIL_PREFIX)
    NotificationSettings.objects.filter(user__in=users).delete()
    NotificationSettings.objects.bulk_create(
        NotificationSettings(user_id=pk, digest_day=moment.weekday())
        for pk in users.values_list("pk", flat=True)
    )
    Notification.objects.all().delete()
    DBTaskResult.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    mail.outbox = []
    # Its own job seekers only: the database also holds the careers service's 5,000 clients
    # (bench/service.py), whose records were dated for the report, not for this moment.
    everyone = users.reachable().count()
    batches = -(-everyone // reminders.BATCH_SIZE)

    say(f"Scheduler pass over {everyone:,} users at {moment:%Y-%m-%d %H:%M}")
    load = os.getloadavg()[0]
    started, started_cpu = time.perf_counter(), cpu_seconds()
    # Counted, not captured: capturing makes Django's debug cursor write out every statement,
    # the 2,500-row inserts too, which costs the pass seconds of its own.
    queries = []
    with connection.execute_wrapper(lambda execute, *query: queries.append(1) or execute(*query)):
        reminders.plan(moment, users=users)
    planned, plan_cpu = time.perf_counter() - started, cpu_seconds() - started_cpu
    sending = time.perf_counter()
    emails, send_cpu = send(SEND_WORKERS)
    sent = time.perf_counter() - sending
    total = planned + sent
    kinds = dict(Notification.objects.order_by().values_list("kind").annotate(n=Count("pk")))
    statuses = dict(Notification.objects.order_by().values_list("status").annotate(n=Count("pk")))
    result = {
        "users": everyone,
        "moment": moment.isoformat(),
        "batches": batches,
        "batch_size": reminders.BATCH_SIZE,
        "load_average": round(load, 2),
        "plan_seconds": round(planned, 2),
        "plan_cpu_seconds": round(plan_cpu, 2),
        "plan_cpu_ms_per_user": round(plan_cpu / everyone * 1000, 3),
        "plan_queries": len(queries),
        "plan_queries_per_batch": round(len(queries) / batches, 1),
        "users_per_second": round(everyone / planned),
        "send_workers": SEND_WORKERS,
        "send_seconds": round(sent, 2),
        "send_cpu_seconds": round(send_cpu, 2),
        "send_cpu_ms_per_email": round(send_cpu / emails * 1000, 3),
        "emails": emails,
        "emails_per_second": round(emails / sent),
        "emails_per_second_per_worker": round(emails / sent / SEND_WORKERS),
        "by_kind": kinds,
        "by_status": statuses,
        "seconds": round(total, 2),
        "target_seconds": TARGET_SECONDS,
        "passed": total <= TARGET_SECONDS and statuses == {Notification.Status.SENT: emails},
    }
    say(
        f"  plan {planned:.1f} s ({len(queries)} queries, {result['plan_queries_per_batch']} "
        f"per batch of {reminders.BATCH_SIZE}), {result['users_per_second']:,} users/s; "
        f"{SEND_WORKERS} workers sent {emails:,} emails in {sent:.1f} s "
        f"({result['emails_per_second']:,} per second); CPU in this process {plan_cpu:.1f} s "
        f"({result['plan_cpu_ms_per_user']} ms a user), in the workers {send_cpu:.1f} s "
        f"({result['send_cpu_ms_per_email']} ms an email); load average {load:.1f}; "
        f"rows by status: {statuses}"
    )
    result["summary"] = (
        f"{'PASS' if result['passed'] else 'FAIL'}  scheduler pass over {everyone:,} users and "
        f"its {emails:,} emails within {TARGET_SECONDS:g} s: {total:.1f} s (plan {planned:.1f} s, "
        f"{result['users_per_second']:,} users/s; send {sent:.1f} s, "
        f"{result['emails_per_second']:,} emails/s with {SEND_WORKERS} workers)"
    )
    say(result["summary"])
    return result
