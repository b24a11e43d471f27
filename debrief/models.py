"""Debrief's domain: a job seeker's applications and what they learn from each interview.

Every rule that must always hold is a database constraint, and the same rule is said in words in
`clean()` so that forms show a message instead of an IntegrityError.
"""

import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

FOLLOW_UP_AFTER = datetime.timedelta(days=7)


def choices_constraint(field: str, choices: type[models.TextChoices], model: str):
    return models.CheckConstraint(
        condition=Q(**{f"{field}__in": choices.values}), name=f"{model}_{field}_valid"
    )


def rating_field(label: str, **kwargs):
    return models.PositiveSmallIntegerField(
        label, validators=[MinValueValidator(1), MaxValueValidator(5)], **kwargs
    )


def rating_constraint(field: str, model: str, *, nullable: bool = False):
    in_range = Q(**{f"{field}__gte": 1, f"{field}__lte": 5})
    if nullable:
        in_range |= Q(**{f"{field}__isnull": True})
    return models.CheckConstraint(condition=in_range, name=f"{model}_{field}_1_to_5")


# --- People -------------------------------------------------------------------------------------


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        fields.setdefault("email_confirmed_at", timezone.now())
        return self.create_user(email, password, **fields)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class UserRole(models.TextChoices):
    JOB_SEEKER = "job_seeker", "Job seeker"
    ADVISER = "adviser", "Careers adviser"


class User(AbstractBaseUser, PermissionsMixin):
    Role = UserRole

    email = models.EmailField("Email", max_length=254, unique=True)
    display_name = models.CharField("Display name", max_length=100)
    role = models.CharField(max_length=20, choices=Role, default=Role.JOB_SEEKER)
    is_staff = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)
    # Set when the person follows the link sent to their address (or when staff create the
    # account): until then Debrief sends that address nothing else and no adviser can find it.
    email_confirmed_at = models.DateTimeField("Email confirmed", null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        ordering = ["display_name", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ci"),
            choices_constraint("role", UserRole, "user"),
        ]

    def __str__(self) -> str:
        return self.display_name or self.email

    def clean(self):
        super().clean()
        self.email = self.email.lower()

    @property
    def is_adviser(self) -> bool:
        return self.role == self.Role.ADVISER

    @property
    def has_confirmed_email(self) -> bool:
        return self.email_confirmed_at is not None

    def get_short_name(self) -> str:
        return self.display_name


class RecordVersion(models.Model):
    """A counter that moves whenever anything in a job seeker's record changes.

    Database triggers (migration 0003) bump it on every insert, update or delete of the rows a
    dashboard summarises, whatever the code path (forms, admin, bulk operations), so figures cached
    under (user, version) are never stale. It lives apart from User so that saving a User held in
    memory cannot put an old version back.
    """

    # Cascaded by the database, not Django's collector: while an account's rows are deleted the
    # triggers bump its version again, and the database removes that row with the user.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.DB_CASCADE,
        primary_key=True,
        related_name="record_version",
    )
    version = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"Record of {self.user_id}, version {self.version}"

    @classmethod
    def of(cls, user: "User") -> int:
        """The user's version (0 before their first change); no query when the user was loaded
        with select_related("record_version"), as the authentication backend does."""
        try:
            return user.record_version.version
        except cls.DoesNotExist:
            return 0


# --- Applications and interviews ----------------------------------------------------------------


class OwnedQuerySet(models.QuerySet):
    owner_path = "owner"

    def for_user(self, user):
        return self.filter(**{self.owner_path: user})


class ApplicationQuerySet(OwnedQuerySet):
    pass


class ApplicationStatus(models.TextChoices):
    APPLIED = "applied", "Applied"
    INTERVIEWING = "interviewing", "Interviewing"
    OFFER = "offer", "Offer"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined (I turned the offer down)"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn (I withdrew)"
    NO_RESPONSE = "no_response", "No response (ghosted)"


