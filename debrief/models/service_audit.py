"""A careers service's audit log: who read or downloaded its outcome report, and who
deactivated, reactivated or changed the role of a member of its staff. Every admin of the
service reads it; nobody edits it."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from debrief.models.fields import choices_constraint
from debrief.models.organisations import Organisation


class AuditAction(models.TextChoices):
    REPORT_VIEWED = "report_viewed", _("Viewed the outcome report")
    REPORT_DOWNLOADED = "report_downloaded", _("Downloaded the outcome report (CSV)")
    BOARD_SUMMARY_VIEWED = "board_viewed", _("Viewed the board summary")
    BOARD_SUMMARY_DOWNLOADED = "board_downloaded", _("Downloaded the board summary (PDF)")
    MEMBER_DEACTIVATED = "member_deactivated", _("Deactivated a member of staff")
    MEMBER_REACTIVATED = "member_reactivated", _("Reactivated a member of staff")
    ROLE_CHANGED = "role_changed", _("Changed a member of staff's role")


class ServiceAuditEntryQuerySet(models.QuerySet):
    def for_service(self, organisation: Organisation):
        return self.filter(organisation=organisation)


class ServiceAuditEntry(models.Model):
    """One entry, written in the same transaction as what it records. The names are copied when
    it is written, so the log still says who after an account is deleted."""

    Action = AuditAction

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="audit_entries"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    actor_name = models.CharField(max_length=200)
    action = models.CharField(max_length=30, choices=Action)
    # Whom it was about (a member of staff), or what was read (the report's months).
    subject = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(default=timezone.now)

    objects = ServiceAuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name_plural = _("service audit entries")
        constraints = [choices_constraint("action", AuditAction, "serviceauditentry")]
        indexes = [models.Index(fields=["organisation", "-at"], name="serviceaudit_recent")]

    def __str__(self) -> str:
        return f"{self.actor_name}: {self.get_action_display()} at {self.at:%Y-%m-%d %H:%M}"
