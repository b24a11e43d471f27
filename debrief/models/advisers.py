"""Advisers: consent to read a record, the notes they leave, and the access log the client reads."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from debrief.models.applications import Interview
from debrief.models.fields import (
    TEXT_LIMITS,
    choices_constraint,
    limited_text_field,
    text_length_constraint,
)
from debrief.summaries.triggers import keep_summaries


class AdviserAccessQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=AdviserAccess.Status.ACTIVE)


class AccessStatus(models.TextChoices):
    PENDING = "pending", _("Requested by the adviser")
    ACTIVE = "active", _("Active")
    DECLINED = "declined", _("Declined")
    REVOKED = "revoked", _("Revoked")


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
    next_contact_on = models.DateField(_("Next contact"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AdviserAccessQuerySet.as_manager()

    class Meta:
        # The derived stores follow every statement (debrief/summaries).
        triggers = keep_summaries()
        ordering = ["-updated_at"]
        verbose_name_plural = _("adviser accesses")
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
        verbose_name=_("About interview"),
    )
    text = limited_text_field(_("Note"), "advisernote", "text")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        # The derived stores follow every statement (debrief/summaries).
        triggers = keep_summaries()
        ordering = ["-created_at"]
        constraints = [text_length_constraint("text", "advisernote")]
        indexes = [models.Index(fields=["client", "-created_at"], name="advisernote_client")]

    def __str__(self) -> str:
        return f"Note by {self.adviser} on {self.client}"


class ViewerRole(models.TextChoices):
    ADVISER = "adviser", _("Careers adviser")
    STAFF = "staff", _("Debrief support staff")


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
        verbose_name_plural = _("access log entries")
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


class SharedAddress(models.Model):
    """An address a client gave access to their record. The sharing page lists the address as
    typed, the same whether it is a careers adviser's, a job seeker's or nobody's, so the page
    never tells a client (or someone signed in as them) who has an account or an adviser role.
    When it is a current adviser's, `access` is the consent it gave."""

    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shared_addresses"
    )
    email = models.EmailField(_("Email"), max_length=TEXT_LIMITS["sharedaddress"]["email"])
    access = models.ForeignKey(
        AdviserAccess,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="shared_addresses",
    )
    given_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-given_at", "-id"]
        verbose_name_plural = _("shared addresses")
        constraints = [
            models.UniqueConstraint(
                fields=["client", "email"],
                condition=Q(ended_at__isnull=True),
                name="sharedaddress_one_open_per_address",
            )
        ]

    def __str__(self) -> str:
        return f"{self.client} shared with {self.email}"
