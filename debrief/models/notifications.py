"""Reminders: each person's notification settings and the notifications sent."""

import secrets
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from debrief.models.fields import choices_constraint
from debrief.models.people import User


class NotificationKind(models.TextChoices):
    FOLLOW_UP_DUE = "follow_up_due", _("Follow-up due")
    INTERVIEW_TOMORROW = "interview_tomorrow", _("Interview tomorrow")
    DEBRIEF_NOT_WRITTEN = "debrief_not_written", _("Debrief not written")
    FEEDBACK_NOT_SENT = "feedback_not_sent", _("Feedback request not sent yet")
    SELF_ASSESSMENT = "self_assessment", _("Self-assessment to complete")
    NO_NEWS = "no_news", _("No news for 30 days")
    WEEKLY_DIGEST = "weekly_digest", _("Weekly digest")
    ADVISER = "adviser", _("Adviser updates")
    APPOINTMENT_TOMORROW = "appointment_tomorrow", _("Appointment tomorrow")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


def new_calendar_secret() -> str:
    return secrets.token_urlsafe(24)


class NotificationSettings(models.Model):
    """A user's choice of reminders, time zone and calendar link. Created on first change: a user
    without a row has every reminder on, the digest on Mondays and Europe/London time."""

    Kind = NotificationKind
    DEFAULT_TIME_ZONE = "Europe/London"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="notification_settings",
    )
    follow_up_due = models.BooleanField(_("Follow-up due"), default=True)
    interview_tomorrow = models.BooleanField(_("Interview tomorrow"), default=True)
    debrief_not_written = models.BooleanField(_("Debrief not written"), default=True)
    feedback_not_sent = models.BooleanField(_("Feedback request not sent yet"), default=True)
    self_assessment = models.BooleanField(_("Self-assessment to complete"), default=True)
    no_news = models.BooleanField(_("No news for 30 days"), default=True)
    adviser = models.BooleanField(_("Adviser updates"), default=True)
    appointment_tomorrow = models.BooleanField(_("Appointment tomorrow"), default=True)
    digest_day = models.PositiveSmallIntegerField(
        _("Weekly digest"), choices=Weekday, null=True, blank=True, default=Weekday.MONDAY
    )
    time_zone = models.CharField(_("Time zone"), max_length=64, default=DEFAULT_TIME_ZONE)
    calendar_secret = models.CharField(
        max_length=64, unique=True, null=True, blank=True, default=None
    )
    calendar_changed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = _("notification settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(digest_day__isnull=True) | Q(digest_day__gte=0, digest_day__lte=6),
                name="notificationsettings_digest_day_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"Notification settings of {self.user_id}"

    def clean(self):
        super().clean()
        try:
            zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
            raise ValidationError({"time_zone": _("Choose a time zone from the list.")}) from error

    @classmethod
    def of(cls, user: "User") -> "NotificationSettings":
        """The user's settings, unsaved defaults when they never changed them."""
        try:
            return user.notification_settings
        except cls.DoesNotExist:
            return cls(user=user)

    def wants(self, kind: str) -> bool:
        if kind == NotificationKind.WEEKLY_DIGEST:
            return self.digest_day is not None
        return getattr(self, kind)

    def switch_off(self, kind: str) -> None:
        if kind == NotificationKind.WEEKLY_DIGEST:
            self.digest_day = None
        else:
            setattr(self, kind, False)


class NotificationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    SKIPPED = "skipped", _("Not sent (switched off)")
    FAILED = "failed", _("Failed")


class Notification(models.Model):
    """One email Debrief owes a user. The unique key (user, kind, object, due date) makes a
    reminder exist once however many scheduler passes, retries or workers see it."""

    Kind = NotificationKind
    Status = NotificationStatus
    MAX_ATTEMPTS = 5

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=30, choices=Kind)
    # What it is about: an interview, a feedback request, an application, an adviser access or
    # note; the user themself for the digest. Kept as plain values: a reminder outlives nothing.
    object_type = models.CharField(max_length=30)
    object_id = models.BigIntegerField()
    due_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    # What the email says, gathered when it was planned, so sending needs no further query.
    context = models.JSONField(default=dict, blank=True)
    subject = models.CharField(max_length=200, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "object_type", "object_id", "due_on"],
                name="notification_once_per_object_and_day",
            ),
            choices_constraint("kind", NotificationKind, "notification"),
            choices_constraint("status", NotificationStatus, "notification"),
            models.CheckConstraint(
                condition=~Q(status=NotificationStatus.SENT) | Q(sent_at__isnull=False),
                name="notification_sent_has_sent_at",
            ),
        ]
        indexes = [
            models.Index(fields=["user", "-sent_at"], name="notification_user_sent"),
            models.Index(
                fields=["status", "next_attempt_at"],
                name="notification_open",
                condition=Q(status__in=[NotificationStatus.PENDING, NotificationStatus.SENDING]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.user_id} on {self.due_on}"
