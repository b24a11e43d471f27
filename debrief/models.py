"""Debrief's domain: a job seeker's applications and what they learn from each interview.

Every rule that must always hold is a database constraint, and the same rule is said in words in
`clean()` so that forms show a message instead of an IntegrityError.
"""

import datetime
import hashlib
import re
import secrets
import unicodedata
import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import connection, models, transaction
from django.db.models import Q
from django.db.models.functions import Length, Lower, TruncDate
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual
from django.urls import reverse
from django.utils import timezone

from debrief.identity import normalise_email

FOLLOW_UP_AFTER = datetime.timedelta(days=7)

# The most a person may type into each free-text field, in characters: generous for what the field
# is for (a title, a note, an email, one part of a STAR answer), bounded so that one request cannot
# store a book. CharFields are bounded by their column type (varchar); TextFields by a named
# CheckConstraint (`<model>_<field>_length`); both by `max_length`, so forms and `full_clean()`
# explain the limit next to the field.
TEXT_LIMITS = {
    "user": {"display_name": 100},
    "application": {
        "employer": 200,
        "role_title": 200,
        "location": 200,
        "source": 100,
        "salary": 100,
        "notes": 10_000,
    },
    "interview": {"interviewers": 300, "notes": 10_000},
    "debrief": {"went_well": 5_000, "do_better": 5_000},
    "debriefquestion": {"question": 500},
    "feedbackrequest": {"contact_name": 200, "message": 10_000, "feedback_text": 10_000},
    "staranswer": {
        "title": 200,
        "questions": 2_000,
        "situation": 3_000,
        "task": 3_000,
        "action": 3_000,
        "result": 3_000,
        "my_part": 3_000,
    },
    "actionitem": {"text": 300},
    # Read on the client's dashboard beside their own figures: a few lines, not a report.
    "advisernote": {"text": 2_000},
    "organisation": {"name": 200},
    "staffinvitation": {"email": 254, "display_name": 100},
    # Working together (careers services): a line of a pasted or uploaded invitation list, an
    # action an adviser suggests, a reply in a note's thread and what an appointment agreed.
    "clientinvitation": {"typed": 500, "name": 100},
    "actionsuggestion": {"text": 300},
    "notereply": {"text": 2_000},
    "appointment": {"agreed": 2_000},
}


def limited_char_field(label: str, model: str, field: str, **kwargs):
    return models.CharField(label, max_length=TEXT_LIMITS[model][field], **kwargs)


def limited_text_field(label: str, model: str, field: str, **kwargs):
    """A TextField with a limit: `max_length` sizes the form's textarea and field, the validator
    makes `full_clean()` say it, and `text_length_constraint` makes the database keep it."""
    limit = TEXT_LIMITS[model][field]
    return models.TextField(
        label, max_length=limit, validators=[MaxLengthValidator(limit)], **kwargs
    )


def text_length_constraint(field: str, model: str):
    return models.CheckConstraint(
        condition=LessThanOrEqual(Length(field), TEXT_LIMITS[model][field]),
        name=f"{model}_{field}_length",
        violation_error_message=f"Keep this to {TEXT_LIMITS[model][field]:,} characters at most.",
    )


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


class UserQuerySet(models.QuerySet):
    def reachable(self) -> "UserQuerySet":
        """Active accounts whose owner confirmed the address: the only ones Debrief emails
        (besides confirmation and password reset) and the only ones an adviser can find. Said
        of one person by `debrief.emails.may_email`. A member of staff their careers service
        deactivated is neither: no email may name a client to them any more."""
        return self.filter(is_active=True, email_confirmed_at__isnull=False).exclude(
            membership__deactivated_at__isnull=False
        )

    def clients_of(self, adviser: "User") -> "UserQuerySet":
        """The people whose record this adviser may read now: their consent is active. The one
        place that answers "is this person this adviser's client?"."""
        if not adviser.may_act_as_adviser:
            return self.none()
        return self.filter(
            adviser_accesses__adviser=adviser, adviser_accesses__status=AccessStatus.ACTIVE
        )


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=normalise_email(email), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        fields.setdefault("email_confirmed_at", timezone.now())
        return self.create_user(email, password, **fields)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=normalise_email(username))


# A web address in a name would be made a link by mail programs, where it could pass for
# Debrief's own: "www.x", "http://…" and word.word (as in "evil.com") are refused.
LOOKS_LIKE_A_LINK = re.compile(r"://|www\.|@|\w\.[^\W\d_]{2,}", re.IGNORECASE)


# A name is shown in quotes in emails (“Sam Taylor” (sam@…)); quote marks of its own could close
# them and make the rest read as Debrief's words.
QUOTE_MARKS = set('"“”„‟«»‹›「」『』〝〞＂')


# Control and format characters, line and paragraph separators: line breaks, bidi overrides and
# invisible characters that would let a name rearrange the words around it.
BREAKING_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp"})


def validate_display_name(value: str) -> None:
    # Compatibility forms first: a full-width "ｅｖｉｌ．ｃｏｍ" is "evil.com" to a mail program.
    value = unicodedata.normalize("NFKC", value)
    if QUOTE_MARKS & set(value):
        raise ValidationError("A name cannot contain quotation marks.", code="quote_marks")
    if any(unicodedata.category(char) in BREAKING_CATEGORIES for char in value):
        raise ValidationError(
            "Use letters, spaces and punctuation only: no line breaks or invisible characters.",
            code="control_characters",
        )
    if LOOKS_LIKE_A_LINK.search(value):
        raise ValidationError(
            "A name cannot contain a web or email address (or two words joined by a dot, "
            "such as “St.John”: write “St John”).",
            code="link",
        )


