"""The silence clock: how long each person waits before Debrief asks "No reply — close this
one?", whether they are counted in the evidence of how often employers answer, and the answers
they gave to that question (so it is asked once)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from debrief.models.applications import Application, Interview, OwnedQuerySet
from debrief.models.feedback import FeedbackRequest
from debrief.models.fields import choices_constraint
from debrief.summaries.triggers import keep_summaries

INTERVIEW_QUIET_DAYS = 14
REQUEST_QUIET_WORKING_DAYS = 10
# An application with no interview: the dashboard's "no news for a month" (SILENT_AFTER).
APPLICATION_QUIET_DAYS = 30
QUIET_DAYS_RANGE = (3, 90)
QUIET_WORKING_DAYS_RANGE = (2, 60)


class ReplySettings(models.Model):
    """One person's choices about waiting for employers. Created on first change: a person
    without a row waits the defaults and is counted in the evidence."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="reply_settings",
    )
    interview_quiet_days = models.PositiveSmallIntegerField(
        _("Days after an interview with no outcome"),
        default=INTERVIEW_QUIET_DAYS,
        validators=[MinValueValidator(QUIET_DAYS_RANGE[0]), MaxValueValidator(QUIET_DAYS_RANGE[1])],
        help_text=format_lazy(
            _("Debrief asks whether to close it after this many days ({low} to {high})."),
            low=QUIET_DAYS_RANGE[0],
            high=QUIET_DAYS_RANGE[1],
        ),
    )
    request_quiet_working_days = models.PositiveSmallIntegerField(
        _("Working days after a feedback request or its follow-up"),
        default=REQUEST_QUIET_WORKING_DAYS,
        validators=[
            MinValueValidator(QUIET_WORKING_DAYS_RANGE[0]),
            MaxValueValidator(QUIET_WORKING_DAYS_RANGE[1]),
        ],
        help_text=format_lazy(
            _("Monday to Friday ({low} to {high})."),
            low=QUIET_WORKING_DAYS_RANGE[0],
            high=QUIET_WORKING_DAYS_RANGE[1],
        ),
    )
    counted_in_evidence = models.BooleanField(
        _("Count my feedback requests in Debrief's evidence"),
        default=True,
        help_text=_(
            "Only totals of at least 20 requests from at least 5 people are ever shown; "
            "never your name, an employer or a date."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = _("reply settings")
        triggers = keep_summaries()
        constraints = [
            models.CheckConstraint(
                condition=Q(interview_quiet_days__gte=QUIET_DAYS_RANGE[0])
                & Q(interview_quiet_days__lte=QUIET_DAYS_RANGE[1]),
                name="replysettings_interview_days_range",
            ),
            models.CheckConstraint(
                condition=Q(request_quiet_working_days__gte=QUIET_WORKING_DAYS_RANGE[0])
                & Q(request_quiet_working_days__lte=QUIET_WORKING_DAYS_RANGE[1]),
                name="replysettings_request_days_range",
            ),
        ]

    def __str__(self) -> str:
        return f"Reply settings of {self.user_id}"

    @classmethod
    def of(cls, user) -> "ReplySettings":
        """The person's settings, or the defaults (unsaved) when they never changed them."""
        try:
            return user.reply_settings
        except cls.DoesNotExist:
            return cls(user=user)


class SilenceAnswerKind(models.TextChoices):
    CLOSED = "closed", _("Closed with no response")
    WAITING = "waiting", _("Keep waiting")


class SilenceAnswer(models.Model):
    """The person's answer to "No reply — close this one?" about one application, interview or
    feedback request: once answered, Debrief never asks about that item again."""

    Kind = SilenceAnswerKind

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="silence_answers"
    )
    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    interview = models.OneToOneField(
        Interview, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    feedback_request = models.OneToOneField(
        FeedbackRequest, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    answer = models.CharField(max_length=10, choices=SilenceAnswerKind)
    answered_at = models.DateTimeField(auto_now_add=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-answered_at"]
        triggers = keep_summaries()
        constraints = [
            choices_constraint("answer", SilenceAnswerKind, "silenceanswer"),
            models.CheckConstraint(
                condition=(
                    Q(application__isnull=False, interview__isnull=True)
                    & Q(feedback_request__isnull=True)
                )
                | (
                    Q(application__isnull=True, interview__isnull=False)
                    & Q(feedback_request__isnull=True)
                )
                | (
                    Q(application__isnull=True, interview__isnull=True)
                    & Q(feedback_request__isnull=False)
                ),
                name="silenceanswer_about_one_item",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_answer_display()} ({self.owner_id})"

    def clean(self):
        super().clean()
        items = [self.application_id, self.interview_id, self.feedback_request_id]
        if sum(item is not None for item in items) != 1:
            raise ValidationError(_("An answer is about one application, interview or request."))
