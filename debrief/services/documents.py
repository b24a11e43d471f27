"""CV and cover-letter files: the type judged from the content (a PDF's header; a .docx or .odt
archive's own parts), never from the name; stored through the "documents" storage; removed from
it when their owner deletes them or their account."""

import io
import zipfile

from django.db import transaction
from django.utils.translation import gettext as _

from debrief.models import Document, User
from debrief.services.archives import has_macros, unpacks_too_far

Type = Document.Type
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


class DocumentRefused(ValueError):
    """Said next to the file field; nothing is stored."""


def content_type_of(head: bytes, content) -> str:
    if head.startswith(b"%PDF-"):
        return Type.PDF
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(content) as archive:
                if unpacks_too_far(archive):
                    raise DocumentRefused(
                        _(
                            "This file unpacks to far more than its size, so Debrief does not keep "
                            "it. Save the document again, or as a PDF, and choose it again."
                        )
                    )
                if has_macros(archive):
                    raise DocumentRefused(
                        _("This document contains macros. Save it as a plain .docx or as a PDF.")
                    )
                names = set(archive.namelist())
                if "word/document.xml" in names:
                    return Type.DOCX
                if "mimetype" in names and archive.read("mimetype").strip() == ODT_MIMETYPE:
                    return Type.ODT
        except zipfile.BadZipFile:
            pass
    raise DocumentRefused(
        _(
            "Debrief keeps CVs and cover letters as PDF, Word (.docx) or OpenDocument (.odt) "
            "files, and this file is none of them (whatever its name says)."
        )
    )


def check_upload(upload) -> str:
    """The upload's type, or DocumentRefused with what to do."""
    if upload.size > Document.MAX_BYTES:
        raise DocumentRefused(
            _(
                "The file is %(size)s MB: Debrief keeps documents of up to %(most)s MB. Save it "
                "without large pictures, or as a PDF."
            )
            % {
                "size": f"{upload.size / 1024 / 1024:.1f}",
                "most": Document.MAX_BYTES // 1024 // 1024,
            }
        )
    upload.seek(0)
    content = io.BytesIO(upload.read())
    upload.seek(0)
    return content_type_of(content.getvalue()[:8], content)


def forget_files(*, owner: User) -> None:
    """When the account's deletion commits, its files go from the storage too (the rows go with
    the account)."""
    names = list(Document.objects.for_user(owner).values_list("file", flat=True))

    def delete() -> None:
        storage = Document._meta.get_field("file").storage
        for name in names:
            storage.delete(name)

    transaction.on_commit(delete)


def delete_document(*, document: Document) -> None:
    name, storage = document.file.name, document.file.storage
    with transaction.atomic():
        document.delete()
        transaction.on_commit(lambda: storage.delete(name))
