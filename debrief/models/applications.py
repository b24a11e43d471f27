"""Applications and interviews: a job seeker's record of where they applied and how it went."""

import datetime
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import TruncDate
from django.db.models.lookups import GreaterThanOrEqual
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from debrief.models.fields import (
    choices_constraint,
    kept_out_of_work_search_field,
    limited_char_field,
    limited_text_field,
    text_length_constraint,
)
from debrief.summaries import feedback_owner
from debrief.summaries.triggers import keep_summaries


class OwnedQuerySet(models.QuerySet):
    owner_path = "owner"

    def for_user(self, user):
        return self.filter(**{self.owner_path: user})


class ApplicationQuerySet(OwnedQuerySet):
    pass


class ApplicationStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    INTERVIEWING = "interviewing", _("Interviewing")
    OFFER = "offer", _("Offer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined (I turned the offer down)")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn (I withdrew)")
    NO_RESPONSE = "no_response", _("No response (ghosted)")

    # The groupings the figures count, written once: the dashboard's funnel and kept figures
    # (debrief/summaries/dashboard.py renders them into its SQL), the caseload and the tests.
    @classmethod
    def reached_offer(cls) -> list[str]:
        """The status says an offer was made (whatever the candidate did with it)."""
        return [cls.OFFER, cls.ACCEPTED, cls.DECLINED]

    @classmethod
    def reached_interview(cls) -> list[str]:
        """The status says the application got as far as an interview, recorded or not."""
        return [cls.INTERVIEWING, *cls.reached_offer()]

    @classmethod
    def offer_still_open(cls) -> list[str]:
        """An offer the candidate has not turned down: the caseload ranks it above any "no"."""
        return [cls.OFFER, cls.ACCEPTED]


class Application(models.Model):
    Status = ApplicationStatus

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applications"
    )
    employer = limited_char_field(_("Employer"), "application", "employer")
    role_title = limited_char_field(_("Role title"), "application", "role_title")
    location = limited_char_field(_("Location"), "application", "location", blank=True)
    job_url = models.URLField(_("Job link"), max_length=500, blank=True)
    source = limited_char_field(
        _("Source"),
        "application",
        "source",
        blank=True,
        help_text=_("Where you found it, e.g. LinkedIn."),
    )
    date_applied = models.DateField(_("Date applied"), default=timezone.localdate)
    closing_date = models.DateField(_("Closing date"), null=True, blank=True)
    salary = limited_char_field(_("Salary"), "application", "salary", blank=True)
    status = models.CharField(_("Status"), max_length=20, choices=Status, default=Status.APPLIED)
    notes = limited_text_field(_("Notes"), "application", "notes", blank=True)
    ad_text = limited_text_field(
        _("The job ad"),
        "application",
        "ad_text",
        blank=True,
        db_default="",
        help_text=_("The ad's text, kept for your preparation sheet (ads vanish when they close)."),
    )
    kept_out_of_work_search = kept_out_of_work_search_field()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        # The derived stores follow every statement (debrief/summaries).
        triggers = keep_summaries()
        ordering = ["-date_applied", "-id"]
        constraints = [
            choices_constraint("status", ApplicationStatus, "application"),
            text_length_constraint("notes", "application"),
            text_length_constraint("ad_text", "application"),
            models.CheckConstraint(
                condition=Q(closing_date__isnull=True)
                | Q(closing_date__gte=models.F("date_applied")),
                name="application_closing_not_before_applied",
            ),
            # Lets Interview reference (id, owner) so the database itself keeps an interview
            # with an application of the same owner.
            models.UniqueConstraint(fields=["id", "owner"], name="application_id_owner_unique"),
        ]
        indexes = [
            models.Index(fields=["owner", "status"], name="application_owner_status"),
            # The list's default order to the row: its first page is the index's first 25
            # entries, however many applications share a date.
            models.Index(
                fields=["owner", "-date_applied", "-id"], name="application_owner_applied"
            ),
            models.Index(fields=["owner", "-updated_at"], name="application_owner_updated"),
            # The silence clock's applications still waiting for news, oldest first.
            models.Index(
                fields=["owner", "date_applied", "id"],
                condition=Q(status=ApplicationStatus.APPLIED),
                name="application_owner_waiting",
            ),
        ]

    def __str__(self) -> str:
        return _("%(role)s at %(employer)s") % {"role": self.role_title, "employer": self.employer}

    def get_absolute_url(self) -> str:
        return reverse("debrief:application-detail", args=[self.pk])

    def clean(self):
        super().clean()
        if self.closing_date and self.date_applied and self.closing_date < self.date_applied:
            raise ValidationError(
                {"closing_date": _("The closing date cannot be before the date you applied.")}
            )

    @classmethod
    def from_db(cls, db, field_names, values, *, fetch_mode=None):
        application = super().from_db(db, field_names, values, fetch_mode=fetch_mode)
        application._saved_status = application.__dict__.get("status")
        return application

    def save_with_history(self, on: datetime.date | None = None) -> None:
        """Save, and keep a new status in the stage history with the date it changed."""
        status_changed = self._state.adding or self.status != getattr(self, "_saved_status", None)
        self.save()
        if status_changed:
            self.status_changes.create(status=self.status, changed_on=on or timezone.localdate())
            self._saved_status = self.status

    def change_status(self, status: str, on: datetime.date | None = None) -> None:
        self.status = status
        self.save_with_history(on)