class UserRole(models.TextChoices):
    JOB_SEEKER = "job_seeker", "Job seeker"
    ADVISER = "adviser", "Careers adviser"


class User(AbstractBaseUser, PermissionsMixin):
    Role = UserRole

    email = models.EmailField("Email", max_length=254, unique=True)
    display_name = limited_char_field(
        "Display name", "user", "display_name", validators=[validate_display_name]
    )
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
        self.email = normalise_email(self.email)
        if (
            self.pk is not None
            and self.role != UserRole.ADVISER
            and Membership.objects.filter(user=self.pk).exists()
        ):
            raise ValidationError(
                {"role": "This account is on a careers service's staff: it stays an adviser."}
            )

    @property
    def is_adviser(self) -> bool:
        return self.role == self.Role.ADVISER

    @property
    def current_membership(self) -> "Membership | None":
        """This person's place in a careers service's staff, unless they were deactivated.
        Loaded with the user by `debrief.auth.UserBackend`: no query per request."""
        try:
            membership = self.membership
        except Membership.DoesNotExist:
            return None
        return membership if membership.is_current else None

    @property
    def may_act_as_adviser(self) -> bool:
        """An adviser account that no careers service has deactivated: a deactivated member
        loses every client's record at once (their consent stays, unusable, until handed
        over or revoked)."""
        if not self.is_adviser:
            return False
        try:
            return self.membership.is_current
        except Membership.DoesNotExist:
            return True

    @property
    def is_service_admin(self) -> bool:
        """A current admin of a careers service, on an adviser account: only those pass two-step
        sign-in on every page."""
        membership = self.current_membership
        return self.is_adviser and membership is not None and membership.is_admin

    @property
    def has_confirmed_email(self) -> bool:
        return self.email_confirmed_at is not None

    def confirm_email(self) -> None:
        """The owner of the address has shown they read it (a confirmation link or a password
        reset sent to it). Confirming again changes nothing."""
        if self.email_confirmed_at is None:
            self.email_confirmed_at = timezone.now()
            self.save(update_fields=["email_confirmed_at"])

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
    employer = limited_char_field("Employer", "application", "employer")
    role_title = limited_char_field("Role title", "application", "role_title")
    location = limited_char_field("Location", "application", "location", blank=True)
    job_url = models.URLField("Job link", max_length=500, blank=True)
    source = limited_char_field(
        "Source",
        "application",
        "source",
        blank=True,
        help_text="Where you found it, e.g. LinkedIn.",
    )
    date_applied = models.DateField("Date applied", default=timezone.localdate)
    closing_date = models.DateField("Closing date", null=True, blank=True)
    salary = limited_char_field("Salary", "application", "salary", blank=True)
    status = models.CharField("Status", max_length=20, choices=Status, default=Status.APPLIED)
    notes = limited_text_field("Notes", "application", "notes", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-date_applied", "-id"]
        constraints = [
            choices_constraint("status", ApplicationStatus, "application"),
            text_length_constraint("notes", "application"),
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
        ]

    def __str__(self) -> str:
        return f"{self.role_title} at {self.employer}"

    def get_absolute_url(self) -> str:
        return reverse("debrief:application-detail", args=[self.pk])

    def clean(self):
        super().clean()
        if self.closing_date and self.date_applied and self.closing_date < self.date_applied:
            raise ValidationError(
                {"closing_date": "The closing date cannot be before the date you applied."}
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


class ApplicationStatusCount(models.Model):
    """How many applications a job seeker has in each status, kept by the database.

    Statement-level triggers on debrief_application (migration
    0011_application_status_counts) add each statement's new rows and subtract its old rows,
    grouped by owner and status, so the counts stay exact whatever the code path (forms, admin,
    bulk updates, an application moved to another owner). The applications list and the dashboard
    read these few rows instead of counting the whole record. Never written by the application.
    No CHECK (count >= 0): PostgreSQL checks the row an upsert proposes (a -1) before it finds the
    row to add it to, so a decrement could never be written.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DB_CASCADE, related_name="+"
    )
    status = models.CharField(max_length=20, choices=ApplicationStatus)
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "status"], name="status_count_owner_status"),
        ]

    def __str__(self) -> str:
        return f"{self.count} {self.status} of {self.owner_id}"

    @classmethod
    def of(cls, owner: "User") -> dict[str, int]:
        """The owner's applications by status, statuses without any left out. In SQL: read on
        every visit of the list, where the ORM took longer to compile it than to run it."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT status, count FROM debrief_applicationstatuscount "
                "WHERE owner_id = %s AND count > 0",
                [owner.pk],
            )
            return dict(cursor.fetchall())


class DashboardCount(models.Model):
    """One figure of a job seeker's dashboard over the whole record, kept by the database.

    Statement-level triggers on every table the figures read (migration 0015_dashboard_counts)
    work out, for the applications, interviews, feedback requests, STAR answers and actions a
    statement touched, what each added to the owner's figures before the statement and what it
    adds after, and add the difference in one upsert: so bulk statements, deletions, a row moved
    to another owner and a change in a related table (a debrief written changes its interview's
    "undebriefed" and its feedback request's "compared") all keep the figures exact. The cold
    dashboard (services/dashboard_counts.py) reads these few rows instead of the whole record.

    `figure` names what is counted, `key` which part of it (a status, a reason, a competency, a
    rating, or an ISO date for the figures read up to a day: silent applications, overdue
    follow-ups, interviews without a debrief). Per user and for the dashboard only: the careers
    service's report has its own summaries. Never written by the application.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DB_CASCADE, related_name="+"
    )
    figure = models.CharField(max_length=40)
    key = models.CharField(max_length=40, blank=True)
    value = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "figure", "key"], name="dashboard_count_owner_figure_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.figure} {self.key}: {self.value} of {self.owner_id}"


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
    interviewers = limited_char_field(
        "Interviewers",
        "interview",
        "interviewers",
        blank=True,
        help_text="Names and roles, if you know them.",
    )
    outcome = models.CharField("Outcome", max_length=20, choices=Outcome, default=Outcome.AWAITING)
    outcome_date = models.DateField("Outcome date", null=True, blank=True)
    notes = limited_text_field("Notes", "interview", "notes", blank=True)
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
            models.Index(fields=["owner", "scheduled_at"], name="interview_owner_when"),
            models.Index(fields=["owner", "outcome"], name="interview_owner_outcome"),
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
                {"outcome_date": "Leave the outcome date empty while you await the outcome."}
            )
        if (
            self.outcome_date
            and self.scheduled_at
            and self.outcome_date < timezone.localdate(self.scheduled_at)
        ):
            raise ValidationError({"outcome_date": "The outcome cannot come before the interview."})
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
    went_well = limited_text_field("What went well", "debrief", "went_well", blank=True)
    do_better = limited_text_field("What I would do better", "debrief", "do_better", blank=True)
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
            text_length_constraint("went_well", "debrief"),
            text_length_constraint("do_better", "debrief"),
        ]

    def __str__(self) -> str:
        return f"Debrief of {self.interview}"

    def get_absolute_url(self) -> str:
        return self.interview.get_absolute_url()

    def ratings(self) -> list[tuple[str, int]]:
        return [(label, getattr(self, field)) for field, label in self.RATINGS.items()]


class DebriefQuestion(models.Model):
    debrief = models.ForeignKey(Debrief, on_delete=models.CASCADE, related_name="questions")
    question = limited_char_field("Question asked", "debriefquestion", "question")
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


def follow_up_overdue_condition(today: datetime.date) -> Q:
    """The one rule for "follow-up overdue": the request still awaits a reply and the day to
    follow it up has passed. `FeedbackRequest.is_overdue()` says the same in Python; the dashboard's
    figures kept by the database repeat it (migration 0015_dashboard_counts, read up to a day by
    services/dashboard_counts.py) and tests/test_dashboard_counts.py holds them equal.
    """
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
    # The interview's owner, copied by the database (migration 0021) whenever a request is
    # written and whenever an interview changes owner: never set by the application. It lets the
    # dashboard find a person's follow-ups due along one index instead of through every interview.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        editable=False,
        related_name="+",
    )
    contact_name = limited_char_field("Contact name", "feedbackrequest", "contact_name", blank=True)
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
    message = limited_text_field("Request message", "feedbackrequest", "message", blank=True)
    feedback_text = limited_text_field(
        "Feedback received", "feedbackrequest", "feedback_text", blank=True
    )
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
        """follow_up_overdue_condition(), for a request in hand."""
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
    title = limited_char_field("Title", "staranswer", "title")
    questions = limited_text_field(
        "Questions it answers",
        "staranswer",
        "questions",
        blank=True,
        help_text="One question per line.",
    )
    competencies = ArrayField(
        models.CharField(max_length=30, choices=Competency),
        verbose_name="Competencies",
        default=list,
        blank=True,
    )
    situation = limited_text_field("Situation", "staranswer", "situation")
    task = limited_text_field("Task", "staranswer", "task")
    action = limited_text_field("Action", "staranswer", "action")
    result = limited_text_field("Result", "staranswer", "result")
    my_part = limited_text_field("My part in the result", "staranswer", "my_part", blank=True)
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
            *(
                text_length_constraint(field, "staranswer")
                for field in ["questions", "situation", "task", "action", "result", "my_part"]
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
    text = limited_char_field("Action", "actionitem", "text")
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
    # The adviser whose suggestion the owner accepted (ActionSuggestion), shown as "suggested by".
    suggested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Suggested by",
    )
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
            models.CheckConstraint(
                condition=Q(status=ActionStatus.DONE, completed_on__isnull=False)
                | Q(status=ActionStatus.OPEN, completed_on__isnull=True),
                name="actionitem_completed_on_fits_status",
            ),
        ]
        indexes = [
            models.Index(fields=["owner", "status"], name="actionitem_owner_status"),
            # The dashboard's and the preparation sheet's first open actions, soonest due first.
            models.Index(
                "owner",
                models.F("due_date").asc(nulls_last=True),
                models.F("created_at").desc(),
                condition=Q(status=ActionStatus.OPEN),
                name="actionitem_open_by_due",
            ),
        ]

    def __str__(self) -> str:
        return self.text

    def get_absolute_url(self) -> str:
        return reverse("debrief:action-edit", args=[self.pk])

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE

    def mark_done(self, on: datetime.date) -> bool:
        """Done on `on`; False, changing nothing, if it was already done."""
        return self._change_status(self.Status.OPEN, self.Status.DONE, completed_on=on)

    def reopen(self) -> bool:
        """Open again, no longer dated done; False, changing nothing, if it was open."""
        return self._change_status(self.Status.DONE, self.Status.OPEN, completed_on=None)

    def _change_status(self, from_status: str, to_status: str, *, completed_on) -> bool:
        # Locked and checked in one transaction, so a double click cannot undo itself.
        with transaction.atomic():
            current = type(self).objects.select_for_update().get(pk=self.pk)
            if current.status != from_status:
                self.status, self.completed_on = current.status, current.completed_on
                return False
            self.status, self.completed_on = to_status, completed_on
            self.save(update_fields=["status", "completed_on", "updated_at"])
            return True

    def clean(self):
        super().clean()
        if self.debrief_id and self.feedback_request_id:
            raise ValidationError("An action comes from one debrief or one feedback, not both.")
        if self.is_done and not self.completed_on:
            raise ValidationError({"completed_on": "Give the day you did it."})
        if not self.is_done and self.completed_on:
            raise ValidationError(
                {"completed_on": "An open action has no completion date: mark it done instead."}
            )


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
    # When the adviser means to be in touch next: the caseload's "due for contact" from that day.
    next_contact_on = models.DateField("Next contact", null=True, blank=True)
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
    text = limited_text_field("Note", "advisernote", "text")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [text_length_constraint("text", "advisernote")]
        indexes = [models.Index(fields=["client", "-created_at"], name="advisernote_client")]

    def __str__(self) -> str:
        return f"Note by {self.adviser} on {self.client}"


class ViewerRole(models.TextChoices):
    ADVISER = "adviser", "Careers adviser"
    STAFF = "staff", "Debrief support staff"


class AccessLogEntry(models.Model):
    """Append-only: who (an adviser, or Debrief's support staff in the admin) viewed what of a
    client's record, and when."""

    Role = ViewerRole

    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Copied, so the entry still says who looked after the viewer's account is gone.
    viewer_name = models.CharField(max_length=200)
    viewer_role = models.CharField(max_length=10, choices=ViewerRole, default=ViewerRole.ADVISER)
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
        constraints = [choices_constraint("viewer_role", ViewerRole, "accesslogentry")]

    def __str__(self) -> str:
        return f"{self.viewer_label} viewed {self.viewed}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("The access log is append-only.")
        super().save(*args, **kwargs)

    @property
    def viewer_label(self) -> str:
        """Who looked, as the client reads it."""
        if self.viewer_role == ViewerRole.STAFF:
            return f"Debrief support staff ({self.viewer_name})"
        return self.viewer_name


# --- Careers services ---------------------------------------------------------------------------


class Organisation(models.Model):
    """A careers service (a university's, a college's, a National Careers Service provider): its
    service admins and advisers. Consent stays personal: a client shares with a named adviser,
    and the service sees only what its advisers' clients shared, anonymised in the report."""

    name = limited_char_field("Name", "organisation", "name")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(Lower("name"), name="organisation_name_unique_ci")]

    def __str__(self) -> str:
        return self.name


class MembershipRole(models.TextChoices):
    ADMIN = "admin", "Service admin"
    ADVISER = "adviser", "Careers adviser"


class MembershipQuerySet(models.QuerySet):
    def current(self):
        return self.filter(deactivated_at__isnull=True)


class Membership(models.Model):
    """A member of a careers service's staff. A person belongs to at most one service as staff
    (the one-to-one), and their account is an adviser account (two-step sign-in) whatever their
    role here: a service admin may also have a caseload. Deactivating a member ends all their
    access to clients' records at once (`User.may_act_as_adviser`) without touching consent."""

    Role = MembershipRole

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    role = models.CharField("Role", max_length=10, choices=Role, default=Role.ADVISER)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    deactivated_at = models.DateTimeField(null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "user"]
        constraints = [choices_constraint("role", MembershipRole, "membership")]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.organisation})"

    NOT_AN_ADVISER = (
        "Only an adviser account can be on a careers service's staff (a job seeker's account "
        "stays their own): make it an adviser account first, or use another address."
    )

    def save(self, *args, **kwargs):
        # Whatever the caller (a service, a command, a shell), never a job seeker on the staff.
        update_fields = kwargs.get("update_fields")
        if (update_fields is None or "user" in update_fields) and (
            self.user.role != User.Role.ADVISER
        ):
            raise ValidationError({"user": self.NOT_AN_ADVISER})
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        # Across tables, so no database constraint: services/organisations.py checks it too.
        if self.user_id is not None and self.user.role != User.Role.ADVISER:
            raise ValidationError({"user": self.NOT_AN_ADVISER})

    @property
    def is_current(self) -> bool:
        return self.deactivated_at is None

    @property
    def is_admin(self) -> bool:
        return self.is_current and self.role == MembershipRole.ADMIN


