"""The private calendar feed (RFC 5545): interviews, follow-ups due, actions' due dates and
appointments with an adviser (for an adviser: those with their clients).

Four queries whatever the size of the record. UIDs are stable (the row's kind and id), so a
calendar app updates an event in place when it moves.
"""

import datetime

import icalendar
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from debrief.models import (
    ActionItem,
    Appointment,
    FeedbackRequest,
    Interview,
    NotificationSettings,
    User,
    new_calendar_secret,
)
from debrief.services.appointments import DOMAIN
from debrief.services.appointments import event as appointment_event
from debrief.services.reminder_writing import zone

INTERVIEW_LENGTH = datetime.timedelta(hours=1)
ALARM_HOUR = 18
KEEP_PAST = datetime.timedelta(days=90)


def feed_path(secret: str) -> str:
    return reverse("debrief:calendar-feed", args=[secret])


def new_secret(user: User) -> bool:
    """Give the user a new calendar address; the old one stops at once. True if there was one."""
    with transaction.atomic():
        prefs, _ignored = NotificationSettings.objects.select_for_update().get_or_create(user=user)
        had = prefs.calendar_secret is not None
        prefs.calendar_secret = new_calendar_secret()
        prefs.calendar_changed_at = timezone.now()
        prefs.save()
    return had


def link(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def interview_event(interview: Interview, tz) -> icalendar.Event:
    application = interview.application
    event = icalendar.Event()
    event.add("uid", f"interview-{interview.pk}@{DOMAIN}")
    event.add("dtstamp", interview.updated_at)
    event.add("last-modified", interview.updated_at)
    event.add("dtstart", interview.scheduled_at)
    event.add("dtend", interview.scheduled_at + INTERVIEW_LENGTH)
    event.add(
        "summary",
        _("%(stage)s: %(role)s at %(employer)s")
        % {
            "stage": interview.get_stage_display(),
            "role": application.role_title,
            "employer": application.employer,
        },
    )
    event.add("location", application.location or interview.get_format_display())
    prepare = link(reverse("debrief:interview-prepare", args=[interview.pk]))
    event.add(
        "description",
        (
            _("%(format)s interview. Interviewers: %(interviewers)s.\nPrepare: %(link)s")
            if interview.interviewers
            else _("%(format)s interview. Interviewers: not recorded.\nPrepare: %(link)s")
        )
        % {
            "format": interview.get_format_display(),
            "interviewers": interview.interviewers,
            "link": prepare,
        },
    )
    event.add("url", prepare)
    evening_before = datetime.datetime.combine(
        interview.scheduled_at.astimezone(tz).date() - datetime.timedelta(days=1),
        datetime.time(ALARM_HOUR),
        tzinfo=tz,
    )
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add(
        "description",
        _("Tomorrow: %(summary)s. Read your preparation sheet.") % {"summary": event["summary"]},
    )
    alarm.add("trigger", evening_before.astimezone(datetime.UTC))
    event.add_component(alarm)
    return event


def all_day(uid: str, date: datetime.date, summary: str, url: str, stamp) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", f"{uid}@{DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("last-modified", stamp)
    event.add("dtstart", date)
    event.add("dtend", date + datetime.timedelta(days=1))
    event.add("summary", summary)
    event.add("url", url)
    event.add("transp", "TRANSPARENT")
    return event


def build(
    user: User, prefs: NotificationSettings, today: datetime.date
) -> tuple[bytes, datetime.datetime]:
    """The feed's body and the time of its latest change."""
    tz = zone(prefs.time_zone)
    since = timezone.now() - KEEP_PAST
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Debrief//Reminders//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "Debrief")
    latest = prefs.calendar_changed_at or user.date_joined
    interviews = Interview.objects.for_user(user).filter(scheduled_at__gte=since)
    for interview in interviews.select_related("application"):
        cal.add_component(interview_event(interview, tz))
        latest = max(latest, interview.updated_at)
    follow_ups = (
        FeedbackRequest.objects.for_user(user)
        .awaiting_reply()
        .filter(follow_up_due__isnull=False)
        .select_related("interview__application")
    )
    for request in follow_ups:
        application = request.interview.application
        cal.add_component(
            all_day(
                f"follow-up-{request.pk}",
                request.follow_up_due,
                _("Follow up: feedback from %(employer)s") % {"employer": application.employer},
                link(reverse("debrief:feedback-detail", args=[request.pk])),
                request.updated_at,
            )
        )
        latest = max(latest, request.updated_at)
    actions = ActionItem.objects.for_user(user).filter(
        Q(status=ActionItem.Status.OPEN) | Q(due_date__gte=today - KEEP_PAST),
        due_date__isnull=False,
    )
    for action in actions:
        cal.add_component(
            all_day(
                f"action-{action.pk}",
                action.due_date,
                _("Action due: %(action)s") % {"action": action.text},
                link(reverse("debrief:action-edit", args=[action.pk])),
                action.updated_at,
            )
        )
        latest = max(latest, action.updated_at)
    appointments = (
        Appointment.objects.filter(Q(client=user) | Q(adviser=user), date__gte=today - KEEP_PAST)
        .select_related("adviser", "client")
        .order_by("date", "time", "pk")
    )
    for appointment in appointments:
        is_client = appointment.client_id == user.pk
        cal.add_component(appointment_event(appointment, for_client=is_client))
        latest = max(latest, appointment.updated_at)
    return cal.to_ical(), latest
