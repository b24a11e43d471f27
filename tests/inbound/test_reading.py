"""read_rejection: which application a rejection email is about, when it came and the reasons it
seems to give — suggestions only, from a forward, a paste or a received message's headers."""

import datetime

import pytest

from debrief.inbound.reading import read_rejection
from debrief.models import Application, Reason
from tests.factories import make_application
from tests.inbound.helpers import GMAIL_FORWARD, rejected_application

pytestmark = [pytest.mark.django_db, pytest.mark.frozen_at("2026-11-25 12:00:00+00:00")]

OUTLOOK_PASTE = """From: Talent Team <talent@globex.com>
Sent: Friday, 20 November 2026 16:45
To: Olivia Owner
Cc:
Subject: Junior Analyst

Hi Olivia,
Unfortunately we will not be progressing your application. We felt you would need a driving
licence for the travel this role involves.
"""


def test_it_finds_the_application_by_the_employer_named_in_the_email(owner, clock):
    acme, interview = rejected_application(owner, "Acme Ltd")
    rejected_application(owner, "Globex Corporation")

    suggestion = read_rejection(GMAIL_FORWARD, owner=owner)

    assert suggestion.application == acme
    assert suggestion.interview == interview


def test_it_finds_the_application_by_the_senders_domain(owner, clock):
    rejected_application(owner, "Acme Ltd")
    globex, _ = rejected_application(owner, "Globex Corporation")
    text = "Dear Olivia, we will not be taking your application further. Best wishes"

    suggestion = read_rejection(text, owner=owner, sender="HR <hr@mail.globex.com>")

    assert suggestion.application == globex


def test_it_finds_the_application_by_its_job_links_domain(owner, clock):
    initech, _ = rejected_application(
        owner, "The Initech Group", job_url="https://jobs.initech-careers.com/analyst"
    )
    rejected_application(owner, "Acme Ltd")

    suggestion = read_rejection(
        "Thank you for your time.", owner=owner, sender="recruiting@initech-careers.com"
    )

    assert suggestion.application == initech


def test_the_role_title_tells_two_jobs_at_one_employer_apart(owner, clock):
    rejected_application(owner, "Acme Ltd", role_title="Office Manager")
    analyst, _ = rejected_application(owner, "Acme Ltd", role_title="Data Analyst")
    rejected_application(owner, "Acme Ltd", role_title="Receptionist")

    assert read_rejection(GMAIL_FORWARD, owner=owner).application == analyst


def test_a_shared_mail_domain_names_no_employer(owner, clock):
    rejected_application(owner, "Gmail Enthusiasts")
    suggestion = read_rejection("Sorry, no.", owner=owner, sender="someone@gmail.com")

    assert suggestion.application is None


def test_only_applications_still_waiting_for_a_decision_are_suggested(owner, clock):
    make_application(owner, employer="Acme Ltd", status=Application.Status.REJECTED)

    suggestion = read_rejection(GMAIL_FORWARD, owner=owner)

    assert suggestion.application is None
    assert suggestion.candidates == ()


def test_another_persons_applications_are_never_suggested(owner, stranger, clock):
    rejected_application(stranger, "Acme Ltd")

    assert read_rejection(GMAIL_FORWARD, owner=owner).application is None


def test_it_takes_the_date_and_the_employers_words_from_a_forward(owner, clock):
    suggestion = read_rejection(GMAIL_FORWARD, owner=owner)

    assert suggestion.decided_on == datetime.date(2026, 11, 23)
    assert suggestion.sender == "Jane Hiring <jane.hiring@acme.co.uk>"
    assert suggestion.subject == "Your application for Data Analyst"
    assert suggestion.said.startswith("Dear Olivia,")
    assert "Forwarding the bad news" not in suggestion.said
    assert "Forwarded message" not in suggestion.said


def test_it_reads_an_outlook_paste_with_its_sent_line(owner, clock):
    globex, _ = rejected_application(owner, "Globex Corporation")

    suggestion = read_rejection(OUTLOOK_PASTE, owner=owner)

    assert suggestion.application == globex
    assert suggestion.decided_on == datetime.date(2026, 11, 20)
    assert suggestion.subject == "Junior Analyst"
    assert suggestion.said.startswith("Hi Olivia,")
    assert [found.reason for found in suggestion.reasons] == [Reason.UNEXPECTED_REQUIREMENT]
    assert suggestion.reasons[0].phrase == "driving licence"


def test_without_a_date_line_it_takes_the_messages_own_date(owner, clock):
    sent = datetime.datetime(2026, 11, 24, 23, 30, tzinfo=datetime.UTC)

    suggestion = read_rejection("No thank you.", owner=owner, sent_at=sent)

    assert suggestion.decided_on == datetime.date(2026, 11, 24)


def test_a_date_in_the_future_is_not_suggested(owner, clock):
    text = "From: a@b.com\nDate: 3 January 2027\nSubject: Sorry\n\nNo."

    assert read_rejection(text, owner=owner).decided_on is None


def test_it_suggests_reasons_with_the_words_that_matched(owner, clock):
    suggestion = read_rejection(GMAIL_FORWARD, owner=owner)

    found = {item.reason: item.phrase for item in suggestion.reasons}
    assert found == {
        Reason.STRONGER_CANDIDATE: "another candidate",
        Reason.EXPERIENCE_GAP: "more relevant experience",
    }


def test_kind_words_suggest_no_reason(owner, clock):
    text = "We really enjoyed meeting you and your enthusiasm. We will keep your details on file."

    assert read_rejection(text, owner=owner).reasons == ()
