"""What Python writes reads as whole Welsh sentences for a Welsh reader: a form's labels and its
error, the feedback request drafted for the employer (the stage with its mutated "my"), and the
work-search record, whose summary still counts its entries once the words are Welsh. English
readers see the same words as before."""

import datetime

import pytest
from django.utils import timezone, translation

from debrief.forms.applications import ApplicationForm
from debrief.services import drafts
from debrief.services.work_search import work_search_record
from tests.factories import make_application, make_feedback_request, make_interview

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.frozen_at("2026-12-02 12:00"),
]

FACTS = drafts.DraftFacts(
    role_title="Data Analyst",
    employer="Acme Ltd",
    stage="first",
    interview_date=datetime.date(2026, 11, 3),
    sender_name="Sam Taylor",
)


def test_a_form_speaks_welsh_and_explains_its_error_in_welsh(clock):
    with translation.override("cy"):
        typed = {"employer": "Acme Ltd", "role_title": "Data Analyst", "date_applied": "2027-01-05"}
        form = ApplicationForm(data=typed)
        assert str(form.fields["employer"].label) == "Cyflogwr"
        assert dict(form.fields["status"].choices)["rejected"] == "Wedi’i wrthod gan y cyflogwr"
        assert not form.is_valid()
        assert form.errors["date_applied"] == [
            "Ni all y dyddiad y gwnaethoch chi gais fod yn y dyfodol."
        ]
    with translation.override("en-gb"):
        assert str(ApplicationForm().fields["employer"].label) == "Employer"


def test_the_feedback_request_draft_is_welsh_with_its_mutations():
    with translation.override("cy"):
        draft = drafts.request_email(FACTS)
    assert draft.subject == "Adborth ar fy nghyfweliad cyntaf – Data Analyst"
    assert draft.body.startswith("Annwyl Dîm Recriwtio,\n\nDiolch am roi gwybod i mi")
    assert "fy nghyfweliad cyntaf ar 3 Tachwedd 2026" in draft.body
    assert draft.body.endswith("Cofion caredig,\nSam Taylor")
    with translation.override("en-gb"):
        english = drafts.request_email(FACTS)
    assert english.subject == "Feedback on my first interview – Data Analyst"
    assert "at my first interview on 3 November 2026." in english.body


def test_the_work_search_summary_counts_welsh_entries(owner, clock):
    application = make_application(
        owner, employer="Acme Ltd", date_applied=datetime.date(2026, 11, 3), status="rejected"
    )
    interview = make_interview(
        application,
        scheduled_at=timezone.make_aware(datetime.datetime(2026, 11, 10, 10)),
        outcome="rejected",
        outcome_date=datetime.date(2026, 11, 12),
    )
    make_feedback_request(interview, status="requested", requested_on=datetime.date(2026, 11, 13))
    with translation.override("cy"):
        record = work_search_record(
            owner=owner, start=datetime.date(2026, 11, 1), end=datetime.date(2026, 11, 30)
        )
        assert record.title == "Cofnod chwilio am waith Olivia Owner, 1–30 Tachwedd 2026"
        assert record.summary == "1 cais, 1 cyfweliad, 1 cais am adborth, 0 neges ddilynol"
        assert record.entries[0].activity == "Wedi gwneud cais"
