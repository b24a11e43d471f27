"""Add from a job ad: a pasted ad, or the bookmarklet's title, address and selection, fill the
application form with the employer, role, closing date, source and the ad's text; nothing is
saved until the person saves the form; the ad's text is kept and the preparation sheet shows it."""

import datetime

import pytest
from django.utils import timezone

from debrief.models import Application
from debrief.services.job_ads import from_title, read_ad
from tests.factories import make_application, make_interview
from tests.html import field_labelled

pytestmark = [pytest.mark.django_db, pytest.mark.frozen_at("2026-11-20 12:00")]

AD = """Data Analyst
Company: Acme Ltd
Location: Leeds
Salary: £32,000 a year
Closing date: 30/11/2026

You will turn messy data into clear stories. Essential: SQL, Excel, stakeholder skills."""


def value(response, label: str) -> str:
    control = field_labelled(response, label)
    return control.attrs.get("value") or control.text or ""


def test_a_pasted_ad_fills_the_form_and_saves_nothing(owner_client):
    response = owner_client.post(
        "/applications/from-ad/",
        {"url": "https://www.reed.co.uk/jobs/data-analyst/123", "text": AD},
    )
    assert response.status_code == 200
    assert value(response, "Employer") == "Acme Ltd"
    assert value(response, "Location") == "Leeds"
    assert value(response, "Salary") == "£32,000 a year"
    assert value(response, "Closing date") == "2026-11-30"
    assert value(response, "Source") == "Reed"
    assert value(response, "Job link") == "https://www.reed.co.uk/jobs/data-analyst/123"
    assert "Essential: SQL" in value(response, "The job ad")
    assert 'action="/applications/new/"' in response.text
    assert not Application.objects.exists()


def test_the_bookmarklets_parameters_fill_the_form(owner_client):
    response = owner_client.get(
        "/applications/from-ad/",
        {
            "title": "Junior Analyst - Brightwater - Manchester | Indeed.com",
            "url": "https://uk.indeed.com/viewjob?jk=abc",
            "text": "We are hiring a junior analyst.\nApply by: 5 December 2026",
        },
    )
    assert value(response, "Role title") == "Junior Analyst"
    assert value(response, "Employer") == "Brightwater"
    assert value(response, "Location") == "Manchester"
    assert value(response, "Closing date") == "2026-12-05"
    assert value(response, "Source") == "Indeed"


def test_the_saved_ad_shows_on_the_preparation_sheet(owner_client, owner):
    application = make_application(owner, employer="Acme Ltd", ad_text=AD)
    interview = make_interview(
        application, scheduled_at=timezone.now() + datetime.timedelta(days=2)
    )
    page = owner_client.get(f"/interviews/{interview.pk}/prepare/").text
    assert "The job ad" in page
    assert "Essential: SQL, Excel, stakeholder skills." in page


def test_the_page_offers_the_bookmarklet_without_a_script_of_its_own(owner_client):
    page = owner_client.get("/applications/from-ad/").text
    assert 'href="javascript:(function(){var s=String(window.getSelection())' in page
    assert "<script>" not in page


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Data Analyst at Acme Ltd | LinkedIn", ("Data Analyst", "Acme Ltd", "")),
        ("Acme Ltd hiring Data Analyst in Leeds | LinkedIn", ("Data Analyst", "Acme Ltd", "Leeds")),
        ("Data Analyst - Acme Ltd - Leeds | Indeed.com", ("Data Analyst", "Acme Ltd", "Leeds")),
        ("Data Analyst", ("Data Analyst", "", "")),
    ],
)
def test_it_reads_job_board_titles(title, expected):
    assert from_title(title) == expected


def test_an_unreadable_closing_date_is_left_empty():
    assert read_ad(text="Closing date: when filled").closing_date is None