# --- Working together: invitations, suggested actions, replies to notes, appointments -----------


class InvitationStatus(models.TextChoices):
    DRAFT = "draft", "In the preview, not sent"
    LEFT_OUT = "left_out", "Left out (its row has an error)"
    QUEUED = "queued", "Waiting to be sent"
    # The worker handled it: an invitation email, a sharing request to an existing account, or
    # nothing for an address Debrief may not write to. The adviser is never told which.
    SENT = "sent", "Sent"
    FAILED = "failed", "Not sent (the mail server refused it)"


class InvitationBatch(models.Model):
    """One list of people an adviser pasted or uploaded: previewed with its errors, and sent only
    when the adviser confirms it (once: `confirmed_at` is set under a row lock)."""

    adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitation_batches"
    )
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "invitation batches"

    def __str__(self) -> str:
        return f"Invitations by {self.adviser} on {self.created_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("debrief:invitation-batch", args=[self.pk])

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class ClientInvitationQuerySet(models.QuerySet):
    def usable(self, now: datetime.datetime | None = None):
        """Sent to a new address, not yet used, not expired: a link that can still sign up."""
        return self.filter(
            status=InvitationStatus.SENT, used_at__isnull=True, expires_at__gt=now or timezone.now()
        )


class ClientInvitation(models.Model):
    """One row of a batch: the line as typed, what it says (a normalised address and a name) or
    why it cannot be sent. A row sent to an address with no account carries the hash of a one-time
    sign-up link (like EnrolmentLink, the token itself is never stored)."""

    Status = InvitationStatus
    MAX_ROWS = 500
    LIFETIME = datetime.timedelta(days=30)

    batch = models.ForeignKey(InvitationBatch, on_delete=models.CASCADE, related_name="rows")
    line = models.PositiveIntegerField("Line")
    typed = limited_char_field("As typed", "clientinvitation", "typed", blank=True)
    email = models.EmailField("Email", max_length=254, blank=True)
    name = limited_char_field("Name", "clientinvitation", "name", blank=True)
    error = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    token_hash = models.CharField(max_length=64, null=True, blank=True, unique=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    used_at = models.DateTimeField(null=True, blank=True)

    objects = ClientInvitationQuerySet.as_manager()

    class Meta:
        ordering = ["batch", "line"]
        constraints = [
            choices_constraint("status", InvitationStatus, "clientinvitation"),
            models.UniqueConstraint(fields=["batch", "line"], name="clientinvitation_one_per_line"),
            models.CheckConstraint(
                condition=Q(error="")
                | Q(status__in=[InvitationStatus.DRAFT, InvitationStatus.LEFT_OUT]),
                name="clientinvitation_error_never_sent",
            ),
            models.CheckConstraint(
                condition=~Q(error="") | ~Q(email=""), name="clientinvitation_valid_has_email"
            ),
        ]
        indexes = [models.Index(fields=["status", "sent_at"], name="clientinvitation_sent")]

    def __str__(self) -> str:
        return f"Line {self.line}: {self.email or self.typed}"

    def clean(self):
        super().clean()
        if self.error and self.status not in (InvitationStatus.DRAFT, InvitationStatus.LEFT_OUT):
            raise ValidationError("A row with an error is never sent.")
        if not self.error and not self.email:
            raise ValidationError({"email": "A row without an error names an address."})


class SuggestionStatus(models.TextChoices):
    PENDING = "pending", "Waiting for the client"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class ActionSuggestionQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=SuggestionStatus.PENDING)


