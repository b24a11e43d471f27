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
import logging
import zoneinfo
from dataclasses import dataclass
from functools import cache, lru_cache

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from debrief.i18n import language_of
from debrief.models import (
    ActionItem,
    Application,
    Debrief,
    FeedbackRequest,
    Interview,
    Notification,
    NotificationSettings,
    StarAnswer,
    StatusChange,
    User,
    follow_up_day_passed,
)
from debrief.reversing import reverse_remembered
from debrief.services import queue
from debrief.services.appointment_reminders import appointments_tomorrow

logger = logging.getLogger(__name__)

Kind = Notification.Kind
BATCH_SIZE = 500
DELIVERY_BATCH = 500  # notifications per delivery task
MORNING_HOUR = 8
EVENING_HOUR = 18
NO_NEWS_AFTER = datetime.timedelta(days=30)
WEEK = datetime.timedelta(days=7)
UNSENT_AFTER = datetime.timedelta(hours=48)
# A task enqueued this long ago whose rows are still pending was lost (its worker was killed):
# 15 minutes by default (settings.REMINDER_LOST_AFTER_SECONDS; make cluster uses 30 s).
LOST_AFTER = datetime.timedelta(seconds=settings.REMINDER_LOST_AFTER_SECONDS)
DIGEST_ITEMS = 8


