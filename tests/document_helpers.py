"""What the document tests share: small real files of each type, and the documents storage
pointed at a directory or a bucket for one test."""

import io
import zipfile
from contextlib import contextmanager

from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile

from debrief.models import Document

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def docx(extra: dict[str, bytes] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document>My CV</w:document>")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return out.getvalue()


def odt() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return out.getvalue()


def upload(client, content: bytes, name: str = "cv.pdf", **fields):
    data = {"kind": "cv", "title": "CV for data roles, v3", **fields}
    data["file"] = SimpleUploadedFile(name, content)
    return client.post("/documents/new/", data)


@contextmanager
def documents_stored(settings, storage: dict):
    """Point the documents storage (and the FileField that captured it at start-up) elsewhere."""
    settings.STORAGES = {**settings.STORAGES, "documents": storage}
    field = Document._meta.get_field("file")
    before = field.storage
    field.storage = storages["documents"]
    try:
        yield field.storage
    finally:
        field.storage = before