class ActionSuggestion(models.Model):
    """An action an adviser proposes to a client. It is not in the client's action list (nor in
    their counts, dashboard or record version) until they accept it: accepting creates the
    ActionItem (services/together.suggestion_accept); declining discards it."""

    Status = SuggestionStatus

    adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="suggestions_made"
    )
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="action_suggestions"
    )
    text = limited_char_field("Action", "actionsuggestion", "text")
    area = models.CharField("Area", max_length=30, choices=ActionArea, default=ActionArea.SKILLS)
    due_date = models.DateField("Due date", null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    action_item = models.OneToOneField(
        ActionItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="suggestion"
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = ActionSuggestionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            choices_constraint("area", ActionArea, "actionsuggestion"),
            choices_constraint("status", SuggestionStatus, "actionsuggestion"),
            models.CheckConstraint(
                condition=Q(status=SuggestionStatus.PENDING, decided_at__isnull=True)
                | (~Q(status=SuggestionStatus.PENDING) & Q(decided_at__isnull=False)),
                name="actionsuggestion_decided_at_fits_status",
            ),
            models.CheckConstraint(
                condition=~Q(client=models.F("adviser")), name="actionsuggestion_not_self"
            ),
        ]
        indexes = [models.Index(fields=["client", "status"], name="actionsuggestion_client")]

    def __str__(self) -> str:
        return self.text

    def clean(self):
        super().clean()
        if (self.status == SuggestionStatus.PENDING) != (self.decided_at is None):
            raise ValidationError(
                "A suggestion is decided on exactly when it is no longer waiting."
            )


class NoteReply(models.Model):
    """A message in the short thread under an adviser's note: the client and that adviser both
    answer (services/together.reply_to_note keeps the cap)."""

    MAX_PER_NOTE = 50

    note = models.ForeignKey(AdviserNote, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="note_replies"
    )
    text = limited_text_field("Reply", "notereply", "text")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = "note replies"
        constraints = [text_length_constraint("text", "notereply")]
        indexes = [models.Index(fields=["note", "created_at"], name="notereply_note")]

    def __str__(self) -> str:
        return f"Reply by {self.author} on {self.created_at:%Y-%m-%d}"


class AppointmentKind(models.TextChoices):
    ONE_TO_ONE = "one_to_one", "One-to-one"
    CV_REVIEW = "cv_review", "CV review"
    MOCK_INTERVIEW = "mock_interview", "Mock interview"


class Appointment(models.Model):
    """An appointment an adviser records with a client, and what was agreed. The client reads
    them (on "Working with your adviser")."""

    Kind = AppointmentKind

    adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="appointments_held"
    )
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="appointments"
    )
    date = models.DateField("Date")
    time = models.TimeField("Time", null=True, blank=True)
    kind = models.CharField("Kind", max_length=20, choices=Kind, default=Kind.ONE_TO_ONE)
    agreed = limited_text_field("What was agreed", "appointment", "agreed", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", models.F("time").desc(nulls_last=True), "-id"]
        constraints = [
            choices_constraint("kind", AppointmentKind, "appointment"),
            text_length_constraint("agreed", "appointment"),
            models.CheckConstraint(
                condition=~Q(client=models.F("adviser")), name="appointment_not_self"
            ),
        ]
        indexes = [models.Index(fields=["client", "-date"], name="appointment_client")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.date:%Y-%m-%d}"


class ClientMonthSummary(models.Model):
    """One job seeker's figures for one month, for careers services' outcome report, kept by
    the database.

    Statement-level triggers on applications, interviews, debriefs and feedback requests
    (migration `client_month_summaries`) recompute, from the source rows, every (client, month)
    a statement touched, as the rows were and as they are: whatever the code path, the figures
    stay exact and the report reads a few rows per client instead of their whole record. Months
    of dates are calendar months; months of moments (an interview's time, a debrief's writing)
    are UTC months. Never written by the application.
    """

    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DB_CASCADE, related_name="+"
    )
    month = models.DateField(help_text="The first day of the month.")
    applications = models.IntegerField(default=0)
    interviews = models.IntegerField(default=0)
    offers = models.IntegerField(default=0)
    feedback_requested = models.IntegerField(default=0)
    feedback_received = models.IntegerField(default=0)
    debriefs = models.IntegerField(default=0)
    # For each debrief written this month after a rejection: the days from the rejection (the
    # interview's outcome date) to the day it was written.
    rejection_to_debrief_days = ArrayField(models.IntegerField(), default=list)

    class Meta:
        ordering = ["client", "month"]
        constraints = [
            models.UniqueConstraint(fields=["client", "month"], name="client_month_unique"),
            models.CheckConstraint(
                condition=Q(month__day=1), name="clientmonthsummary_month_first_day"
            ),
        ]
        indexes = [models.Index(fields=["month", "client"], name="client_month_by_month")]

    def __str__(self) -> str:
        return f"{self.client_id} in {self.month:%B %Y}"