class StatusChange(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="status_changes"
    )
    status = models.CharField(max_length=20, choices=Application.Status)
    changed_on = models.DateField(default=timezone.localdate)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        # The derived stores follow every statement (debrief/summaries).
        triggers = keep_summaries()
        ordering = ["changed_on", "id"]
        constraints = [choices_constraint("status", Application.Status, "statuschange")]

    def __str__(self) -> str:
        return f"{self.get_status_display()} on {self.changed_on:%d %b %Y}"


class InterviewQuerySet(OwnedQuerySet):
    def upcoming(self):
        return self.filter(scheduled_at__gte=timezone.now()).order_by("scheduled_at")


class InterviewStage(models.TextChoices):
    SCREENING = "screening", _("Screening")
    FIRST = "first", _("First interview")
    SECOND = "second", _("Second interview")
    FINAL = "final", _("Final interview")
    ASSESSMENT = "assessment", _("Assessment centre")
    TECHNICAL = "technical", _("Technical interview")
    OTHER = "other", _("Other")


class InterviewFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    VIDEO = "video", _("Video")
    PHONE = "phone", _("Phone")


class InterviewOutcome(models.TextChoices):
    AWAITING = "awaiting", _("Awaiting outcome")
    PROGRESSED = "progressed", _("Progressed to next stage")
    OFFER = "offer", _("Offer")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    # The employer never said: closed by the person (the silence clock), never a rejection.
    NO_RESPONSE = "no_response", _("No response from them")

    @classmethod
    def application_statuses(cls) -> dict[str, str]:
        """The one rule for outcome -> status: the status a deciding outcome gives its
        application (services/interviews.py when an interview is saved, services/outcomes.py when
        a decision is recorded). Awaiting and progressed leave it interviewing."""
        return {
            cls.OFFER: ApplicationStatus.OFFER,
            cls.REJECTED: ApplicationStatus.REJECTED,
            cls.WITHDRAWN: ApplicationStatus.WITHDRAWN,
            cls.NO_RESPONSE: ApplicationStatus.NO_RESPONSE,
        }


