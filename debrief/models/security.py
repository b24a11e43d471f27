"""Two-step sign-in links, the security log, and forms sent once."""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from debrief.models.fields import choices_constraint
from debrief.models.people import User


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


class SecurityEventKind(models.TextChoices):
    ENROLLED = "enrolled", _("Two-step sign-in set up")
    RECOVERY_CODES = "recovery_codes", _("New recovery codes made (the old ones stopped working)")
    RECOVERY_CODE_USED = "recovery_code_used", _("Signed in with a recovery code")
    RESET = "reset", _("Two-step sign-in reset by your service admin")


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
