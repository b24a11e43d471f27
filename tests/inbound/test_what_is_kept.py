"""Of a received message Debrief keeps the sender, subject, date and text: the text/plain part
when there is one, never HTML, attachments or raw source; a long text is cut with a note."""

from email.message import EmailMessage

from debrief.inbound.mail import LIMITS, read_mail


def message(**headers) -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = headers.get("sender", "HR <hr@acme.example>")
    mail["To"] = "no+abc@in.debrief.test"
    mail["Subject"] = headers.get("subject", "Your application")
    mail["Date"] = "Mon, 23 Nov 2026 10:02:00 +0000"
    return mail


def test_it_keeps_the_plain_text_part_not_the_html_one():
    mail = message()
    mail.set_content("We went with another candidate.")
    mail.add_alternative("<p>We went with <b>another</b> candidate.</p>", subtype="html")

    kept = read_mail(mail.as_bytes())

    assert kept.body == "We went with another candidate."
    assert (kept.sender, kept.subject) == ("HR <hr@acme.example>", "Your application")
    assert kept.sent_at.isoformat() == "2026-11-23T10:02:00+00:00"


def test_attachments_are_not_kept():
    mail = message()
    mail.set_content("Please see the attached letter.")
    mail.add_attachment(b"%PDF-1.7 secret letter", maintype="application", subtype="pdf")

    assert read_mail(mail.as_bytes()).body == "Please see the attached letter."


def test_a_long_text_is_cut_with_a_note_saying_so():
    mail = message()
    mail.set_content("No thank you. " * 3_000)

    body = read_mail(mail.as_bytes()).body

    assert len(body) <= LIMITS["body"]
    assert body.endswith(
        "[The rest of this email was not kept: it was longer than 20,000 characters.]"
    )


def test_headers_are_one_line_each_without_control_characters():
    raw = b"Subject: Your application\r\n\tupdate\x07 now\r\n\r\nNo.\r\n"

    assert read_mail(raw).subject == "Your application update now"


def test_a_message_that_is_not_mime_still_gives_its_text():
    kept = read_mail(b"Subject: Sorry\r\n\r\nNot this time.\r\n")

    assert (kept.subject, kept.body, kept.sender, kept.sent_at) == (
        "Sorry",
        "Not this time.",
        "",
        None,
    )