class CaseloadFigures(models.Model):
    """One job seeker's figures for the adviser caseload that do not depend on the day, kept by
    the database.

    Statement-level triggers on applications, interviews, debriefs, feedback requests, STAR
    answers and actions (migration `caseload_figures`) recompute, from the source rows, the row
    of every job seeker a statement touched (as the rows were and as they are): whatever the code
    path, the figures stay exact, and the caseload reads one row per client instead of grouping
    every client's record on each request. The date-dependent figures are read at request time:
    interviews in the last 30 days along the (owner, scheduled_at) index, overdue follow-ups
    from `follow_ups_due` (the follow-up dates of the requests still awaiting a reply).
    Never written by the application.
    """

    client = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.DB_CASCADE,
        primary_key=True,
        related_name="caseload_figures",
    )
    applications = models.IntegerField(default=0)
    open_actions = models.IntegerField(default=0)
    # The latest updated_at of each kind of row; the last activity is the latest of them. Kept
    # apart so that a write recomputes only what its table changes (a new application does not
    # re-read every debrief).
    last_application_at = models.DateTimeField(null=True)
    last_interview_at = models.DateTimeField(null=True)
    last_debrief_at = models.DateTimeField(null=True)
    last_feedback_at = models.DateTimeField(null=True)
    last_action_at = models.DateTimeField(null=True)
    last_answer_at = models.DateTimeField(null=True)
    # The interview the caseload names as the most important outcome (services/caseload.py).
    latest_outcome = models.ForeignKey(
        "Interview",
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    follow_ups_due = ArrayField(models.DateField(), default=list)

    def __str__(self) -> str:
        return f"caseload figures of {self.client_id}"


class ServiceClient(models.Model):
    """A client the outcome report of a careers service counts now: their consent is active with
    an adviser who is a current member of the service (and still an adviser account), and their
    own account is active. Kept by triggers on consent, memberships and accounts (migration
    `client_month_summaries`); never written by the application."""

    organisation = models.ForeignKey(Organisation, on_delete=models.DB_CASCADE, related_name="+")
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DB_CASCADE, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "client"], name="service_client_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client_id} counted by {self.organisation_id}"


