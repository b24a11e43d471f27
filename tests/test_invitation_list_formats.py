"""The lists advisers really have: CSV files saved with semicolons (a spreadsheet in a European
locale does that), header rows spelt in several ways, a byte-order mark pasted with the text, CRLF
line ends, quoted commas, blank lines, and a file over 1 MB. Each is read with its own line
numbers, or refused next to the field with nothing stored."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from debrief.models import InvitationBatch
from tests.html import errors_for
from tests.invitation_helpers import check_list, latest_batch

pytestmark = pytest.mark.django_db


def rows(batch: InvitationBatch) -> list[tuple[int, str, str, str]]:
    return list(batch.rows.values_list("line", "email", "name", "error"))


def upload(text: str, encoding: str = "utf-8") -> SimpleUploadedFile:
    return SimpleUploadedFile("cohort.csv", text.encode(encoding), "text/csv")


def test_a_csv_saved_with_semicolons_is_read(adviser_client):
    content = 'Email;Name\r\nsam@example.org;Sam Taylor\r\n\r\n"kim@example.org";"Kim; Jo"\r\n'
    check_list(adviser_client, csv_file=upload(content, "utf-8-sig"))
    assert rows(latest_batch()) == [
        (2, "sam@example.org", "Sam Taylor", ""),
        (4, "kim@example.org", "Kim; Jo", ""),
    ]


def test_a_pasted_line_with_a_semicolon_is_read(adviser_client):
    check_list(adviser_client, "sam@example.org; Sam Taylor\nkim@example.org;Kim Jo")
    assert rows(latest_batch()) == [
        (1, "sam@example.org", "Sam Taylor", ""),
        (2, "kim@example.org", "Kim Jo", ""),
    ]


def test_a_comma_file_keeps_a_semicolon_in_a_name(adviser_client):
    check_list(adviser_client, csv_file=upload('email,name\nsam@example.org,"Sam; Taylor"\n'))
    assert rows(latest_batch()) == [(2, "sam@example.org", "Sam; Taylor", "")]


@pytest.mark.parametrize(
    "header",
    [
        "Email Address,Full name",
        "E-mail address,Name",
        "EMAIL,NAME",
        "Emails",
        "email_address,name",
    ],
)
def test_header_rows_are_recognised_in_their_usual_spellings(adviser_client, header):
    check_list(adviser_client, csv_file=upload(f"{header}\r\nsam@example.org,Sam Taylor\r\n"))
    assert rows(latest_batch()) == [(2, "sam@example.org", "Sam Taylor", "")]


def test_a_pasted_byte_order_mark_is_not_part_of_the_address(adviser_client):
    check_list(adviser_client, "\ufeffsam@example.org, Sam Taylor\r\nkim@example.org\r\n")
    assert rows(latest_batch()) == [
        (1, "sam@example.org", "Sam Taylor", ""),
        (2, "kim@example.org", "", ""),
    ]


def test_a_file_over_one_megabyte_is_refused_next_to_the_field(adviser_client):
    big = "email,name\n" + "sam@example.org,Sam Taylor\n" * 40_000
    response = check_list(adviser_client, csv_file=upload(big))
    assert response.status_code == 200
    assert errors_for(response, "Or a CSV file") == [
        "The file is larger than 1 MB: split it into smaller lists."
    ]
    assert not InvitationBatch.objects.exists()


def test_excels_separator_line_is_read_as_a_hint_not_a_person(adviser_client):
    content = "sep=;\r\nEmail;Name\r\nsam@example.org;Sam Taylor\r\n"
    check_list(adviser_client, csv_file=upload(content))
    assert rows(latest_batch()) == [(3, "sam@example.org", "Sam Taylor", "")]
