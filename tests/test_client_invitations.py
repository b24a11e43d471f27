"""An adviser invites job seekers by a pasted list or a CSV file: every row is previewed with its
line number and its error, nothing is sent until the adviser confirms, and a list is sent once.
Nothing the adviser sees says whether an address has an account."""

import datetime
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from debrief.models import AdviserAccess, ClientInvitation, InvitationBatch, Membership, User
from tests.adviser_helpers import sign_in_verified
from tests.factories import make_organisation, make_user
from tests.html import errors_for, field_labelled
from tests.invitation_helpers import check_list, invitation_links, latest_batch
from tests.reminder_helpers import run_worker

# Sending is enqueued when the confirmation commits: real transactions.
pytestmark = pytest.mark.django_db(transaction=True)


def statuses(batch: InvitationBatch) -> dict[int, str]:
    return dict(batch.rows.values_list("line", "status"))


def errors(batch: InvitationBatch) -> dict[int, str]:
    return dict(batch.rows.exclude(error="").values_list("line", "error"))


MIXED = """sam@example.org, Sam Taylor
not-an-address, Nobody

RIA@example.org, Ria Patel
ria@example.org, Ria again
lee@example.org, Lee "the boss" Smith
max@example.org, visit evil.com
kim@example.org
"""


def test_it_previews_every_row_with_its_line_number_and_sends_nothing(adviser_client):
    response = check_list(adviser_client, MIXED)
    batch = latest_batch()
    assert response.status_code == 302
    assert response["Location"] == f"/adviser/invitations/{batch.pk}/"

    assert errors(batch) == {
        2: "Not a valid email address.",
        5: "Duplicate: the same address is on line 4.",
        6: "The name cannot be used. A name cannot contain quotation marks.",
        7: "The name cannot be used. A name cannot contain a web or email address (or two words "
        "joined by a dot, such as “St.John”: write “St John”).",
    }
    assert set(statuses(batch).values()) == {ClientInvitation.Status.DRAFT}
    assert batch.rows.get(line=4).email == "ria@example.org"
    page = adviser_client.get(response["Location"]).text
    assert "Nothing has been sent yet. 3 of 7 rows can be sent." in page
    assert '<a href="#line-5">Line 5</a>: Duplicate: the same address is on line 4.' in page
    assert "Send 3 invitations, leave out 4 rows with errors" in page
    run_worker()
    assert mail.outbox == []
    assert not DBTaskResult.objects.exists()
    assert not AdviserAccess.objects.exists()


def test_confirming_sends_the_valid_rows_once(adviser_client, adviser):
    existing = make_user("sam@example.org", "Sam Taylor")
    check_list(adviser_client, MIXED)
    batch = latest_batch()

    response = adviser_client.post(f"/adviser/invitations/{batch.pk}/send/", follow=True)
    assert "3 invitations are on their way." in response.text
    assert statuses(batch)[1] == ClientInvitation.Status.QUEUED
    assert statuses(batch)[2] == ClientInvitation.Status.LEFT_OUT
    run_worker()

    # The person with an account has the adviser's request, as "ask a client for access" gives.
    access = AdviserAccess.objects.get(client=existing, adviser=adviser)
    assert access.status == AdviserAccess.Status.PENDING
    links = invitation_links()
    assert sorted(links) == ["kim@example.org", "ria@example.org"]
    assert {message.to[0] for message in mail.outbox} == {
        "kim@example.org",
        "ria@example.org",
        "sam@example.org",
    }
    invitation = next(m for m in mail.outbox if m.to == ["kim@example.org"])
    assert invitation.subject == "A careers adviser invited you to Debrief"
    assert "“Ada Adviser” (adviser@example.com)" in invitation.body
    assert set(statuses(batch).values()) == {
        ClientInvitation.Status.SENT,
        ClientInvitation.Status.LEFT_OUT,
    }

    # A second confirmation (a double click, Back, another tab) sends nothing again.
    sent = len(mail.outbox)
    again = adviser_client.post(f"/adviser/invitations/{batch.pk}/send/", follow=True)
    assert "This list was sent already: nobody was invited twice." in again.text
    run_worker()
    assert len(mail.outbox) == sent
    assert AdviserAccess.objects.count() == 1


