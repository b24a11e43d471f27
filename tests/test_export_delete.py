"""The client's data rights: a copy of everything they own, and deleting it all."""

import csv
import io
import json
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from debrief.models import (
    AccessLogEntry,
    ActionItem,
    AdviserAccess,
    AdviserAccessChange,
    AdviserNote,
    Application,
    Debrief,
    DebriefQuestion,
    FeedbackRequest,
    Interview,
    StarAnswer,
    StatusChange,
    User,
)
from debrief.services import consent
from tests.adviser_helpers import sign_in_verified
from tests.factories import (
    PASSWORD,
    make_action_item,
    make_application,
    make_debrief,
    make_feedback_request,
    make_interview,
    make_note,
    make_question,
    make_star_answer,
)

pytestmark = pytest.mark.django_db

EXPORT = reverse("debrief:settings-export")
DELETE = reverse("debrief:settings-delete-account")
OWNED_MODELS = [
    Application,
    StatusChange,
    Interview,
    Debrief,
    DebriefQuestion,
    FeedbackRequest,
    StarAnswer,
    ActionItem,
    AdviserAccess,
    AdviserAccessChange,
    AdviserNote,
    AccessLogEntry,
]


def build_record(user: User, adviser: User, tag: str, copies: int = 1) -> None:
    """One of everything a user owns, each text carrying `tag`."""
    for n in range(copies):
        application = make_application(user, employer=f"{tag} Employer {n}", role_title="Analyst")
        application.change_status(Application.Status.INTERVIEWING)
        interview = make_interview(application, interviewers=f"{tag} Interviewer")
        debrief = make_debrief(interview, went_well=f"{tag} went well")
        answer = make_star_answer(user, f"{tag} STAR answer {n}")
        make_question(debrief, f"{tag} question?", star_answer=answer)
        feedback = make_feedback_request(interview, feedback_text=f"{tag} feedback")
        make_action_item(user, f"{tag} action", feedback_request=feedback)
        make_note(adviser, user, f"{tag} note", interview=interview)
        AccessLogEntry.objects.create(
            viewer=adviser, viewer_name="Ada Adviser", client=user, viewed=f"{tag} page", path="/"
        )
    consent.client_revoke(access=consent.client_grant(client=user, adviser=adviser))


def download(client) -> zipfile.ZipFile:
    response = client.post(EXPORT)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="debrief-export-')
    return zipfile.ZipFile(io.BytesIO(response.content))


def test_the_export_page_explains_what_the_file_holds(owner_client):
    response = owner_client.get(EXPORT)
    assert "data.json" in response.text
    assert "applications.csv" in response.text
    assert "Download my data (ZIP)" in response.text


def test_the_export_holds_every_object_the_user_owns(client, owner, stranger, adviser):
    build_record(owner, adviser, "OWNER")
    build_record(stranger, adviser, "STRANGER")
    client.force_login(owner)
    archive = download(client)
    assert sorted(archive.namelist()) == [
        "action_items.csv",
        "applications.csv",
        "contacts.csv",
        "data.json",
        "debriefs.csv",
        "documents.csv",
        "feedback_requests.csv",
        "import-ready.csv",
        "interviews.csv",
        "star_answers.csv",
    ]
    data = json.loads(archive.read("data.json"))

    assert data["profile"]["email"] == "owner@example.com"
    [application] = data["applications"]
    assert application["employer"] == "OWNER Employer 0"
    assert [c["status"] for c in application["status_history"]] == ["applied", "interviewing"]
    [interview] = data["interviews"]
    assert interview["interviewers"] == "OWNER Interviewer"
    assert interview["debrief"]["went_well"] == "OWNER went well"
    assert interview["debrief"]["questions"] == [
        {"question": "OWNER question?", "answer_rating": None, "star_answer": "OWNER STAR answer 0"}
    ]
    assert interview["feedback_requests"][0]["feedback_text"] == "OWNER feedback"
    assert [a["title"] for a in data["star_answers"]] == ["OWNER STAR answer 0"]
    assert [a["text"] for a in data["action_items"]] == ["OWNER action"]
    [access] = data["adviser_accesses"]
    assert access["status"] == "revoked"
    assert [c["status"] for c in access["changes"]] == ["active", "revoked"]
    assert [n["text"] for n in data["adviser_notes_about_you"]] == ["OWNER note"]
    assert [e["viewed"] for e in data["access_log"]] == ["OWNER page"]

    rows = list(csv.DictReader(io.StringIO(archive.read("applications.csv").decode("utf-8-sig"))))
    assert [row["Employer"] for row in rows] == ["OWNER Employer 0"]
    assert rows[0]["Status"] == "Interviewing"


