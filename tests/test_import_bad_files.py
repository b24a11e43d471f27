"""A file that is not a spreadsheet Debrief can safely read is refused with a sentence saying what
to do, next to the field, and nothing is saved: the wrong type, an old .xls, macros, a formula, a
file too big, a zip bomb, text in another encoding, too many rows."""

import io
import zipfile

import pytest

from debrief.models import Application, ImportBatch
from tests.html import errors_for
from tests.import_helpers import sample, upload, workbook

pytestmark = pytest.mark.django_db

HEADER = ["Employer", "Role title", "Date applied"]
ROW = ["Acme Ltd", "Data Analyst", "02/10/2026"]


def refused(client, name: str, content: bytes) -> str:
    response = upload(client, name, content)
    assert response.status_code == 200
    assert not ImportBatch.objects.exists()
    assert not Application.objects.exists()
    [error] = errors_for(response, "Spreadsheet file")
    return error


def with_part(content: bytes, name: str, data: bytes) -> bytes:
    out = io.BytesIO(content)
    with zipfile.ZipFile(out, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, data)
    return out.getvalue()


def test_it_refuses_a_pdf_named_like_a_csv(owner_client):
    error = refused(owner_client, "applications.csv", b"%PDF-1.7\n\x00\x01\x02binary")
    assert "binary data, not text" in error


def test_it_refuses_another_type_of_file(owner_client):
    assert "Debrief imports CSV files (.csv) and Excel workbooks (.xlsx)" in refused(
        owner_client, "photo.png", b"\x89PNG\r\n\x1a\nrest"
    )


def test_it_refuses_an_old_excel_file(owner_client):
    error = refused(owner_client, "old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    assert "older Excel file (.xls)" in error


def test_it_refuses_a_workbook_with_macros(owner_client):
    content = with_part(workbook([HEADER, ROW]), "xl/vbaProject.bin", b"macro")
    assert "contains macros" in refused(owner_client, "tracker.xlsx", content)
    assert "contains macros" in refused(owner_client, "tracker.xlsm", workbook([HEADER, ROW]))


def test_it_refuses_a_formula_cell(owner_client):
    content = workbook([HEADER, ROW], formula_at="C2")
    assert "Cell C2 holds a formula" in refused(owner_client, "tracker.xlsx", content)


def test_it_refuses_a_file_of_50_mb(owner_client):
    content = sample("plain.csv") + b"x" * (50 * 1024 * 1024)
    assert "The file is 50.0 MB: Debrief imports files up to 5 MB" in refused(
        owner_client, "big.csv", content
    )


def test_it_refuses_a_zip_bomb(owner_client):
    content = with_part(workbook([HEADER, ROW]), "xl/media/padding.bin", b"\0" * (60 * 1024 * 1024))
    assert len(content) < 1024 * 1024
    assert "zip bomb" in refused(owner_client, "tracker.xlsx", content)


def test_it_refuses_a_damaged_workbook(owner_client):
    content = workbook([HEADER, ROW])[:2000]
    assert "damaged" in refused(owner_client, "tracker.xlsx", content)


def test_it_refuses_text_that_is_not_utf8(owner_client):
    content = "Employer,Role title,Date applied\nCafé Rouge,Chef,02/10/2026\n".encode("cp1252")
    assert "save it as “CSV UTF-8”" in refused(owner_client, "tracker.csv", content)


def test_it_reads_utf16_with_its_byte_order_mark(owner_client):
    content = "Employer,Role title,Date applied\nCafé Rouge,Chef,02/10/2026\n".encode("utf-16")
    assert upload(owner_client, "tracker.csv", content).status_code == 302


def test_it_refuses_more_than_2000_rows(owner_client):
    content = "Employer,Role title,Date applied\n" + "Acme,Analyst,02/10/2026\n" * 2001
    assert "The file has 2,001 rows: import at most 2,000 at once" in refused(
        owner_client, "big.csv", content.encode()
    )


def test_it_refuses_a_file_with_only_a_header(owner_client):
    assert "no rows under its first line" in refused(
        owner_client, "empty.csv", b"Employer,Role title\n"
    )