def test_a_csv_file_is_read_with_its_own_line_numbers(adviser_client):
    content = (
        'email,name\r\nsam@example.org,Sam Taylor\r\n,No address\r\n"kim@example.org","Kim, Jo"\r\n'
    )
    upload = SimpleUploadedFile("cohort.csv", content.encode("utf-8-sig"), "text/csv")
    response = check_list(adviser_client, csv_file=upload)
    batch = latest_batch()
    assert response["Location"] == batch.get_absolute_url()
    assert errors(batch) == {3: "No email address."}
    assert list(batch.rows.filter(error="").values_list("line", "email", "name")) == [
        (2, "sam@example.org", "Sam Taylor"),
        (4, "kim@example.org", "Kim, Jo"),
    ]
    assert mail.outbox == []


def test_a_file_that_is_not_utf8_is_refused_next_to_the_field(adviser_client):
    upload = SimpleUploadedFile("cohort.csv", "zoë@example.org,Zoë".encode("latin-1"))
    response = check_list(adviser_client, csv_file=upload)
    assert response.status_code == 200
    assert errors_for(response, "Or a CSV file") == [
        "The file is not UTF-8 text. In your spreadsheet, save it as “CSV UTF-8” and choose it "
        "again."
    ]
    assert not InvitationBatch.objects.exists()


def test_an_empty_list_is_refused_and_what_was_typed_is_kept(adviser_client):
    response = check_list(adviser_client, "   \n\n")
    assert errors_for(response, "Email addresses and names") == [
        "Paste at least one email address, or choose a CSV file with some."
    ]
    long_line = "a@example.org, " + "x" * 600
    response = check_list(adviser_client, f"sam@example.org, Sam\n{long_line}")
    assert errors_for(response, "Email addresses and names") == [
        "Line 2 is longer than 500 characters: one person a line, email then name."
    ]
    assert (
        field_labelled(response, "Email addresses and names").value.replace("\r\n", "\n")
        == f"sam@example.org, Sam\n{long_line}"
    )
    assert not InvitationBatch.objects.exists()


def test_at_most_500_people_are_invited_at_once(adviser_client):
    people = "\n".join(f"person{n}@example.org, Person {n}" for n in range(1, 503))
    check_list(adviser_client, people)
    batch = latest_batch()
    assert batch.rows.count() == 502
    assert errors(batch) == {
        501: "Over the limit of 500 people at once: invite this person in another list.",
        502: "Over the limit of 500 people at once: invite this person in another list.",
    }
    page = adviser_client.get(batch.get_absolute_url()).text
    assert "Send 500 invitations, leave out 2 rows with errors" in page


def test_a_list_far_over_the_limit_is_refused_whole(adviser_client):
    people = "\n".join(f"person{n}@example.org" for n in range(1001))
    response = check_list(adviser_client, people)
    assert errors_for(response, "Email addresses and names") == [
        "That list has 1,001 people: invite at most 500 at once. Split it into smaller lists."
    ]


def test_the_preview_and_the_message_are_the_same_whether_an_address_has_an_account(
    adviser_client,
):
    make_user("known@example.org", "Known Person")
    pages, messages = [], []
    for address in ("known@example.org", "unknown@example.org"):
        check_list(adviser_client, f"{address}, Some One")
        batch = latest_batch()
        pages.append(adviser_client.get(batch.get_absolute_url()).text)
        sent = adviser_client.post(f"/adviser/invitations/{batch.pk}/send/", follow=True)
        messages.append(sent.text)
    run_worker()
    first, second = (
        re.sub(r'value="[^"]+"|/\d+/|=\d+"', "", page.split("<main", 1)[1]) for page in pages
    )
    assert first.replace("known@", "X@") == second.replace("unknown@", "X@")
    assert "1 invitation is on its way." in messages[0]
    assert "1 invitation is on its way." in messages[1]
    first, second = InvitationBatch.objects.order_by("pk")
    assert statuses(first) == statuses(second) == {1: ClientInvitation.Status.SENT}