class Interview(models.Model):
    Stage = InterviewStage
    Format = InterviewFormat
    Outcome = InterviewOutcome

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="interviews"
    )
    # Denormalised from the application so lists and dashboards filter on one indexed column; a
    # composite foreign key (migration 0002) keeps it equal to the application's owner.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="interviews"
    )
    stage = models.CharField(_("Stage"), max_length=20, choices=Stage, default=Stage.FIRST)
    scheduled_at = models.DateTimeField(_("When"))
    format = models.CharField(_("Format"), max_length=20, choices=Format, default=Format.VIDEO)
    interviewers = limited_char_field(
        _("Interviewers"),
        "interview",
        "interviewers",
        blank=True,
        help_text=_("Names and roles, if you know them."),
    )
    outcome = models.CharField(
        _("Outcome"), max_length=20, choices=Outcome, default=Outcome.AWAITING
    )
    outcome_date = models.DateField(_("Outcome date"), null=True, blank=True)
    notes = limited_text_field(_("Notes"), "interview", "notes", blank=True)
    kept_out_of_work_search = kept_out_of_work_search_field()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = InterviewQuerySet.as_manager()

    class Meta:
        # The derived stores follow every statement (debrief/summaries).
        # Its requests take its owner (debrief/summaries/feedback_owner.py).
        triggers = [*keep_summaries(), *feedback_owner.interview_triggers()]
        ordering = ["-scheduled_at", "-id"]
        constraints = [
            choices_constraint("stage", InterviewStage, "interview"),
            choices_constraint("format", InterviewFormat, "interview"),
            choices_constraint("outcome", InterviewOutcome, "interview"),
            models.CheckConstraint(
                condition=~Q(outcome=InterviewOutcome.AWAITING) | Q(outcome_date__isnull=True),
                name="interview_awaiting_has_no_outcome_date",
            ),
            # clean() holds the exact rule: the outcome is not before the interview's local day
            # (settings.TIME_ZONE). The database cannot know that zone, which the environment may
            # change, so it compares with the interview's UTC day less one: every time zone's
            # local day is within a day of UTC's, so this never refuses a legitimate date (an
            # evening interview in London is the same or the next UTC day), and still refuses an
            # outcome dated days before the interview, whatever path wrote it.
            models.CheckConstraint(
                condition=Q(outcome_date__isnull=True)
                | GreaterThanOrEqual(
                    models.F("outcome_date"),
                    TruncDate("scheduled_at", tzinfo=zoneinfo.ZoneInfo("UTC"))
                    - datetime.timedelta(days=1),
                ),
                name="interview_outcome_not_before_interview",
            ),
            text_length_constraint("notes", "interview"),
        ]
        indexes = [
            # With the id: the dashboard's lists order by (scheduled_at, id), and interviews
            # often share a time (the bench's seed puts 180 at one), which the index alone then
            # orders, so a LIMIT stops at once instead of sorting the whole tie.
            models.Index(fields=["owner", "scheduled_at", "id"], name="interview_owner_when"),
            models.Index(fields=["owner", "outcome"], name="interview_owner_outcome"),
            # The silence clock's interviews still waiting for an outcome, oldest first.
            models.Index(
                fields=["owner", "scheduled_at", "id"],
                condition=Q(outcome=InterviewOutcome.AWAITING),
                name="interview_owner_awaiting",
            ),
            # The dashboard's latest decision: the first entry, however many interviews ended.
            models.Index(
                "owner",
                models.F("outcome_date").desc(),
                models.F("scheduled_at").desc(),
                condition=Q(outcome__in=[InterviewOutcome.REJECTED, InterviewOutcome.OFFER])
                & Q(outcome_date__isnull=False),
                name="interview_owner_decided",
            ),
            # The caseload's figures (CaseloadFigures), recomputed on every write: the latest
            # change, and the outcome a caseload row names, each one index entry away.
            models.Index(fields=["owner", "-updated_at"], name="interview_owner_updated"),
            models.Index(
                "owner",
                models.F("outcome_date").desc(nulls_last=True),
                models.F("scheduled_at").desc(),
                models.F("id").desc(),
                condition=~Q(outcome=InterviewOutcome.AWAITING),
                name="interview_owner_outcome_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} — {self.application}"

    def get_absolute_url(self) -> str:
        return reverse("debrief:interview-detail", args=[self.pk])

    def clean(self):
        super().clean()
        if self.outcome == self.Outcome.AWAITING and self.outcome_date:
            raise ValidationError(
                {"outcome_date": _("Leave the outcome date empty while you await the outcome.")}
            )
        if (
            self.outcome_date
            and self.scheduled_at
            and self.outcome_date < timezone.localdate(self.scheduled_at)
        ):
            raise ValidationError(
                {"outcome_date": _("The outcome cannot come before the interview.")}
            )
        if self.application_id and self.owner_id and self.application.owner_id != self.owner_id:
            raise ValidationError(_("An interview belongs to one of your own applications."))

    @property
    def is_past(self) -> bool:
        return self.scheduled_at < timezone.now()

    @property
    def is_rejected(self) -> bool:
        return self.outcome == self.Outcome.REJECTED
