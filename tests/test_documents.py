"""CV and cover-letter versions on the file system: uploaded with their type judged from the
content, refused when too big or not a document, chosen per application and linked from the
preparation sheet, served only to their owner and a consenting adviser (logged), deleted with
the account, and in the export."""

import datetime
import io
import zipfile

import pytest
from django.utils import timezone

from config.storage_url import documents_storage
from debrief.models import AccessLogEntry, Document
from tests.adviser_helpers import sign_in_verified
from tests.document_helpers import PDF, documents_stored, docx, odt, upload
from tests.factories import PASSWORD, grant_access, make_application, make_interview
from tests.html import errors_for

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def storage(settings, tmp_path):
    with documents_stored(settings, documents_storage("", tmp_path)) as storage:
        yield storage


@pytest.mark.parametrize(
    ("content", "name", "content_type"),
    [
        (PDF, "cv.pdf", Document.Type.PDF),
        (docx(), "cv.docx", Document.Type.DOCX),
        (odt(), "letter.odt", Document.Type.ODT),
        (PDF, "named-wrongly.docx", Document.Type.PDF),
    ],
)
def test_each_type_is_kept_as_its_content_says(owner_client, storage, content, name, content_type):
    assert upload(owner_client, content, name).status_code == 302
    document = Document.objects.get()
    assert document.content_type == content_type
    assert document.original_name == name
    assert storage.open(document.file.name).read() == content
    assert name not in document.file.name  # stored under a name nobody can guess


@pytest.mark.parametrize(
    ("content", "name", "error"),
    [
        (b"MZ\x90\x00 an exe", "cv.pdf", "is none of them (whatever its name says)"),
        (b"plain text", "cv.docx", "is none of them"),
        (docx({"word/vbaProject.bin": b"x"}), "cv.docx", "contains macros"),
        (docx({"word/media/big.bin": b"\0" * (60 * 1024 * 1024)}), "cv.docx", "unpacks to far"),
        (PDF + b"x" * (11 * 1024 * 1024), "cv.pdf", "The file is 11.0 MB"),
    ],
)
def test_what_is_not_a_document_is_refused(owner_client, storage, content, name, error):
    response = upload(owner_client, content, name)
    assert response.status_code == 200
    assert error in errors_for(response, "File")[0]
    assert not Document.objects.exists()
    assert not storage.listdir("")[1]


def test_the_preparation_sheet_links_the_documents_sent(owner_client, owner, storage):
    application = make_application(owner)
    interview = make_interview(application, scheduled_at=timezone.now() + datetime.timedelta(1))
    upload(owner_client, PDF, applications=[application.pk])
    document = Document.objects.get()
    page = owner_client.get(f"/interviews/{interview.pk}/prepare/").text
    assert f'href="/documents/{document.pk}/file/"' in page
    response = owner_client.get(f"/documents/{document.pk}/file/")
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"] == 'attachment; filename="cv.pdf"'
    assert response["Cache-Control"] == "private, no-store"


def test_the_sheet_names_each_document_sent_with_this_application_only(
    owner_client, owner, storage
):
    application = make_application(owner)
    interview = make_interview(application, scheduled_at=timezone.now() + datetime.timedelta(1))
    upload(
        owner_client,
        PDF,
        "letter.pdf",
        kind="cover_letter",
        title="Letter <v1>",
        applications=[application.pk],
    )
    upload(owner_client, PDF, "cv.pdf", title="CV v2", applications=[application.pk])
    upload(owner_client, PDF, "other.pdf", title="CV for another job")

    page = owner_client.get(f"/interviews/{interview.pk}/prepare/").text

    section = page[page.index('id="documents-title"') :]
    # In the documents page's order: by kind, then newest first.
    assert section.index("Cover letter: Letter &lt;v1&gt;</a> (letter.pdf)") < section.index(
        "CV: CV v2</a> (cv.pdf)"
    )
    assert "CV for another job</a>" not in page


def test_nobody_else_gets_the_file(client, owner, stranger, adviser, storage):
    client.force_login(owner)
    upload(client, PDF)
    document = Document.objects.get()
    client.force_login(stranger)
    assert client.get(f"/documents/{document.pk}/file/").status_code == 404
    assert client.post(f"/documents/{document.pk}/delete/").status_code == 404
    client.logout()
    sign_in_verified(client, adviser)
    url = f"/adviser/clients/{owner.pk}/documents/{document.pk}/file/"
    assert client.get(url).status_code == 404
    grant_access(owner, adviser)
    response = client.get(url)
    assert b"".join(response.streaming_content) == PDF
    assert AccessLogEntry.objects.filter(client=owner, viewed__startswith="Document:").exists()


def test_deleting_the_document_or_the_account_deletes_the_files(client, owner, storage):
    client.force_login(owner)
    upload(client, PDF)
    upload(client, docx(), "letter.docx", kind="cover_letter", title="Letter")
    first, second = Document.objects.order_by("pk")
    client.post(f"/documents/{first.pk}/delete/")
    assert not storage.exists(first.file.name)
    assert storage.exists(second.file.name)
    client.post("/settings/delete-account/", {"password": PASSWORD, "confirm": "on"})
    assert not Document.objects.exists()
    assert not storage.exists(second.file.name)


def test_the_export_holds_the_files(owner_client, storage):
    upload(owner_client, PDF)
    archive = zipfile.ZipFile(io.BytesIO(owner_client.post("/settings/export/").content))
    assert archive.read("documents/1 CV for data roles, v3 - cv.pdf") == PDF


def test_the_export_lists_the_documents_and_what_they_were_sent_with(owner_client, owner, storage):
    import json

    application = make_application(owner)
    upload(owner_client, PDF, applications=[application.pk])
    archive = zipfile.ZipFile(io.BytesIO(owner_client.post("/settings/export/").content))
    [listed] = json.loads(archive.read("data.json"))["documents"]
    assert listed["file_in_this_export"] == "documents/1 CV for data roles, v3 - cv.pdf"
    assert listed["sent_with_application_ids"] == [application.pk]
    assert listed["content_type"] == "application/pdf"
