"""CV and cover-letter versions, and the applications each was sent with. The files live in the
"documents" storage (settings.STORAGES, config/storage_url.py) under names nobody can guess, and
are only ever streamed by Debrief to their owner or a consenting adviser."""

import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from debrief.models.applications import Application, OwnedQuerySet
from debrief.models.fields import choices_constraint, limited_char_field


class DocumentKind(models.TextChoices):
    CV = "cv", _("CV")
    COVER_LETTER = "cover_letter", _("Cover letter")


class DocumentType(models.TextChoices):
    """The file types accepted, judged from the content (services/documents.py)."""

    PDF = "application/pdf", _("PDF")
    DOCX = (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _("Word document (.docx)"),
    )
    ODT = "application/vnd.oasis.opendocument.text", _("OpenDocument text (.odt)")


EXTENSIONS = {DocumentType.PDF: "pdf", DocumentType.DOCX: "docx", DocumentType.ODT: "odt"}


def documents_storage():
    return storages["documents"]


def document_path(document: "Document", filename: str) -> str:
    return f"{document.owner_id}/{uuid.uuid4().hex}.{EXTENSIONS[document.content_type]}"


class Document(models.Model):
    Kind = DocumentKind
    Type = DocumentType
    MAX_BYTES = 10 * 1024 * 1024

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("Kind"), max_length=20, choices=Kind, default=Kind.CV)
    title = limited_char_field(
        _("Version name"),
        "document",
        "title",
        help_text=_("How you tell your versions apart, e.g. “CV for data roles, v3”."),
    )
    file = models.FileField(
        _("File"), upload_to=document_path, storage=documents_storage, max_length=200
    )
    original_name = limited_char_field(_("File name"), "document", "original_name")
    content_type = models.CharField(max_length=100, choices=Type)
    size = models.PositiveIntegerField()
    applications = models.ManyToManyField(
        Application, blank=True, related_name="documents", verbose_name=_("Sent with")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "-created_at", "-id"]
        constraints = [
            choices_constraint("kind", DocumentKind, "document"),
            choices_constraint("content_type", DocumentType, "document"),
            models.CheckConstraint(
                condition=models.Q(size__lte=10 * 1024 * 1024), name="document_size_limit"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("debrief:document-download", args=[self.pk])
