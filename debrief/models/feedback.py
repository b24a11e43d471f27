"""Feedback from the employer: the request, its follow-up and what the employer said."""

import datetime

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from debrief.models.applications import Interview, OwnedQuerySet
from debrief.models.debriefs import (
    DEBRIEF_RATINGS,
    Reason,
    reasons_constraint,
    reasons_field,
)
from debrief.models.fields import (
    FOLLOW_UP_AFTER,
    choices_constraint,
    limited_char_field,
    limited_text_field,
    text_length_constraint,
)
from debrief.summaries import feedback_owner
from debrief.summaries.triggers import keep_summaries


def follow_up_day_passed(follow_up_due: datetime.date | None, today: datetime.date) -> bool:
    """The one rule for "follow-up overdue", for a request still awaiting a reply: the day to
    follow it up has passed (a follow-up due today is due, not yet overdue). Every reader in
    Python calls this (through `FeedbackRequest.is_overdue()` when it holds the request);
    `follow_up_overdue_condition()` is its ORM form, and the dashboard's kept figures sum the
    days before `today` (services/dashboard_counts.py). tests/test_follow_up_overdue.py holds
    every reader to the boundary.
    """
    return follow_up_due is not None and follow_up_due < today


def follow_up_overdue_condition(today: datetime.date) -> Q:
    """follow_up_day_passed() as a filter, with the requests still awaiting a reply."""
    return Q(status__in=FeedbackStatus.awaiting_reply(), follow_up_due__lt=today)


class FeedbackRequestQuerySet(OwnedQuerySet):
    owner_path = "interview__owner"

    def awaiting_reply(self):
        return self.filter(status__in=FeedbackRequest.Status.awaiting_reply())

    def follow_up_overdue(self, today: datetime.date):
        return self.filter(follow_up_overdue_condition(today))

    def with_priority(self, today: datetime.date):
        """Annotate `priority`: 0 overdue follow-up, 1 due (today or within 3 days), 2 not sent,
        3 waiting, 4 closed; ordered by what needs doing first."""
        awaiting = Q(status__in=FeedbackRequest.Status.awaiting_reply())
        return self.annotate(
            priority=models.Case(
                models.When(follow_up_overdue_condition(today), then=0),
                models.When(
                    awaiting & Q(follow_up_due__lte=today + datetime.timedelta(days=3)), then=1
                ),
                models.When(status=FeedbackRequest.Status.NOT_SENT, then=2),
                models.When(awaiting, then=3),
                default=4,
                output_field=models.IntegerField(),
            )
        ).order_by("priority", models.F("follow_up_due").asc(nulls_last=True), "-id")


class FeedbackChannel(models.TextChoices):
    EMAIL = "email", _("Email")
    PHONE = "phone", _("Phone")
    LINKEDIN = "linkedin", _("LinkedIn")
    OTHER = "other", _("Other")


class FeedbackStatus(models.TextChoices):
    NOT_SENT = "not_sent", _("Not sent yet")
    REQUESTED = "requested", _("Requested")
    FOLLOWED_UP = "followed_up", _("Followed up")
    RECEIVED = "received", _("Received")
    DECLINED = "declined", _("Declined")
    NO_RESPONSE = "no_response", _("No response")

    @classmethod
    def awaiting_reply(cls) -> list[str]:
        return [cls.REQUESTED, cls.FOLLOWED_UP]

    @classmethod
    def answered(cls) -> list[str]:
        """An answer either way: feedback, or a refusal."""
        return [cls.RECEIVED, cls.DECLINED]

    @classmethod
    def still_open(cls) -> list[str]:
        """Not yet answered: an interview has at most one such request at a time."""
        return [cls.NOT_SENT, *cls.awaiting_reply()]


ONE_OPEN_REQUEST = _(
    "This interview already has an open feedback request: update that one, or close it "
    "before asking again."
)


class FeedbackOutcome(models.TextChoices):
    SPECIFIC = "specific", _("Specific feedback")
    VAGUE = "vague", _("Vague feedback")
    NO_ANSWER = "no_answer", _("No answer")
    DECLINED = "declined", _("Declined to give feedback")