class ServiceMonthSummary(models.Model):
    """A careers service's figures for one month: the sums of its clients' ClientMonthSummary
    rows (ServiceClient), with how many clients stand behind each figure (for the report's
    rule of five). Kept by triggers on both; never written by the application."""

    organisation = models.ForeignKey(Organisation, on_delete=models.DB_CASCADE, related_name="+")
    month = models.DateField()
    active_clients = models.IntegerField(default=0)
    applications = models.IntegerField(default=0)
    applications_clients = models.IntegerField(default=0)
    interviews = models.IntegerField(default=0)
    interviews_clients = models.IntegerField(default=0)
    offers = models.IntegerField(default=0)
    offers_clients = models.IntegerField(default=0)
    feedback_requested = models.IntegerField(default=0)
    feedback_requested_clients = models.IntegerField(default=0)
    feedback_received = models.IntegerField(default=0)
    feedback_received_clients = models.IntegerField(default=0)
    debriefs = models.IntegerField(default=0)
    debriefs_clients = models.IntegerField(default=0)
    median_days_clients = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "month"], name="service_month_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} in {self.month:%B %Y}"


class ServiceMonthDay(models.Model):
    """How many of a service's debriefs written in a month came `day` days after the rejection:
    the histogram the report's medians are read from. Kept by the same triggers."""

    organisation = models.ForeignKey(Organisation, on_delete=models.DB_CASCADE, related_name="+")
    month = models.DateField()
    day = models.IntegerField()
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "month", "day"], name="service_month_day_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.count} after {self.day} days"