class Application(models.Model):
    Status = ApplicationStatus

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applications"
    )
    employer = models.CharField("Employer", max_length=200)
    role_title = models.CharField("Role title", max_length=200)
    location = models.CharField("Location", max_length=200, blank=True)
    job_url = models.URLField("Job link", max_length=500, blank=True)
    source = models.CharField(
        "Source", max_length=100, blank=True, help_text="Where you found it, e.g. LinkedIn."
    )
    date_applied = models.DateField("Date applied", default=timezone.localdate)
    closing_date = models.DateField("Closing date", null=True, blank=True)
    salary = models.CharField("Salary", max_length=100, blank=True)
    status = models.CharField("Status", max_length=20, choices=Status, default=Status.APPLIED)
    notes = models.TextField("Notes", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-date_applied", "-id"]
        constraints = [
            choices_constraint("status", ApplicationStatus, "application"),
            # Lets Interview reference (id, owner) so the database itself keeps an interview
            # with an application of the same owner.
            models.UniqueConstraint(fields=["id", "owner"], name="application_id_owner_unique"),
        ]
        indexes = [
            models.Index(fields=["owner", "status"], name="application_owner_status"),
            models.Index(fields=["owner", "-date_applied"], name="application_owner_applied"),
            models.Index(fields=["owner", "-updated_at"], name="application_owner_updated"),
        ]

    def __str__(self) -> str:
        return f"{self.role_title} at {self.employer}"

    def get_absolute_url(self) -> str:
        return reverse("debrief:application-detail", args=[self.pk])

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
        ordering = ["changed_on", "id"]
        constraints = [choices_constraint("status", Application.Status, "statuschange")]

    def __str__(self) -> str:
        return f"{self.get_status_display()} on {self.changed_on:%d %b %Y}"


class InterviewQuerySet(OwnedQuerySet):
    def upcoming(self):
        return self.filter(scheduled_at__gte=timezone.now()).order_by("scheduled_at")


class InterviewStage(models.TextChoices):
    SCREENING = "screening", "Screening"
    FIRST = "first", "First interview"
    SECOND = "second", "Second interview"
    FINAL = "final", "Final interview"
    ASSESSMENT = "assessment", "Assessment centre"
    TECHNICAL = "technical", "Technical interview"
    OTHER = "other", "Other"


class InterviewFormat(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    VIDEO = "video", "Video"
    PHONE = "phone", "Phone"


class InterviewOutcome(models.TextChoices):
    AWAITING = "awaiting", "Awaiting outcome"
    PROGRESSED = "progressed", "Progressed to next stage"
    OFFER = "offer", "Offer"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"


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
    stage = models.CharField("Stage", max_length=20, choices=Stage, default=Stage.FIRST)
    scheduled_at = models.DateTimeField("When")
    format = models.CharField("Format", max_length=20, choices=Format, default=Format.VIDEO)
    interviewers = models.CharField(
        "Interviewers", max_length=300, blank=True, help_text="Names and roles, if you know them."
    )
    outcome = models.CharField("Outcome", max_length=20, choices=Outcome, default=Outcome.AWAITING)
    outcome_date = models.DateField("Outcome date", null=True, blank=True)
    notes = models.TextField("Notes", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = InterviewQuerySet.as_manager()

    class Meta:
        ordering = ["-scheduled_at", "-id"]
        constraints = [
            choices_constraint("stage", InterviewStage, "interview"),
            choices_constraint("format", InterviewFormat, "interview"),
            choices_constraint("outcome", InterviewOutcome, "interview"),
            models.CheckConstraint(
                condition=~Q(outcome=InterviewOutcome.AWAITING) | Q(outcome_date__isnull=True),
                name="interview_awaiting_has_no_outcome_date",
            ),
        ]
        indexes = [
            models.Index(fields=["owner", "scheduled_at"], name="interview_owner_when"),
            models.Index(fields=["owner", "outcome"], name="interview_owner_outcome"),
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} — {self.application}"

    def get_absolute_url(self) -> str:
        return reverse("debrief:interview-detail", args=[self.pk])

    def clean(self):
        super().clean()
        if self.outcome == self.Outcome.AWAITING and self.outcome_date:
            raise ValidationError(
                {"outcome_date": "Leave the outcome date empty while you await the outcome."}
            )
        if self.application_id and self.owner_id and self.application.owner_id != self.owner_id:
            raise ValidationError("An interview belongs to one of your own applications.")

    @property
    def is_past(self) -> bool:
        return self.scheduled_at < timezone.now()

    @property
    def is_rejected(self) -> bool:
        return self.outcome == self.Outcome.REJECTED


# --- Self-assessment ----------------------------------------------------------------------------


class Reason(models.TextChoices):
    """Why an application might not succeed: what employers say, and what I think."""

    SKILLS_GAP = "skills_gap", "Skills gap"
    EXPERIENCE_GAP = "experience_gap", "Not enough relevant experience"
    QUALIFICATIONS = "qualifications", "Qualifications"
    TEAM_FIT = "team_fit", "Team or culture fit"
    RETENTION = "retention", "Doubt I would stay"
    STRONGER_CANDIDATE = "stronger_candidate", "A stronger candidate"
    IMPRESSION = "impression", "The impression I gave (e.g. nerves)"
    UNEXPECTED_REQUIREMENT = "unexpected_requirement", "A requirement I did not know about"
    OTHER = "other", "Other"

    @classmethod
    def outside_my_control(cls) -> list[str]:
        # The guide's "business, not personal": who else applied, how a team is made up and how
        # long they expect people to stay are the employer's decisions, not my performance.
        return [cls.STRONGER_CANDIDATE, cls.TEAM_FIT, cls.RETENTION]

    @classmethod
    def within_my_control(cls) -> list[str]:
        return [value for value in cls.values if value not in cls.outside_my_control()]

    @property
    def is_within_my_control(self) -> bool:
        return self.value not in self.outside_my_control()


def reasons_field(label: str):
    return ArrayField(
        models.CharField(max_length=30, choices=Reason),
        verbose_name=label,
        default=list,
        blank=True,
    )


def reasons_constraint(field: str, model: str):
    return models.CheckConstraint(
        condition=Q(**{f"{field}__contained_by": Reason.values}), name=f"{model}_{field}_valid"
    )


# The guide's self-assessment questions, in its order.
DEBRIEF_RATINGS = {
    "rating_answers": "Answered questions effectively",
    "rating_star": "Structured answers with STAR",
    "rating_manner": "Professional manner",
    "rating_suitability": "Expressed suitability (skills and experience)",
    "rating_enthusiasm": "Showed enthusiasm",
    "rating_nerves": "Managed nerves",
}


class DebriefQuerySet(OwnedQuerySet):
    owner_path = "interview__owner"


class Debrief(models.Model):
    RATINGS = DEBRIEF_RATINGS

    class Feeling(models.IntegerChoices):
        VERY_BADLY = 1, "Very badly"
        BADLY = 2, "Badly"
        MIXED = 3, "Mixed"
        WELL = 4, "Well"
        VERY_WELL = 5, "Very well"

    interview = models.OneToOneField(Interview, on_delete=models.CASCADE, related_name="debrief")
    rating_answers = rating_field(RATINGS["rating_answers"])
    rating_star = rating_field(RATINGS["rating_star"])
    rating_manner = rating_field(RATINGS["rating_manner"])
    rating_suitability = rating_field(RATINGS["rating_suitability"])
    rating_enthusiasm = rating_field(RATINGS["rating_enthusiasm"])
    rating_nerves = rating_field(RATINGS["rating_nerves"])
    overall_feeling = models.PositiveSmallIntegerField(
        "Overall feeling", choices=Feeling, default=Feeling.MIXED
    )
    went_well = models.TextField("What went well", blank=True)
    do_better = models.TextField("What I would do better", blank=True)
    my_reasons = reasons_field("My reading: why it might not succeed")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DebriefQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            *(rating_constraint(field, "debrief") for field in DEBRIEF_RATINGS),
            rating_constraint("overall_feeling", "debrief"),
            reasons_constraint("my_reasons", "debrief"),
        ]

    def __str__(self) -> str:
        return f"Debrief of {self.interview}"

    def get_absolute_url(self) -> str:
        return self.interview.get_absolute_url()

    def ratings(self) -> list[tuple[str, int]]:
        return [(label, getattr(self, field)) for field, label in self.RATINGS.items()]


class DebriefQuestion(models.Model):
    debrief = models.ForeignKey(Debrief, on_delete=models.CASCADE, related_name="questions")
    question = models.CharField("Question asked", max_length=500)
    answer_rating = rating_field("How well I answered", null=True, blank=True)
    star_answer = models.ForeignKey(
        "StarAnswer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="uses",
        verbose_name="STAR answer used",
    )

    class Meta:
        ordering = ["id"]
        constraints = [rating_constraint("answer_rating", "debriefquestion", nullable=True)]

    def __str__(self) -> str:
        return self.question

    def clean(self):
        super().clean()
        if (
            self.star_answer_id
            and self.debrief_id
            and self.star_answer.owner_id != self.debrief.interview.owner_id
        ):
            raise ValidationError({"star_answer": "Choose one of your own STAR answers."})


# --- Feedback from the employer -----------------------------------------------------------------


class FeedbackRequestQuerySet(OwnedQuerySet):
    owner_path = "interview__owner"

    def awaiting_reply(self):
        return self.filter(status__in=FeedbackRequest.Status.awaiting_reply())

    def with_priority(self, today: datetime.date):
        """Annotate `priority`: 0 overdue follow-up, 1 due (today or within 3 days), 2 not sent,
        3 waiting, 4 closed; ordered by what needs doing first."""
        awaiting = Q(status__in=FeedbackRequest.Status.awaiting_reply())
        return self.annotate(
            priority=models.Case(
                models.When(awaiting & Q(follow_up_due__lt=today), then=0),
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
    EMAIL = "email", "Email"
    PHONE = "phone", "Phone"
    LINKEDIN = "linkedin", "LinkedIn"
    OTHER = "other", "Other"


class FeedbackStatus(models.TextChoices):
    NOT_SENT = "not_sent", "Not sent yet"
    REQUESTED = "requested", "Requested"
    FOLLOWED_UP = "followed_up", "Followed up"
    RECEIVED = "received", "Received"
    DECLINED = "declined", "Declined"
    NO_RESPONSE = "no_response", "No response"

    @classmethod
    def awaiting_reply(cls) -> list[str]:
        return [cls.REQUESTED, cls.FOLLOWED_UP]

    @classmethod
    def still_open(cls) -> list[str]:
        """Not yet answered: an interview has at most one such request at a time."""
        return [cls.NOT_SENT, *cls.awaiting_reply()]


ONE_OPEN_REQUEST = (
    "This interview already has an open feedback request: update that one, or close it "
    "before asking again."
)


class FeedbackOutcome(models.TextChoices):
    SPECIFIC = "specific", "Specific feedback"
    VAGUE = "vague", "Vague feedback"
    NO_ANSWER = "no_answer", "No answer"
    DECLINED = "declined", "Declined to give feedback"


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


class FeedbackRequest(models.Model):
    Channel = FeedbackChannel
    Status = FeedbackStatus
    Outcome = FeedbackOutcome

    interview = models.ForeignKey(
        Interview, on_delete=models.CASCADE, related_name="feedback_requests"
    )
    contact_name = models.CharField("Contact name", max_length=200, blank=True)
    contact_email = models.EmailField("Contact email", blank=True)
    channel = models.CharField("Channel", max_length=20, choices=Channel, default=Channel.EMAIL)
    status = models.CharField("Status", max_length=20, choices=Status, default=Status.NOT_SENT)
    requested_on = models.DateField("Requested on", null=True, blank=True)
    follow_up_due = models.DateField(
        "Follow-up due",
        null=True,
        blank=True,
        help_text="Left empty, it is set to a week after the request.",
    )
    received_on = models.DateField("Received on", null=True, blank=True)
    message = models.TextField("Request message", blank=True)
    feedback_text = models.TextField("Feedback received", blank=True)
    clear_enough = models.BooleanField(
        "Clear enough to act on",
        null=True,
        blank=True,
        help_text="If it was vague, Debrief drafts a polite request for more detail.",
    )
    reasons = reasons_field("Reasons they gave")
    outcome = models.CharField("Outcome", max_length=20, choices=Outcome, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = FeedbackRequestQuerySet.as_manager()

    class Meta:
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
            models.UniqueConstraint(
                fields=["interview"],
                condition=Q(status__in=FeedbackStatus.still_open()),
                name="feedbackrequest_one_open_per_interview",
                violation_error_message=ONE_OPEN_REQUEST,
            ),
        ]
        indexes = [
            models.Index(fields=["status", "follow_up_due"], name="feedback_status_due"),
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
            errors["received_on"] = "Give the date you received the feedback."
        if self.requested_on and self.follow_up_due and self.follow_up_due < self.requested_on:
            errors["follow_up_due"] = "The follow-up cannot be due before you asked."
        if self.status != self.Status.NOT_SENT and not self.requested_on:
            errors["requested_on"] = "Give the date you asked for feedback."
        if self.received_on and self.requested_on and self.received_on < self.requested_on:
            errors["received_on"] = "Their answer cannot come before you asked."
        if self.received_on and self.status != self.Status.RECEIVED:
            errors["status"] = "Set the status to “Received” to record the date of their answer."
        if self.outcome == self.Outcome.VAGUE and self.clear_enough:
            errors["clear_enough"] = "Vague feedback is not clear enough to act on: choose “No”."
        fitting = OUTCOMES_FOR_STATUS.get(self.status)
        if self.outcome and fitting and self.outcome not in fitting:
            choices = " or ".join(f"“{self.Outcome(value).label}”" for value in fitting)
            errors["outcome"] = (
                f"A request with the status “{self.get_status_display()}” has the outcome "
                f"{choices}, or leave it as not known yet."
            )
        if errors:
            raise ValidationError(errors)
        if self.status in self.Status.still_open() and self.interview_id:
            others = FeedbackRequest.objects.filter(
                interview_id=self.interview_id, status__in=self.Status.still_open()
            ).exclude(pk=self.pk)
            if others.exists():
                raise ValidationError(ONE_OPEN_REQUEST)

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return (
            self.is_awaiting_reply and self.follow_up_due is not None and self.follow_up_due < today
        )

    def is_follow_up_due(self, today: datetime.date) -> bool:
        """Due today or overdue: time to send the polite reminder."""
        return (
            self.is_awaiting_reply
            and self.follow_up_due is not None
            and self.follow_up_due <= today
        )

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
        return self.status == self.Status.RECEIVED and (
            self.clear_enough is False or self.outcome == self.Outcome.VAGUE
        )

    @property
    def ended_without_feedback(self) -> bool:
        return self.status in (self.Status.DECLINED, self.Status.NO_RESPONSE)

    def reasons_within_my_control(self) -> list[str]:
        return [r for r in self.reasons if r in Reason.within_my_control()]

    def reasons_outside_my_control(self) -> list[str]:
        return [r for r in self.reasons if r in Reason.outside_my_control()]


# --- STAR bank and actions ----------------------------------------------------------------------


class Competency(models.TextChoices):
    TEAMWORK = "teamwork", "Teamwork"
    LEADERSHIP = "leadership", "Leadership"
    PROBLEM_SOLVING = "problem_solving", "Problem solving"
    CONFLICT = "conflict", "Handling conflict"
    COMMUNICATION = "communication", "Communication"
    INITIATIVE = "initiative", "Initiative"
    CUSTOMER_FOCUS = "customer_focus", "Customer focus"
    RESILIENCE = "resilience", "Resilience"
    ORGANISATION = "organisation", "Planning and organisation"
    ADAPTABILITY = "adaptability", "Adaptability"


class StarAnswer(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="star_answers"
    )
    title = models.CharField("Title", max_length=200)
    questions = models.TextField(
        "Questions it answers", blank=True, help_text="One question per line."
    )
    competencies = ArrayField(
        models.CharField(max_length=30, choices=Competency),
        verbose_name="Competencies",
        default=list,
        blank=True,
    )
    situation = models.TextField("Situation")
    task = models.TextField("Task")
    action = models.TextField("Action")
    result = models.TextField("Result")
    my_part = models.TextField("My part in the result", blank=True)
    strength = rating_field("Strength", default=3)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["title", "id"]
        constraints = [
            rating_constraint("strength", "staranswer"),
            models.CheckConstraint(
                condition=Q(competencies__contained_by=Competency.values),
                name="staranswer_competencies_valid",
            ),
        ]
        indexes = [models.Index(fields=["owner", "title"], name="staranswer_owner_title")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("debrief:star-detail", args=[self.pk])

    def competency_labels(self) -> list[str]:
        return [Competency(value).label for value in self.competencies]


class ActionArea(models.TextChoices):
    SKILLS = "skills", "Skills to build"
    INTERVIEW_PERFORMANCE = "interview_performance", "Interview performance"
    IMPRESSION = "impression", "The impression I give"
    APPLICATIONS = "applications", "Applications that land interviews"
    EMPLOYER_INSIGHT = "employer_insight", "What employers look for"


# The guide's "Move on to the next": after a rejection you know…
WHAT_YOU_NOW_KNOW = {
    ActionArea.SKILLS: "skills you had not considered a necessity for the job",
    ActionArea.INTERVIEW_PERFORMANCE: "how you can improve your interview performance",
    ActionArea.IMPRESSION: "the type of impression you portray at interview and whether "
    "that should be improved",
    ActionArea.APPLICATIONS: "how to craft an application that will land you an interview",
    ActionArea.EMPLOYER_INSIGHT: "the kind of issues that employers face when recruiting staff",
}


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"


class ActionItem(models.Model):
    Area = ActionArea

    Status = ActionStatus

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="action_items"
    )
    text = models.CharField("Action", max_length=300)
    area = models.CharField("Area", max_length=30, choices=Area, default=Area.SKILLS)
    debrief = models.ForeignKey(
        Debrief,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name="From debrief",
    )
    feedback_request = models.ForeignKey(
        FeedbackRequest,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name="From feedback",
    )
    status = models.CharField("Status", max_length=10, choices=Status, default=Status.OPEN)
    due_date = models.DateField("Due date", null=True, blank=True)
    completed_on = models.DateField("Completed on", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["status", models.F("due_date").asc(nulls_last=True), "-created_at"]
        constraints = [
            choices_constraint("area", ActionArea, "actionitem"),
            choices_constraint("status", ActionStatus, "actionitem"),
            models.CheckConstraint(
                condition=Q(debrief__isnull=True) | Q(feedback_request__isnull=True),
                name="actionitem_one_source",
            ),
        ]
        indexes = [models.Index(fields=["owner", "status"], name="actionitem_owner_status")]

    def __str__(self) -> str:
        return self.text

    def get_absolute_url(self) -> str:
        return reverse("debrief:action-edit", args=[self.pk])

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE

    def clean(self):
        super().clean()
        if self.debrief_id and self.feedback_request_id:
            raise ValidationError("An action comes from one debrief or one feedback, not both.")


# --- Advisers -----------------------------------------------------------------------------------


class AdviserAccessQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=AdviserAccess.Status.ACTIVE)


class AccessStatus(models.TextChoices):
    PENDING = "pending", "Requested by the adviser"
    ACTIVE = "active", "Active"
    DECLINED = "declined", "Declined"
    REVOKED = "revoked", "Revoked"


class AdviserAccess(models.Model):
    """A client's consent for one adviser to read their record."""

    Status = AccessStatus

    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="adviser_accesses"
    )
    adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="client_accesses"
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    requested_at = models.DateTimeField(null=True, blank=True)
    granted_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AdviserAccessQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]
        verbose_name_plural = "adviser accesses"
        constraints = [
            choices_constraint("status", AccessStatus, "adviseraccess"),
            models.UniqueConstraint(
                fields=["client", "adviser"],
                condition=Q(status__in=[AccessStatus.PENDING, AccessStatus.ACTIVE]),
                name="adviseraccess_one_open_per_pair",
            ),
            models.CheckConstraint(
                condition=~Q(client=models.F("adviser")), name="adviseraccess_not_self"
            ),
            models.CheckConstraint(
                condition=~Q(status=AccessStatus.ACTIVE) | Q(granted_at__isnull=False),
                name="adviseraccess_active_has_granted_at",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.adviser} → {self.client} ({self.get_status_display()})"


class AdviserAccessChange(models.Model):
    """Every change of consent, with its time and who made it."""

    access = models.ForeignKey(AdviserAccess, on_delete=models.CASCADE, related_name="changes")
    status = models.CharField(max_length=10, choices=AdviserAccess.Status)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.access}: {self.status} at {self.changed_at:%Y-%m-%d %H:%M}"


class AdviserNote(models.Model):
    adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notes_written"
    )
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="adviser_notes"
    )
    interview = models.ForeignKey(
        Interview,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="adviser_notes",
        verbose_name="About interview",
    )
    text = models.TextField("Note")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["client", "-created_at"], name="advisernote_client")]

    def __str__(self) -> str:
        return f"Note by {self.adviser} on {self.client}"


