"""The export's spreadsheets open cleanly in Excel: UTF-8 with a byte-order mark, labels not
codes, one CSV per kind of record."""

import csv
import io
import zipfile

import pytest
from django.utils import timezone

from debrief.models import Application, FeedbackRequest, Interview, Reason
from tests.factories import (
    make_action_item,
    make_application,
    make_debrief,
    make_feedback_request,
    make_interview,
    make_star_answer,
)

pytestmark = pytest.mark.django_db


def sheets(client) -> dict[str, list[dict]]:
    archive = zipfile.ZipFile(io.BytesIO(client.post("/settings/export/").content))
    found = {}
    for name in archive.namelist():
        if name.endswith(".csv"):
            raw = archive.read(name)
            assert raw.startswith(b"\xef\xbb\xbf"), f"{name} has no byte-order mark"
            found[name] = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    return found


def test_each_kind_of_record_has_its_own_sheet_in_words(owner_client, owner):
    application = make_application(owner, employer="Café Noir", salary="£30,000")
    application.change_status(Application.Status.INTERVIEWING)
    interview = make_interview(application, outcome=Interview.Outcome.REJECTED)
    make_debrief(interview, do_better="Use STAR", my_reasons=[Reason.IMPRESSION])
    make_feedback_request(interview, status=FeedbackRequest.Status.NOT_SENT, contact_name="Zoë")
    make_star_answer(owner, competencies=["teamwork", "problem_solving"])
    make_action_item(owner, area="interview_performance")

    found = sheets(owner_client)
    assert set(found) == {
        "applications.csv",
        "interviews.csv",
        "debriefs.csv",
        "feedback_requests.csv",
        "star_answers.csv",
        "action_items.csv",
        "import-ready.csv",
        "contacts.csv",
        "documents.csv",
    }
    [row] = found["applications.csv"]
    assert row["Employer"] == "Café Noir"
    assert row["Salary"] == "£30,000"
    assert row["Status"] == "Interviewing"
    assert row["Stage history"].startswith("Applied ")
    assert found["interviews.csv"][0]["Outcome"] == "Rejected"
    assert found["interviews.csv"][0]["Stage"] == "First interview"
    assert found["debriefs.csv"][0]["My reading: why it might not succeed"] == (
        "The impression I gave (e.g. nerves)"
    )
    # Each debrief says which interview it was, by its date.
    assert found["debriefs.csv"][0]["Interview date"] == (
        timezone.localdate(interview.scheduled_at).isoformat()
    )
    assert found["feedback_requests.csv"][0]["Status"] == "Not sent yet"
    assert found["feedback_requests.csv"][0]["Contact name"] == "Zoë"
    assert found["star_answers.csv"][0]["Competencies"] == "Teamwork; Problem solving"
    assert found["action_items.csv"][0]["Area"] == "Interview performance"