# The outcomes that agree with how a request ended; any may also be left blank (not known yet).
OUTCOMES_FOR_STATUS = {
    FeedbackStatus.RECEIVED: [FeedbackOutcome.SPECIFIC, FeedbackOutcome.VAGUE],
    FeedbackStatus.DECLINED: [FeedbackOutcome.DECLINED],
    FeedbackStatus.NO_RESPONSE: [FeedbackOutcome.NO_ANSWER],
}


def outcome_fits_status() -> Q:
    fits = Q(outcome="") | ~Q(status__in=list(OUTCOMES_FOR_STATUS))
    for status, outcomes in OUTCOMES_FOR_STATUS.items():
        fits |= Q(status=status, outcome__in=outcomes)
    return fits


class Usefulness(models.TextChoices):
    YES = "yes", _("Yes, I can act on it")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No")


# What an answer can point to: the guide's six self-assessment questions (DEBRIEF_RATINGS), kept
# beside the reasons (Reason), which carry what I bring and what is outside my control.
DIMENSION_CHOICES = list(DEBRIEF_RATINGS.items())


class FeedbackRequest(models.Model):
    Channel = FeedbackChannel
    Status = FeedbackStatus
    Outcome = FeedbackOutcome
    Usefulness = Usefulness

    interview = models.ForeignKey(
        Interview, on_delete=models.CASCADE, related_name="feedback_requests"
    )
    # The interview's owner, copied by the database (debrief/summaries/feedback_owner.py) whenever
    # a request is written and whenever an interview changes owner: never set by the application.
    # It lets the dashboard find a person's follow-ups due along one index instead of through
    # every interview.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        editable=False,
        related_name="+",
    )
    contact_name = limited_char_field(
        _("Contact name"), "feedbackrequest", "contact_name", blank=True
    )
    contact_email = models.EmailField(_("Contact email"), blank=True)
    channel = models.CharField(_("Channel"), max_length=20, choices=Channel, default=Channel.EMAIL)
    status = models.CharField(_("Status"), max_length=20, choices=Status, default=Status.NOT_SENT)
    requested_on = models.DateField(_("Requested on"), null=True, blank=True)
    follow_up_due = models.DateField(
        _("Follow-up due"),
        null=True,
        blank=True,
        help_text=_("Left empty, it is set to a week after the request."),
    )
    # The day the follow-up went (mark_followed_up): the silence clock and the evidence of how
    # often a follow-up brings an answer count from it.
    followed_up_on = models.DateField(_("Followed up on"), null=True, blank=True)
    # The day of their answer: feedback, or a refusal to give it.
    received_on = models.DateField(_("Date of their answer"), null=True, blank=True)
    message = limited_text_field(_("Request message"), "feedbackrequest", "message", blank=True)
    feedback_text = limited_text_field(
        _("Feedback received"), "feedbackrequest", "feedback_text", blank=True
    )
    reasons = reasons_field(_("Reasons they gave"))
    dimensions = ArrayField(
        models.CharField(max_length=30, choices=DIMENSION_CHOICES),
        verbose_name=_("How the interview went, in their words"),
        default=list,
        blank=True,
    )
    useful = models.CharField(
        _("Was this feedback useful?"), max_length=10, choices=Usefulness, blank=True
    )
    outcome = models.CharField(_("Outcome"), max_length=20, choices=Outcome, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = FeedbackRequestQuerySet.as_manager()

    class Meta:
        # The derived stores follow every statement (debrief/summaries).
        # Its owner is kept from its interview (debrief/summaries/feedback_owner.py).
        triggers = [*keep_summaries(), *feedback_owner.request_triggers()]
        ordering = ["-created_at"]
        constraints = [
            choices_constraint("channel", FeedbackChannel, "feedbackrequest"),
            choices_constraint("status", FeedbackStatus, "feedbackrequest"),
            models.CheckConstraint(
                condition=Q(outcome="") | Q(outcome__in=FeedbackOutcome.values),
                name="feedbackrequest_outcome_valid",
            ),
            reasons_constraint("reasons", "feedbackrequest"),
            models.CheckConstraint(
                condition=Q(dimensions__contained_by=list(DEBRIEF_RATINGS)),
                name="feedbackrequest_dimensions_valid",
            ),
            models.CheckConstraint(
                condition=Q(useful="") | Q(useful__in=Usefulness.values),
                name="feedbackrequest_useful_valid",
            ),
            # One answer, said once: feedback received is either specific or vague (the answer
            # form asks which), so "clear enough" is never a second, disagreeing field.
            models.CheckConstraint(
                condition=~Q(status=FeedbackStatus.RECEIVED)
                | Q(outcome__in=[FeedbackOutcome.SPECIFIC, FeedbackOutcome.VAGUE]),
                name="feedbackrequest_received_says_how_clear",
            ),
            models.CheckConstraint(
                condition=Q(followed_up_on__isnull=True)
                | Q(requested_on__isnull=True)
                | Q(followed_up_on__gte=models.F("requested_on")),
                name="feedbackrequest_follow_up_after_request",
            ),
            models.CheckConstraint(
                condition=~Q(status=FeedbackStatus.RECEIVED) | Q(received_on__isnull=False),
                name="feedbackrequest_received_has_date",
            ),
            models.CheckConstraint(
                condition=Q(received_on__isnull=True)
                | Q(requested_on__isnull=True)
                | Q(received_on__gte=models.F("requested_on")),
                name="feedbackrequest_answer_not_before_request",
            ),
            models.CheckConstraint(
                condition=outcome_fits_status(), name="feedbackrequest_outcome_fits_status"
            ),
            models.CheckConstraint(
                condition=Q(follow_up_due__isnull=True)
                | Q(requested_on__isnull=True)
                | Q(follow_up_due__gte=models.F("requested_on")),
                name="feedbackrequest_follow_up_not_before_request",
            ),
            text_length_constraint("message", "feedbackrequest"),
            text_length_constraint("feedback_text", "feedbackrequest"),
            models.UniqueConstraint(
                fields=["interview"],
                condition=Q(status__in=FeedbackStatus.still_open()),
                name="feedbackrequest_one_open_per_interview",
                violation_error_message=ONE_OPEN_REQUEST,
            ),
        ]
        indexes = [
            models.Index(fields=["status", "follow_up_due"], name="feedback_status_due"),
            models.Index(
                fields=["owner", "follow_up_due"],
                condition=Q(status__in=FeedbackStatus.awaiting_reply()),
                name="feedbackrequest_owner_awaiting",
            ),
            # The silence clock's requests waiting for a reply, by the day last asked.
            models.Index(
                "owner",
                Coalesce("followed_up_on", "requested_on"),
                condition=Q(status__in=FeedbackStatus.awaiting_reply()),
                name="feedback_owner_asked_last",
            ),
            # The dashboard's patterns: the owner's latest request that gave a reason. On the
            # negated id, so that no other index gives that order (services/patterns.py).
            models.Index("owner", models.F("id") * -1, name="feedbackrequest_owner_latest"),
        ]

    def __str__(self) -> str:
        return f"Feedback request — {self.interview}"

    def get_absolute_url(self) -> str:
        return reverse("debrief:feedback-detail", args=[self.pk])

    def clean(self):
        super().clean()
        if self.requested_on and not self.follow_up_due:
            self.follow_up_due = self.requested_on + FOLLOW_UP_AFTER
        errors = {}
        if self.status == self.Status.RECEIVED and not self.received_on:
            errors["received_on"] = _("Give the date you received the feedback.")
        if self.requested_on and self.follow_up_due and self.follow_up_due < self.requested_on:
            errors["follow_up_due"] = _("The follow-up cannot be due before you asked.")
        if self.status != self.Status.NOT_SENT and not self.requested_on:
            errors["requested_on"] = _("Give the date you asked for feedback.")
        if self.received_on and self.requested_on and self.received_on < self.requested_on:
            errors["received_on"] = _("Their answer cannot come before you asked.")
        if self.received_on and self.status not in (self.Status.RECEIVED, self.Status.DECLINED):
            errors["received_on"] = _("Record their answer to give the date of it.")
        if self.status == self.Status.RECEIVED and self.outcome not in (
            self.Outcome.SPECIFIC,
            self.Outcome.VAGUE,
        ):
            errors["outcome"] = _("Say whether their feedback was specific or vague.")
        if self.followed_up_on and self.requested_on and self.followed_up_on < self.requested_on:
            errors["followed_up_on"] = _("The follow-up cannot come before the request.")
        fitting = OUTCOMES_FOR_STATUS.get(self.status)
        if self.outcome and fitting and self.outcome not in fitting:
            # Two outcomes at most fit a status: each arrangement is a whole sentence.
            labels = [self.Outcome(value).label for value in fitting]
            values = {"status": self.get_status_display(), "first": labels[0]}
            if len(labels) == 1:
                errors["outcome"] = (
                    _(
                        "A request with the status “%(status)s” has the outcome “%(first)s”, "
                        "or leave it as not known yet."
                    )
                    % values
                )
            else:
                errors["outcome"] = _(
                    "A request with the status “%(status)s” has the outcome “%(first)s” or "
                    "“%(second)s”, or leave it as not known yet."
                ) % {**values, "second": labels[1]}
        if errors:
            raise ValidationError(errors)
        if self.status in self.Status.still_open() and self.interview_id:
            others = FeedbackRequest.objects.filter(
                interview_id=self.interview_id, status__in=self.Status.still_open()
            ).exclude(pk=self.pk)
            if others.exists():
                raise ValidationError(ONE_OPEN_REQUEST)

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return self.is_awaiting_reply and follow_up_day_passed(
            self.follow_up_due, today or timezone.localdate()
        )

    def is_follow_up_due(self, today: datetime.date) -> bool:
        """Due today or overdue: time to send the polite reminder."""
        return (
            self.is_awaiting_reply
            and self.follow_up_due is not None
            and self.follow_up_due <= today
        )

    # State changes: each locks the row, checks the status it starts from and saves, in one
    # transaction (as healthchecks' Check.ping() does), so two clicks at once cannot both apply.
    # Each answers whether it applied; a request that has moved on is left as it is.

    def mark_sent(self, on: datetime.date) -> bool:
        """I sent it on `on`: a week of waiting starts before the first nudge."""
        with transaction.atomic():
            current = self._locked()
            if current.status != self.Status.NOT_SENT:
                return False
            return self._save_changes(
                status=self.Status.REQUESTED, requested_on=on, follow_up_due=on + FOLLOW_UP_AFTER
            )

    def mark_followed_up(self, on: datetime.date) -> bool:
        """I followed up on `on`: a new week of waiting before the next nudge."""
        with transaction.atomic():
            current = self._locked()
            if not current.is_awaiting_reply:
                return False
            return self._save_changes(
                status=self.Status.FOLLOWED_UP,
                requested_on=current.requested_on or on,
                followed_up_on=on,
                follow_up_due=on + FOLLOW_UP_AFTER,
            )

    def mark_no_response(self, on: datetime.date) -> bool:
        """They never answered: the request ends with no answer."""
        with transaction.atomic():
            current = self._locked()
            if not current.is_awaiting_reply:
                return False
            return self._save_changes(
                status=self.Status.NO_RESPONSE,
                requested_on=current.requested_on or on,
                outcome=self.Outcome.NO_ANSWER,
            )

    def _locked(self) -> "FeedbackRequest":
        return type(self).objects.select_for_update().get(pk=self.pk)

    def _save_changes(self, **changes) -> bool:
        for field, value in changes.items():
            setattr(self, field, value)
        self.save(update_fields=[*changes, "updated_at"])
        return True

    @property
    def is_awaiting_reply(self) -> bool:
        return self.status in self.Status.awaiting_reply()

    @property
    def is_not_sent(self) -> bool:
        return self.status == self.Status.NOT_SENT

    @property
    def is_received(self) -> bool:
        return self.status == self.Status.RECEIVED

    @property
    def needs_more_detail(self) -> bool:
        return self.status == self.Status.RECEIVED and self.outcome == self.Outcome.VAGUE

    @property
    def ended_without_feedback(self) -> bool:
        return self.status in (self.Status.DECLINED, self.Status.NO_RESPONSE)

    @property
    def asked_last_on(self) -> datetime.date | None:
        """The last time the person wrote to them: the follow-up, else the request."""
        return self.followed_up_on or self.requested_on

    def dimension_labels(self) -> list[str]:
        return [DEBRIEF_RATINGS[name] for name in self.dimensions if name in DEBRIEF_RATINGS]

    def reasons_within_my_control(self) -> list[str]:
        return [r for r in self.reasons if r in Reason.within_my_control()]

    def reasons_outside_my_control(self) -> list[str]:
        return [r for r in self.reasons if r in Reason.outside_my_control()]
