"""What the import tests share: uploading a file through the form, and the sample files."""

import io
from pathlib import Path

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile

from debrief.models import ImportBatch

DATA = Path(__file__).parent / "data"


def sample(name: str) -> bytes:
    return (DATA / name).read_bytes()


def upload(client, name: str, content: bytes):
    return client.post("/applications/import/", {"file": SimpleUploadedFile(name, content)})


def workbook(rows: list[list], *, formula_at: str = "") -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    if formula_at:
        sheet[formula_at] = "=1+1"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def latest_import() -> ImportBatch:
    return ImportBatch.objects.latest("pk")


def upload_and_confirm(client, name: str, content: bytes) -> ImportBatch:
    """Upload, keep the proposed mapping, read the preview and confirm: the person's clicks."""
    response = upload(client, name, content)
    assert response.status_code == 302, response.content.decode()[:2000]
    batch = latest_import()
    page = client.get(f"/applications/import/{batch.pk}/")
    form = {
        field: value
        for field, value in page.context["form"].initial.items()
        if value not in (None, "")
    }
    for name_, bound in page.context["form"].fields.items():
        if bound.initial not in (None, ""):
            form[name_] = bound.initial
    assert client.post(f"/applications/import/{batch.pk}/", form).status_code == 302
    assert client.get(f"/applications/import/{batch.pk}/preview/").status_code == 200
    client.post(f"/applications/import/{batch.pk}/confirm/")
    return batch
