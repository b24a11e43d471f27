"""Records in and out: an import of applications from a spreadsheet or another tracker.

An import is kept as a batch: the file's cells and the person's column mapping while they check
the preview (nothing else is saved), then the applications it created, so that it can be undone
as a whole."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from debrief.models.applications import Application, OwnedQuerySet
from debrief.models.fields import choices_constraint, limited_char_field


class ImportLayout(models.TextChoices):
    HUNTR = "huntr", _("Huntr export")
    TEAL = "teal", _("Teal export")
    LINKEDIN = "linkedin", _("LinkedIn “Job Applications” export")
    PLAIN = "plain", _("spreadsheet with Debrief’s column names")
    OTHER = "other", _("spreadsheet")


class ImportStatus(models.TextChoices):
    DRAFT = "draft", _("Not imported yet")
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Could not be imported")
    UNDONE = "undone", _("Undone")


class ImportBatch(models.Model):
    Layout = ImportLayout
    Status = ImportStatus

    MAX_ROWS = 2_000
    # An import can be undone as a whole for this long after it finished.
    UNDO_WITHIN = datetime.timedelta(days=7)

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_batches"
    )
    file_name = limited_char_field(_("File"), "importbatch", "file_name")
    layout = models.CharField(max_length=20, choices=Layout, default=Layout.OTHER)
    # The file as read: its column names, and each row as [line number, [cell texts]].
    header = models.JSONField(default=list)
    cells = models.JSONField(default=list)
    # Debrief's field name → the column's index in `header` (fields left out are absent).
    mapping = models.JSONField(default=dict)
    day_first = models.BooleanField(
        _("Dates like 03/11/2026 are day first (UK)"),
        default=True,
        help_text=_("Untick for month first, as US exports write them."),
    )
    status = models.CharField(max_length=20, choices=Status, default=Status.DRAFT)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    undone_at = models.DateTimeField(null=True, blank=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            choices_constraint("status", ImportStatus, "importbatch"),
            choices_constraint("layout", ImportLayout, "importbatch"),
            models.CheckConstraint(
                condition=Q(done__lte=models.F("total")), name="importbatch_done_within_total"
            ),
            models.CheckConstraint(
                condition=Q(status=ImportStatus.DRAFT) | Q(confirmed_at__isnull=False),
                name="importbatch_confirmed_unless_draft",
            ),
        ]

    def __str__(self) -> str:
        return f"Import of {self.file_name}"

    def get_absolute_url(self) -> str:
        return reverse("debrief:import-detail", args=[self.pk])

    def clean(self):
        super().clean()
        if self.done > self.total:
            raise ValidationError(_("An import cannot have created more rows than it planned."))

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def in_progress(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def undo_until(self) -> datetime.datetime | None:
        return self.finished_at + self.UNDO_WITHIN if self.finished_at else None

    def can_undo(self, now: datetime.datetime) -> bool:
        return self.status == self.Status.DONE and now < self.undo_until

    @property
    def percent_done(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


class ImportedApplication(models.Model):
    """Which import created an application: undoing the import deletes exactly these."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="created")
    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="import_link"
    )
    line = models.PositiveIntegerField()

    class Meta:
        ordering = ["batch", "line"]

    def __str__(self) -> str:
        return f"Line {self.line} of {self.batch}"
