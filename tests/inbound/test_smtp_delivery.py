"""Mail forwarded to a person's private address, sent through real SMTP to the running server:
filed as a "They said no?" item on their dashboard; refused with an SMTP error, and nothing
stored, for an unknown address, a message over 1 MB or the 31st message of a day."""

import email.policy
import smtplib

import pytest
from django.urls import reverse

from debrief.inbound import filing
from debrief.inbound.smtp import MAX_MESSAGE_BYTES
from debrief.models import InboundMessage
from tests.inbound.helpers import DOMAIN, address_of, email_message, page_text, running_server

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def server(settings):
    with running_server(settings) as port:
        yield port


def send(port: int, message, *, to: str | None = None) -> dict:
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as connection:
        return connection.send_message(message, to_addrs=[to or message["To"]])


def test_it_files_a_forwarded_email_and_shows_it_on_the_dashboard(server, owner, client):
    to = address_of(owner)

    assert send(server, email_message(to=to)) == {}

    message = InboundMessage.objects.get()
    assert message.owner == owner
    assert message.status == InboundMessage.Status.WAITING
    # The employer's headers, from the forwarded email: the forward's own are the person's.
    assert message.sender == "Jane Hiring <jane.hiring@acme.co.uk>"
    assert message.subject == "Your application for Data Analyst"
    assert message.sent_at.date().isoformat() == "2026-11-23"
    assert "another candidate" in message.body
    client.force_login(owner)
    text = page_text(client.get(reverse("debrief:dashboard")))
    assert "They said no?" in text
    assert "Your application for Data Analyst" in text
    assert "From Jane Hiring <jane.hiring@acme.co.uk>, 23 Nov 2026" in text
    assert "Record this “no”" in text


def test_the_address_is_matched_whatever_its_case(server, owner):
    send(server, email_message(to=address_of(owner).upper()))

    assert InboundMessage.objects.filter(owner=owner).count() == 1


def test_it_refuses_an_unknown_address_at_rcpt_and_stores_nothing(server, owner):
    address_of(owner)
    for stranger in (
        f"no+{'a' * 20}@{DOMAIN}",
        f"someone@{DOMAIN}",
        address_of(owner).replace(DOMAIN, "elsewhere.test"),
    ):
        with pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
            send(server, email_message(to=stranger))
        code, reply = refused.value.recipients[stranger]
        assert code == 550
        assert b"No such address" in reply
    assert not InboundMessage.objects.exists()


def test_a_renewed_address_refuses_mail_to_the_old_one(server, owner):
    old = address_of(owner)
    filing.new_address(user=owner)

    with pytest.raises(smtplib.SMTPRecipientsRefused):
        send(server, email_message(to=old))
    send(server, email_message(to=address_of(owner)))

    assert InboundMessage.objects.count() == 1


def test_a_deactivated_account_receives_nothing(server, owner):
    to = address_of(owner)
    owner.is_active = False
    owner.save()

    with pytest.raises(smtplib.SMTPRecipientsRefused):
        send(server, email_message(to=to))
    assert not InboundMessage.objects.exists()


def test_it_refuses_a_message_over_one_megabyte_and_stores_nothing(server, owner):
    big = email_message(to=address_of(owner), text="A long rejection email.\n" * 50_000)
    raw = big.as_bytes(policy=email.policy.SMTP)
    assert len(raw) > MAX_MESSAGE_BYTES

    with smtplib.SMTP("127.0.0.1", server, timeout=10) as connection:
        connection.ehlo()
        # Undeclared size: counted during DATA.
        connection.mail("olivia@example.com")
        connection.rcpt(big["To"])
        code, reply = connection.data(raw)
    assert code == 552, reply
    assert b"Message too big" in reply
    # Declared with SIZE: refused at MAIL.
    with pytest.raises(smtplib.SMTPSenderRefused) as refused:
        send(server, big)
    assert refused.value.smtp_code == 552
    assert not InboundMessage.objects.exists()


def test_it_takes_thirty_emails_a_day_and_refuses_the_thirty_first(server, owner):
    to = address_of(owner)
    for number in range(filing.DAILY_LIMIT):
        send(server, email_message(to=to, subject=f"Rejection {number}"))

    with pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
        send(server, email_message(to=to, subject="One too many"))

    code, reply = refused.value.recipients[to]
    assert code == 550
    assert b"30 emails a day" in reply
    assert InboundMessage.objects.filter(owner=owner).count() == filing.DAILY_LIMIT
    assert not InboundMessage.objects.filter(subject="One too many").exists()


def test_html_is_never_kept_only_its_text(server, owner, client):
    send(
        server,
        email_message(
            to=address_of(owner),
            text=None,
            subject="<img src=x onerror=alert(1)>",
            html_body="<html><head><style>p{color:red}</style><script>alert('x')</script></head>"
            "<body><p>We have decided <b>not</b> to proceed.</p>"
            "<img src='https://tracker.example/pixel.gif'></body></html>",
        ),
    )

    message = InboundMessage.objects.get()
    assert message.body == "We have decided not to proceed."
    client.force_login(owner)
    response = client.get(reverse("debrief:dashboard"))
    assert b"<img src=x" not in response.content
    assert b"&lt;img src=x onerror=alert(1)&gt;" in response.content
    assert b"tracker.example" not in response.content


def test_control_characters_in_a_message_are_dropped_not_fatal(server, owner):
    message = email_message(to=address_of(owner), text="No thank you.\x00\x07 Regards")

    send(server, message)

    assert InboundMessage.objects.get().body == "No thank you. Regards"
