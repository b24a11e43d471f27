"""What each reminder kind finds due for a batch of people (reminder_writing.Person), in one
query or a few whatever the batch holds, as unsaved `Notification` rows. The pass (reminders.py)
runs every kind in `KINDS`."""

import datetime

from django.db.models import Count, Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from debrief.models import (
    ActionItem,
    Application,
    Debrief,
    FeedbackRequest,
    Interview,
    Notification,
    StarAnswer,
    StatusChange,
    follow_up_day_passed,
)
from debrief.reversing import reverse_remembered
from debrief.services.appointment_reminders import appointments_tomorrow
from debrief.services.reminder_writing import (
    EVENING_HOUR,
    MORNING_HOUR,
    Person,
    day,
    reminder,
    when,
)

Kind = Notification.Kind
NO_NEWS_AFTER = datetime.timedelta(days=30)
WEEK = datetime.timedelta(days=7)
UNSENT_AFTER = datetime.timedelta(hours=48)
DIGEST_ITEMS = 8


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