# --- Two-step sign-in ---------------------------------------------------------------------------


class EnrolmentLinkQuerySet(models.QuerySet):
    def usable(self, now: datetime.datetime | None = None):
        return self.filter(used_at__isnull=True, expires_at__gt=now or timezone.now())


class EnrolmentLink(models.Model):
    """A one-time link that lets an adviser or a staff member enrol their first authenticator.

    A password alone (or a password reset link) must not be enough to tie someone's own
    authenticator to an account that reads other people's records, so the first enrolment needs
    this link, sent to the person's email or handed over by staff. Only a hash of the random
    token is kept: the database alone cannot be used to enrol.
    """

    LIFETIME = datetime.timedelta(days=3)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolment_links"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    objects = EnrolmentLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gte=models.F("created_at")),
                name="enrolmentlink_expires_not_before_created",
            ),
        ]

    def __str__(self) -> str:
        return f"Enrolment link for {self.user} ({self.created_at:%Y-%m-%d %H:%M})"

    @staticmethod
    def hash(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @classmethod
    def issue(cls, *, user: User, created_by: User | None = None) -> str:
        """A new link's token (shown once, never stored); earlier unused links of the user
        stop working, so only the newest one sent can be used."""
        now = timezone.now()
        cls.objects.usable(now).filter(user=user).update(expires_at=now)
        token = secrets.token_urlsafe(32)
        cls.objects.create(
            user=user,
            token_hash=cls.hash(token),
            created_by=created_by,
            created_at=now,
            expires_at=now + cls.LIFETIME,
        )
        return token


class StaffInvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(accepted_at__isnull=True, cancelled_at__isnull=True)


class StaffInvitation(models.Model):
    """A service admin's invitation of a person, by email, to join the service's staff.

    Kept apart from the account so that the admin sees the same thing whatever the address: an
    address new to Debrief gets an adviser account (no usable password yet), a membership and an
    enrolment link (`user` is set); an address that already has an account gets an email saying
    it cannot join with that address, and nothing changes (`user` stays empty). The admin's list
    shows both alike, so it never tells whether an address has an account."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = limited_char_field("Email", "staffinvitation", "email")
    display_name = limited_char_field(
        "Name", "staffinvitation", "display_name", validators=[validate_display_name]
    )
    role = models.CharField(
        "Role", max_length=10, choices=MembershipRole, default=MembershipRole.ADVISER
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="staff_invitations",
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    objects = StaffInvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at", "-id"]
        constraints = [
            choices_constraint("role", MembershipRole, "staffinvitation"),
            models.UniqueConstraint(
                "organisation",
                Lower("email"),
                condition=Q(accepted_at__isnull=True, cancelled_at__isnull=True),
                name="staffinvitation_one_pending_per_address",
                violation_error_message="This address already has a pending invitation.",
            ),
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(cancelled_at__isnull=True),
                name="staffinvitation_not_accepted_and_cancelled",
            ),
        ]

    def __str__(self) -> str:
        return f"Invitation of {self.email} to {self.organisation}"

    def clean(self):
        super().clean()
        self.email = normalise_email(self.email)
        if self.accepted_at and self.cancelled_at:
            raise ValidationError("An invitation is either accepted or cancelled, not both.")

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.cancelled_at is None

    @property
    def has_expired(self) -> bool:
        return self.expires_at <= timezone.now()


class HandoverStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn by the service"
    EXPIRED = "expired", "Expired without an answer"


class HandoverQuerySet(models.QuerySet):
    def open(self, now: datetime.datetime | None = None):
        """Proposals a client may still answer: proposed, and younger than Handover.LIFETIME.
        An older one is expired even before `close_expired` writes it so."""
        now = now or timezone.now()
        return self.filter(status=HandoverStatus.PROPOSED, proposed_at__gt=now - Handover.LIFETIME)

    def close_expired(self, now: datetime.datetime | None = None) -> int:
        """Writes `expired` on proposals past their lifetime (each decided when it expired),
        freeing the client for a new proposal."""
        now = now or timezone.now()
        return self.filter(
            status=HandoverStatus.PROPOSED, proposed_at__lte=now - Handover.LIFETIME
        ).update(
            status=HandoverStatus.EXPIRED, decided_at=models.F("proposed_at") + Handover.LIFETIME
        )


class Handover(models.Model):
    """A careers service's proposal that one client's record moves from one of its advisers to
    another. Nothing moves until the client accepts: then their consent to the first adviser is
    revoked and a consent to the second begins, at once (services/organisations.py)."""

    Status = HandoverStatus
    # A proposal left unanswered this long expires: the client can no longer accept it.
    LIFETIME = datetime.timedelta(days=30)

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="handovers"
    )
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="handovers"
    )
    from_adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="handovers_from"
    )
    to_adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="handovers_to"
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=HandoverStatus, default=HandoverStatus.PROPOSED
    )
    proposed_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = HandoverQuerySet.as_manager()

    class Meta:
        ordering = ["-proposed_at", "-id"]
        constraints = [
            choices_constraint("status", HandoverStatus, "handover"),
            models.CheckConstraint(
                condition=~Q(from_adviser=models.F("to_adviser")),
                name="handover_to_another_adviser",
                violation_error_message="Hand over to another adviser.",
            ),
            models.CheckConstraint(
                condition=Q(status=HandoverStatus.PROPOSED, decided_at__isnull=True)
                | (~Q(status=HandoverStatus.PROPOSED) & Q(decided_at__isnull=False)),
                name="handover_decided_has_decided_at",
            ),
            models.UniqueConstraint(
                fields=["client", "from_adviser"],
                condition=Q(status=HandoverStatus.PROPOSED),
                name="handover_one_open_per_client_and_adviser",
            ),
        ]

    def __str__(self) -> str:
        return f"Handover of {self.client} from {self.from_adviser} to {self.to_adviser}"

    def clean(self):
        super().clean()
        if self.from_adviser_id and self.from_adviser_id == self.to_adviser_id:
            raise ValidationError("Hand over to another adviser.")

    @property
    def expires_at(self) -> datetime.datetime:
        return self.proposed_at + self.LIFETIME

    @property
    def is_open(self) -> bool:
        return self.status == HandoverStatus.PROPOSED and self.expires_at > timezone.now()


class SecurityEventKind(models.TextChoices):
    ENROLLED = "enrolled", "Two-step sign-in set up"
    RECOVERY_CODES = "recovery_codes", "New recovery codes made (the old ones stopped working)"
    RECOVERY_CODE_USED = "recovery_code_used", "Signed in with a recovery code"
    RESET = "reset", "Two-step sign-in reset by your service admin"


class SecurityEvent(models.Model):
    """The log of an adviser's own sign-in security, which they read on their two-step page:
    enrolment, recovery codes made or used, and a reset by their service admin. Append-only."""

    Kind = SecurityEventKind

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="security_events"
    )
    kind = models.CharField(max_length=20, choices=SecurityEventKind)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Copied, so the entry still says who did it after their account is gone.
    by_name = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]
        constraints = [choices_constraint("kind", SecurityEventKind, "securityevent")]
        indexes = [models.Index(fields=["user", "-at"], name="securityevent_user")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.user}, {self.at:%Y-%m-%d %H:%M})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("The security log is append-only.")
        super().save(*args, **kwargs)

    @classmethod
    def record(cls, *, user: User, kind: str, by: User | None = None) -> "SecurityEvent":
        return cls.objects.create(
            user=user, kind=kind, by=by, by_name=str(by) if by is not None else ""
        )


# --- Reminders ----------------------------------------------------------------------------------


class NotificationKind(models.TextChoices):
    FOLLOW_UP_DUE = "follow_up_due", "Follow-up due"
    INTERVIEW_TOMORROW = "interview_tomorrow", "Interview tomorrow"
    DEBRIEF_NOT_WRITTEN = "debrief_not_written", "Debrief not written"
    NO_NEWS = "no_news", "No news for 30 days"
    WEEKLY_DIGEST = "weekly_digest", "Weekly digest"
    ADVISER = "adviser", "Adviser updates"


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


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
    follow_up_due = models.BooleanField("Follow-up due", default=True)
    interview_tomorrow = models.BooleanField("Interview tomorrow", default=True)
    debrief_not_written = models.BooleanField("Debrief not written", default=True)
    no_news = models.BooleanField("No news for 30 days", default=True)
    adviser = models.BooleanField("Adviser updates", default=True)
    digest_day = models.PositiveSmallIntegerField(
        "Weekly digest", choices=Weekday, null=True, blank=True, default=Weekday.MONDAY
    )
    time_zone = models.CharField("Time zone", max_length=64, default=DEFAULT_TIME_ZONE)
    calendar_secret = models.CharField(
        max_length=64, unique=True, null=True, blank=True, default=None
    )
    calendar_changed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "notification settings"
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
            raise ValidationError({"time_zone": "Choose a time zone from the list."}) from error

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
    PENDING = "pending", "Waiting to be sent"
    SENDING = "sending", "Being sent"
    SENT = "sent", "Sent"
    SKIPPED = "skipped", "Not sent (switched off)"
    FAILED = "failed", "Failed"


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