@cache
def zone(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(NotificationSettings.DEFAULT_TIME_ZONE)


@dataclass
class Person:
    """A user as one pass sees them: their settings and their local clock."""

    user: User
    prefs: NotificationSettings
    local: datetime.datetime

    @property
    def today(self) -> datetime.date:
        return self.local.date()

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return self.local.tzinfo

    def local_date_of(self, moment: datetime.datetime) -> datetime.date:
        return moment.astimezone(self.tz).date()

    def morning(self, kind: str) -> bool:
        return self.prefs.wants(kind) and self.local.hour >= MORNING_HOUR


def people_for(users: list[User], now: datetime.datetime) -> dict[int, Person]:
    people = {}
    for user in users:
        prefs = NotificationSettings.of(user)
        people[user.pk] = Person(user, prefs, now.astimezone(zone(prefs.time_zone)))
    return people


# A pass writes the same few dates and links into thousands of reminders: each date is written
# once per language and each link's pattern reversed once, not once per reminder (the pass spent
# about half its Python time in date_format and reverse).
@lru_cache(maxsize=4096)
def written_moment(wall_clock: datetime.datetime, language: str) -> str:
    # The key is the local time without its zone (two aware times compare equal across zones)
    # and the language, in which the words are written: it is the active one.
    return _("%(day)s at %(time)s") % {
        "day": date_format(wall_clock, "l j F"),
        "time": f"{wall_clock:%H:%M}",
    }


def when(moment: datetime.datetime, tz) -> str:
    wall_clock = moment.astimezone(tz).replace(tzinfo=None)
    return written_moment(wall_clock, translation.get_language())


@lru_cache(maxsize=4096)
def written_day(date: datetime.date, language: str) -> str:
    return date_format(date, "l j F")


def day(date: datetime.date) -> str:
    if isinstance(date, datetime.datetime):  # aware times compare equal across zones: not a key
        return date_format(date, "l j F")
    return written_day(date, translation.get_language())


def reminder(person: Person, kind: str, obj: str, pk: int, subject: str, **context):
    return Notification(
        user_id=person.user.pk,
        kind=kind,
        object_type=obj,
        object_id=pk,
        due_on=person.today,
        subject=subject[:200],
        context=context,
    )


# --- The kinds ------------------------------------------------------------------------------------


def time_waited(asked_on: datetime.date | None, today: datetime.date) -> str:
    """How long since they were asked, as the email says it: "A week has passed" only when
    about a week has (a follow-up date the person chose may be sooner or later)."""
    if asked_on is None:
        return _("Some time has passed")
    days = (today - asked_on).days
    if 6 <= days <= 8:
        return _("A week has passed")
    if days >= 14 and days % 7 == 0:
        weeks = days // 7
        return ngettext("%(count)s week has passed", "%(count)s weeks have passed", weeks) % {
            "count": weeks
        }
    return ngettext("%(count)s day has passed", "%(count)s days have passed", days) % {
        "count": days
    }


def follow_ups_due(people: dict[int, Person], now) -> list[Notification]:
    """On the day a sent feedback request's follow-up falls due."""
    wanted = {pk: p for pk, p in people.items() if p.morning(Kind.FOLLOW_UP_DUE)}
    if not wanted:
        return []
    # By the request's own owner (kept from its interview by the database): the batch's awaiting
    # requests come from one index (feedbackrequest_owner_awaiting), not through every interview.
    requests = FeedbackRequest.objects.filter(
        owner_id__in=wanted,
        status__in=FeedbackRequest.Status.awaiting_reply(),
        follow_up_due__in={p.today for p in wanted.values()},
    ).values(
        "pk",
        "follow_up_due",
        "requested_on",
        "contact_name",
        "owner_id",
        "interview__application__employer",
        "interview__application__role_title",
    )
    found = []
    for request in requests:
        person = wanted[request["owner_id"]]
        if request["follow_up_due"] != person.today:
            continue
        employer = request["interview__application__employer"]
        found.append(
            reminder(
                person,
                Kind.FOLLOW_UP_DUE,
                "feedbackrequest",
                request["pk"],
                _("Time to follow up your feedback request to %(employer)s")
                % {"employer": employer},
                employer=employer,
                role_title=request["interview__application__role_title"],
                contact_name=request["contact_name"],
                requested_on=day(request["requested_on"]) if request["requested_on"] else "",
                waited=time_waited(request["requested_on"], person.today),
                path=reverse_remembered("debrief:feedback-detail", [request["pk"]]),
            )
        )
    return found


def feedback_requests_not_sent(people: dict[int, Person], now) -> list[Notification]:
    """48 hours after a feedback request was drafted and still not sent: "Did you send it?".
    Its key is the local day the 48 hours end, so later passes find the one already written."""
    wanted = {pk: p for pk, p in people.items() if p.prefs.wants(Kind.FEEDBACK_NOT_SENT)}
    if not wanted:
        return []
    requests = FeedbackRequest.objects.filter(
        owner_id__in=wanted,
        status=FeedbackRequest.Status.NOT_SENT,
        created_at__lte=now - UNSENT_AFTER,
        # A draft older than this was drafted before anyone could remind it: never a late nag.
        created_at__gt=now - UNSENT_AFTER - WEEK,
    ).values(
        "pk",
        "owner_id",
        "created_at",
        "contact_name",
        "interview__application__employer",
        "interview__application__role_title",
    )
    found = []
    for request in requests:
        person = wanted[request["owner_id"]]
        due = (request["created_at"] + UNSENT_AFTER).astimezone(person.tz)
        # In the person's waking hours: a draft made at midnight is reminded at 08:00.
        if due.date() == person.today and person.local.hour < MORNING_HOUR:
            continue
        employer = request["interview__application__employer"]
        notification = reminder(
            person,
            Kind.FEEDBACK_NOT_SENT,
            "feedbackrequest",
            request["pk"],
            _("Did you send your feedback request to %(employer)s?") % {"employer": employer},
            employer=employer,
            role_title=request["interview__application__role_title"],
            contact_name=request["contact_name"],
            drafted_on=day(person.local_date_of(request["created_at"])),
            path=reverse_remembered("debrief:feedback-send", [request["pk"]]),
        )
        notification.due_on = due.date()
        found.append(notification)
    return found


def self_assessments_to_complete(people: dict[int, Person], now) -> list[Notification]:
    """The morning after the employer's feedback arrived, when the self-assessment of that
    interview is missing or part-way: the guide's moment to self-assess, feedback in hand."""
    wanted = {pk: p for pk, p in people.items() if p.morning(Kind.SELF_ASSESSMENT)}
    if not wanted:
        return []
    complete = Debrief.objects.complete().filter(interview_id=OuterRef("interview_id"))
    requests = (
        FeedbackRequest.objects.filter(
            owner_id__in=wanted,
            status=FeedbackRequest.Status.RECEIVED,
            received_on__in={p.today - datetime.timedelta(days=1) for p in wanted.values()},
        )
        .exclude(Exists(complete))
        .values(
            "pk",
            "owner_id",
            "received_on",
            "interview_id",
            "interview__application__employer",
        )
    )
    found = []
    for request in requests:
        person = wanted[request["owner_id"]]
        if request["received_on"] != person.today - datetime.timedelta(days=1):
            continue
        employer = request["interview__application__employer"]
        found.append(
            reminder(
                person,
                Kind.SELF_ASSESSMENT,
                "feedbackrequest",
                request["pk"],
                _("%(employer)s's feedback is in: time for your self-assessment")
                % {"employer": employer},
                employer=employer,
                path=reverse_remembered("debrief:debrief-edit", [request["interview_id"]]),
            )
        )
    return found


def interviews_tomorrow(people: dict[int, Person], now) -> list[Notification]:
    """The evening before an interview (from 18:00), with its preparation sheet."""
    wanted = {
        pk: p
        for pk, p in people.items()
        if p.prefs.wants(Kind.INTERVIEW_TOMORROW) and p.local.hour >= EVENING_HOUR
    }
    if not wanted:
        return []
    interviews = Interview.objects.filter(
        owner_id__in=wanted,
        outcome=Interview.Outcome.AWAITING,
        scheduled_at__gt=now,
        scheduled_at__lt=now + datetime.timedelta(days=2),
    ).values(
        "pk",
        "owner_id",
        "stage",
        "format",
        "scheduled_at",
        "application__employer",
        "application__role_title",
    )
    found = []
    for interview in interviews:
        person = wanted[interview["owner_id"]]
        scheduled = interview["scheduled_at"]
        if person.local_date_of(scheduled) != person.today + datetime.timedelta(days=1):
            continue
        employer = interview["application__employer"]
        found.append(
            reminder(
                person,
                Kind.INTERVIEW_TOMORROW,
                "interview",
                interview["pk"],
                _("Your interview with %(employer)s is tomorrow") % {"employer": employer},
                employer=employer,
                role_title=interview["application__role_title"],
                stage=str(Interview.Stage(interview["stage"]).label),
                format=str(Interview.Format(interview["format"]).label),
                when=when(scheduled, person.tz),
                path=reverse_remembered("debrief:interview-prepare", [interview["pk"]]),
            )
        )
    return found


def debriefs_not_written(people: dict[int, Person], now) -> list[Notification]:
    """The day after an interview that has passed with no debrief."""
    wanted = {pk: p for pk, p in people.items() if p.morning(Kind.DEBRIEF_NOT_WRITTEN)}
    if not wanted:
        return []
    interviews = (
        Interview.objects.filter(
            owner_id__in=wanted,
            scheduled_at__lt=now,
            scheduled_at__gt=now - datetime.timedelta(days=3),
            debrief__isnull=True,
        )
        .exclude(outcome=Interview.Outcome.WITHDRAWN)
        .values("pk", "owner_id", "stage", "scheduled_at", "application__employer")
    )
    found = []
    for interview in interviews:
        person = wanted[interview["owner_id"]]
        if person.local_date_of(interview["scheduled_at"]) != person.today - datetime.timedelta(
            days=1
        ):
            continue
        employer = interview["application__employer"]
        found.append(
            reminder(
                person,
                Kind.DEBRIEF_NOT_WRITTEN,
                "interview",
                interview["pk"],
                _("How did yesterday's interview with %(employer)s go?") % {"employer": employer},
                employer=employer,
                stage=str(Interview.Stage(interview["stage"]).label),
                when=when(interview["scheduled_at"], person.tz),
                path=reverse_remembered("debrief:debrief-edit", [interview["pk"]]),
            )
        )
    return found


def no_news(people: dict[int, Person], now) -> list[Notification]:
    """Thirty days after applying with no interview and no answer: suggest "No response"."""
    wanted = {pk: p for pk, p in people.items() if p.morning(Kind.NO_NEWS)}
    if not wanted:
        return []
    applications = Application.objects.filter(
        owner_id__in=wanted,
        status=Application.Status.APPLIED,
        date_applied__in={p.today - NO_NEWS_AFTER for p in wanted.values()},
        interviews__isnull=True,
    ).values("pk", "owner_id", "employer", "role_title", "date_applied")
    found = []
    for application in applications:
        person = wanted[application["owner_id"]]
        if application["date_applied"] + NO_NEWS_AFTER != person.today:
            continue
        found.append(
            reminder(
                person,
                Kind.NO_NEWS,
                "application",
                application["pk"],
                _("No news from %(employer)s for 30 days") % {"employer": application["employer"]},
                employer=application["employer"],
                role_title=application["role_title"],
                applied_on=day(application["date_applied"]),
                path=reverse_remembered("debrief:application-edit", [application["pk"]]),
            )
        )
    return found


def weekly_digests(people: dict[int, Person], now) -> list[Notification]:
    """On the chosen day from 08:00: the week ahead, what is due, what went forward last week.
    Nothing to say, no email."""
    wanted = {
        pk: p
        for pk, p in people.items()
        if p.morning(Kind.WEEKLY_DIGEST) and p.prefs.digest_day == p.today.weekday()
    }
    if not wanted:
        return []
    latest_today = max(p.today for p in wanted.values())
    week_ago = now - WEEK
    ahead = {pk: [] for pk in wanted}
    for interview in Interview.objects.filter(
        owner_id__in=wanted, scheduled_at__gt=now, scheduled_at__lt=now + WEEK
    ).values("pk", "owner_id", "stage", "scheduled_at", "application__employer"):
        person = wanted[interview["owner_id"]]
        stage = str(Interview.Stage(interview["stage"]).label)
        moment = when(interview["scheduled_at"], person.tz)
        ahead[person.user.pk].append(
            {
                "text": _("%(stage)s with %(employer)s, %(when)s")
                % {"stage": stage, "employer": interview["application__employer"], "when": moment},
                "path": reverse_remembered("debrief:interview-prepare", [interview["pk"]]),
            }
        )
    due = {pk: [] for pk in wanted}
    for request in FeedbackRequest.objects.filter(
        owner_id__in=wanted,
        status__in=FeedbackRequest.Status.awaiting_reply(),
        follow_up_due__lte=latest_today + WEEK,
    ).values("pk", "owner_id", "follow_up_due", "interview__application__employer"):
        person = wanted[request["owner_id"]]
        late = follow_up_day_passed(request["follow_up_due"], person.today)
        due[person.user.pk].append(
            {
                "text": (
                    _("Follow up with %(employer)s: overdue since %(day)s")
                    if late
                    else _("Follow up with %(employer)s: due %(day)s")
                )
                % {
                    "employer": request["interview__application__employer"],
                    "day": day(request["follow_up_due"]),
                },
                "path": reverse_remembered("debrief:feedback-detail", [request["pk"]]),
            }
        )
    for action in ActionItem.objects.filter(
        owner_id__in=wanted, status=ActionItem.Status.OPEN, due_date__lte=latest_today + WEEK
    ).values("pk", "owner_id", "text", "due_date"):
        person = wanted[action["owner_id"]]
        late = action["due_date"] < person.today
        due[person.user.pk].append(
            {
                "text": (
                    _("%(action)s: overdue since %(day)s") if late else _("%(action)s: due %(day)s")
                )
                % {"action": action["text"], "day": day(action["due_date"])},
                "path": reverse_remembered("debrief:action-edit", [action["pk"]]),
            }
        )
    forward = {pk: {} for pk in wanted}
    counts = [
        (
            "debriefs",
            Debrief.objects.filter(interview__owner_id__in=wanted, created_at__gte=week_ago),
            "interview__owner_id",
        ),
        (
            "star_answers",
            StarAnswer.objects.filter(owner_id__in=wanted, created_at__gte=week_ago),
            "owner_id",
        ),
        (
            "interviews",
            Interview.objects.filter(
                owner_id__in=wanted, scheduled_at__gte=week_ago, scheduled_at__lte=now
            ),
            "owner_id",
        ),
        (
            "offers",
            StatusChange.objects.filter(
                application__owner_id__in=wanted,
                status=Application.Status.OFFER,
                changed_on__gt=latest_today - WEEK,
            ),
            "application__owner_id",
        ),
    ]
    for name, queryset, owner in counts:
        for row in queryset.values(owner).annotate(n=Count("pk")).order_by():
            forward[row[owner]][name] = row["n"]
    found = []
    dashboard = reverse("debrief:dashboard")
    for pk, person in wanted.items():
        if not (ahead[pk] or due[pk] or forward[pk]):
            continue
        found.append(
            reminder(
                person,
                Kind.WEEKLY_DIGEST,
                "user",
                pk,
                _("Your week in Debrief: %(day)s") % {"day": day(person.today)},
                ahead=ahead[pk][:DIGEST_ITEMS],
                ahead_more=max(0, len(ahead[pk]) - DIGEST_ITEMS),
                due=due[pk][:DIGEST_ITEMS],
                due_more=max(0, len(due[pk]) - DIGEST_ITEMS),
                forward=forward[pk],
                path=dashboard,
            )
        )
    return found


KINDS = [
    follow_ups_due,
    feedback_requests_not_sent,
    self_assessments_to_complete,
    interviews_tomorrow,
    debriefs_not_written,
    no_news,
    weekly_digests,
    appointments_tomorrow,
]


# --- The pass -----------------------------------------------------------------------------------


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