def test_the_export_holds_nothing_of_anyone_elses(client, owner, stranger, adviser):
    build_record(owner, adviser, "OWNER")
    build_record(stranger, adviser, "STRANGER")
    client.force_login(owner)
    archive = download(client)
    for name in archive.namelist():
        text = archive.read(name).decode()
        assert "STRANGER" not in text
        assert "stranger@example.com" not in text


def test_spreadsheet_formulas_in_the_csv_are_neutralised(client, owner):
    make_application(owner, employer='=HYPERLINK("http://evil.example")')
    client.force_login(owner)
    rows = list(
        csv.reader(io.StringIO(download(client).read("applications.csv").decode("utf-8-sig")))
    )
    assert rows[1][0] == '\'=HYPERLINK("http://evil.example")'


def test_the_export_makes_the_same_queries_whatever_the_size(
    client, owner, adviser, django_assert_max_num_queries
):
    client.force_login(owner)
    counts = []
    for copies in (1, 10):
        AdviserAccess.objects.all().delete()
        build_record(owner, adviser, "OWNER", copies)
        # 16 for the record; 2 for the reminder settings and the emails sent (issue 9); 3 for
        # the replies to notes, appointments and suggested actions (issue 11); 1 for the emails
        # forwarded or pasted, 2 for the answers to "No reply — close this one?" and a request's
        # later asks (issue 17); 4 for the imports, the contacts, the documents and their files
        # (issue 21: the contacts' and documents' links add 3 more when the record has any; this
        # one has none); 1 for the private case notes about the person (issue 19). Five of them
        # read the security parts (services/export_security.py).
        with django_assert_max_num_queries(34), CaptureQueriesContext(connection) as queries:
            download(client)
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_export_needs_a_signed_in_user(client):
    assert client.post(EXPORT).status_code == 302


def test_a_wrong_password_deletes_nothing_and_says_so_next_to_the_field(owner_client, owner):
    response = owner_client.post(DELETE, {"password": "not-my-password"})
    assert response.status_code == 200
    assert "That is not your password." in response.text
    assert 'id="id_password"' in response.text
    assert User.objects.filter(pk=owner.pk).exists()


def test_deleting_the_account_removes_all_its_data_and_signs_out(client, owner, stranger, adviser):
    build_record(owner, adviser, "OWNER")
    build_record(stranger, adviser, "STRANGER")
    before = {model: model.objects.count() for model in OWNED_MODELS}
    client.force_login(owner)
    response = client.post(DELETE, {"password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("debrief:home")
    assert "Your account and all your data have been deleted." in response.text
    assert not User.objects.filter(pk=owner.pk).exists()
    for model in OWNED_MODELS:
        assert model.objects.count() == before[model] // 2, model
    assert not Application.objects.filter(employer__startswith="OWNER").exists()
    assert Application.objects.filter(employer__startswith="STRANGER").exists()
    assert client.get(reverse("debrief:dashboard")).status_code == 302


def test_an_adviser_deleting_their_account_ends_their_access(client, adviser, owner):
    consent.client_grant(client=owner, adviser=adviser)
    make_note(adviser, owner, "A note")
    AccessLogEntry.objects.create(
        viewer=adviser, viewer_name="Ada Adviser", client=owner, viewed="Dashboard", path="/"
    )
    sign_in_verified(client, adviser)
    client.post(DELETE, {"password": PASSWORD})
    assert not AdviserAccess.objects.exists()
    assert not AdviserNote.objects.exists()
    entry = AccessLogEntry.objects.get()
    assert (entry.viewer, entry.viewer_name) == (None, "Ada Adviser")
