"""Adviser notes: written from the client's record, read by the client, changed only by their
author."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from debrief.models import AdviserNote, User
from debrief.services.notes import notes_for_client
from tests.adviser_helpers import sign_in_verified
from tests.factories import grant_access, make_application, make_interview, make_note, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_adviser(db):
    return make_user("other.adviser@example.com", "Otto Other", role=User.Role.ADVISER)


@pytest.fixture
def adviser_client(client, adviser, owner):
    grant_access(owner, adviser)
    sign_in_verified(client, adviser)
    return client


def new_note_url(client: User) -> str:
    return reverse("debrief:adviser-note-new", args=[client.pk])


def test_an_adviser_writes_a_note_from_the_clients_dashboard(adviser_client, adviser, owner):
    dashboard = reverse("debrief:adviser-dashboard", args=[owner.pk])
    page = adviser_client.get(dashboard)
    assert "Your notes for Olivia Owner" in page.text
    assert f'action="{new_note_url(owner)}"' in page.text
    response = adviser_client.post(new_note_url(owner), {"text": "Try a mock interview."})
    assert response.status_code == 302
    assert response.url == dashboard
    note = AdviserNote.objects.get()
    assert (note.adviser, note.client, note.text, note.interview) == (
        adviser,
        owner,
        "Try a mock interview.",
        None,
    )
    assert "Try a mock interview." in adviser_client.get(dashboard).text


def test_a_note_about_an_interview_returns_to_that_interview(adviser_client, owner):
    interview = make_interview(make_application(owner))
    page_url = reverse("debrief:adviser-interview-detail", args=[owner.pk, interview.pk])
    page = adviser_client.get(page_url)
    assert f'<option value="{interview.pk}" selected>' in page.text
    response = adviser_client.post(
        new_note_url(owner), {"text": "Good STAR use.", "interview": interview.pk}
    )
    assert response.url == page_url
    assert AdviserNote.objects.get().interview == interview
    assert "Good STAR use." in adviser_client.get(page_url).text


@pytest.mark.parametrize("value", ["²", "abc"])
def test_an_interview_that_is_not_a_plain_number_preselects_nothing(adviser_client, owner, value):
    make_interview(make_application(owner))
    page = adviser_client.get(new_note_url(owner), {"interview": value})
    assert page.status_code == 200
    assert '<option value="" selected>Not about one interview</option>' in page.text


def test_the_interview_choice_offers_only_this_clients_interviews(adviser_client, owner, stranger):
    own = make_interview(make_application(owner, employer="Acme"))
    theirs = make_interview(make_application(stranger, employer="Secret Corp"))
    page = adviser_client.get(new_note_url(owner))
    assert "Acme" in page.text
    assert "Secret Corp" not in page.text
    response = adviser_client.post(new_note_url(owner), {"text": "Hi", "interview": theirs.pk})
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert "Hi</textarea>" in response.text
    assert not AdviserNote.objects.exists()
    assert own.pk != theirs.pk


def test_the_interview_choice_dates_an_interview_on_its_london_day(adviser_client, owner):
    # 00:30 in London in June is 23:30 the day before in UTC.
    make_interview(
        make_application(owner, employer="Acme", role_title="Analyst"),
        scheduled_at=datetime.datetime(2026, 6, 12, 23, 30, tzinfo=datetime.UTC),
    )
    page = adviser_client.get(new_note_url(owner))
    assert "Analyst at Acme — First interview, 13 Jun 2026" in page.text


def test_an_empty_note_is_explained_next_to_the_field(adviser_client, owner):
    response = adviser_client.post(new_note_url(owner), {"text": ""})
    assert response.status_code == 200
    assert "This field is required." in response.text
    assert not AdviserNote.objects.exists()


def test_an_adviser_edits_and_deletes_their_own_note(adviser_client, adviser, owner):
    note = make_note(adviser, owner, "First draft")
    edit = reverse("debrief:adviser-note-edit", args=[owner.pk, note.pk])
    assert "First draft" in adviser_client.get(edit).text
    adviser_client.post(edit, {"text": "Second draft"})
    note.refresh_from_db()
    assert note.text == "Second draft"
    delete = reverse("debrief:adviser-note-delete", args=[owner.pk, note.pk])
    assert "Delete this note?" in adviser_client.get(delete).text
    assert adviser_client.post(delete).status_code == 302
    assert not AdviserNote.objects.exists()


def test_another_advisers_note_is_404(client, adviser, other_adviser, owner):
    grant_access(owner, adviser)
    grant_access(owner, other_adviser)
    note = make_note(adviser, owner, "Mine")
    sign_in_verified(client, other_adviser)
    for name in ("adviser-note-edit", "adviser-note-delete"):
        url = reverse(f"debrief:{name}", args=[owner.pk, note.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"text": "Changed"}).status_code == 404
    note.refresh_from_db()
    assert note.text == "Mine"
    # Nor does the other adviser see it on the client's dashboard.
    dashboard = client.get(reverse("debrief:adviser-dashboard", args=[owner.pk]))
    assert "Mine" not in dashboard.text


def test_a_note_under_another_clients_address_is_404(adviser_client, adviser, owner, stranger):
    grant_access(stranger, adviser)
    note = make_note(adviser, owner, "About Olivia")
    url = reverse("debrief:adviser-note-edit", args=[stranger.pk, note.pk])
    assert adviser_client.get(url).status_code == 404


def test_after_revocation_the_adviser_can_no_longer_change_their_notes(
    adviser_client, adviser, owner
):
    note = make_note(adviser, owner, "Kept for the client")
    owner.adviser_accesses.update(status="revoked")
    url = reverse("debrief:adviser-note-edit", args=[owner.pk, note.pk])
    assert adviser_client.post(url, {"text": "Changed"}).status_code == 404
    note.refresh_from_db()
    assert note.text == "Kept for the client"


def test_the_client_reads_the_notes_about_them(adviser, other_adviser, owner, stranger):
    interview = make_interview(make_application(owner))
    general = make_note(adviser, owner, "Keep going")
    about = make_note(other_adviser, owner, "Nice debrief", interview=interview)
    make_note(adviser, stranger, "Not for Olivia")
    assert notes_for_client(owner) == [about, general]
    assert notes_for_client(owner, interview) == [about]
    html = render_to_string(
        "debrief/includes/adviser_notes_panel.html", {"adviser_notes": notes_for_client(owner)}
    )
    assert "Notes from your adviser" in html
    assert "Keep going" in html
    assert "Otto Other" in html
    assert "Not for Olivia" not in html


def test_the_client_panel_shows_nothing_without_notes():
    assert render_to_string("debrief/includes/adviser_notes_panel.html", {}).strip() == ""


def test_a_note_is_kept_short_enough_to_read_on_the_dashboard(db):
    from debrief.forms.adviser import NOTE_MAX_LENGTH, AdviserNoteForm
    from tests.factories import make_user

    client_user = make_user("short.notes@example.com")
    form = AdviserNoteForm({"text": "x" * (NOTE_MAX_LENGTH + 1)}, client=client_user)
    assert not form.is_valid()
    assert "at most 2000 characters" in form.errors["text"][0]