class AccessLogEntry(models.Model):
    """Append-only: which adviser viewed what of a client's record, and when."""

    adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    adviser_name = models.CharField(max_length=200)
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_log"
    )
    viewed = models.CharField(max_length=300)
    path = models.CharField(max_length=500)
    viewed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-viewed_at", "-id"]
        verbose_name_plural = "access log entries"
        indexes = [models.Index(fields=["client", "-viewed_at"], name="accesslog_client")]

    def __str__(self) -> str:
        return f"{self.adviser_name} viewed {self.viewed}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("The access log is append-only.")
        super().save(*args, **kwargs)


# --- Forms sent once ----------------------------------------------------------------------------


class FormSubmission(models.Model):
    """A create form's one-time token, claimed by the first submission that saved something.

    A double click or Back-and-resubmit posts the same token again: the unique constraint makes
    the second submission wait for the first, then land on what the first created. A browser
    that reloads the form on Back sends a new token with the same content: the fingerprint
    catches that within a few minutes.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="form_submissions"
    )
    token = models.UUIDField()
    # What was sent (address and fields, hashed): a form opened afresh by Back and sent again
    # with the same content is the same submission.
    fingerprint = models.CharField(max_length=64)
    url = models.CharField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "token"], name="formsubmission_once_per_user")
        ]
        indexes = [models.Index(fields=["user", "fingerprint"], name="formsubmission_fingerprint")]

    def __str__(self) -> str:
        return f"Form {self.token} → {self.url}"