def test_an_adviser_invites_at_most_1000_people_a_day(adviser_client, adviser):
    for start in (0, 500):
        people = "\n".join(f"p{n}@example.org" for n in range(start, start + 500))
        check_list(adviser_client, people)
        adviser_client.post(f"/adviser/invitations/{latest_batch().pk}/send/")
    check_list(adviser_client, "one.more@example.org")
    response = adviser_client.post(f"/adviser/invitations/{latest_batch().pk}/send/", follow=True)
    assert "Nothing was sent. You can invite 0 more people today" in response.text
    assert not latest_batch().is_confirmed


def test_another_advisers_list_is_404_and_a_job_seeker_has_no_invitation_pages(
    client, adviser, owner
):
    other = make_user("other@example.com", "Other Adviser", role=User.Role.ADVISER)
    sign_in_verified(client, other)
    check_list(client, "sam@example.org")
    theirs = latest_batch()
    sign_in_verified(client, adviser)
    assert client.get(theirs.get_absolute_url()).status_code == 404
    assert client.post(f"/adviser/invitations/{theirs.pk}/send/").status_code == 404
    assert client.get(f"/adviser/invitations/?from={theirs.pk}").context["form"][
        "people"
    ].value() in (None, "")
    assert not InvitationBatch.objects.get(pk=theirs.pk).is_confirmed

    client.force_login(owner)
    assert client.get("/adviser/invitations/").status_code == 404
    assert client.post("/adviser/invitations/", {"people": "a@example.org"}).status_code == 404


def test_changing_the_list_starts_from_what_was_pasted(adviser_client):
    check_list(adviser_client, "sam@example.org, Sam\nbad address")
    batch = latest_batch()
    page = adviser_client.get(f"/adviser/invitations/?from={batch.pk}")
    assert field_labelled(page, "Email addresses and names").value.replace("\r\n", "\n") == (
        "sam@example.org, Sam\nbad address"
    )


def test_an_address_gets_one_invitation_email_a_week_from_an_adviser(adviser_client, clock):
    for _ in range(2):
        check_list(adviser_client, "kim@example.org, Kim")
        adviser_client.post(f"/adviser/invitations/{latest_batch().pk}/send/")
        run_worker()
    assert [m.to for m in mail.outbox] == [["kim@example.org"]]
    assert statuses(latest_batch()) == {1: ClientInvitation.Status.SENT}

    clock.move_to(clock.now + datetime.timedelta(days=8))
    sign_in_verified(adviser_client, User.objects.get(email="adviser@example.com"))
    check_list(adviser_client, "kim@example.org, Kim")
    adviser_client.post(f"/adviser/invitations/{latest_batch().pk}/send/")
    run_worker()
    assert len(mail.outbox) == 2


def test_a_deactivated_advisers_confirmed_list_sends_nothing(adviser_client, adviser):
    make_user("sam@example.org", "Sam Taylor")
    check_list(adviser_client, "sam@example.org\nkim@example.org")
    batch = latest_batch()
    adviser_client.post(f"/adviser/invitations/{batch.pk}/send/")
    membership = Membership.objects.create(
        organisation=make_organisation(), user=adviser, deactivated_at=timezone.now()
    )
    assert membership.deactivated_at
    run_worker()
    assert mail.outbox == []
    assert not AdviserAccess.objects.exists()
    assert adviser_client.get(batch.get_absolute_url()).status_code == 404


def test_a_null_character_is_refused_not_a_server_error(adviser_client):
    upload = SimpleUploadedFile("cohort.csv", b"sam@example.org,Sam\x00\n")
    response = check_list(adviser_client, csv_file=upload)
    assert errors_for(response, "Or a CSV file") == [
        "The file holds a null character: it is not a CSV file of text."
    ]
    response = check_list(adviser_client, "sam@example.org, Sam\x00")
    assert errors_for(response, "Email addresses and names") == ["Null characters are not allowed."]
    assert not InvitationBatch.objects.exists()
