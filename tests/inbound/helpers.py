"""Emails as employers send them and people forward them, and a page's visible text."""

import contextlib
import datetime
import html
import re
from email.message import EmailMessage

from django.utils import timezone

from config.cluster import free_port
from debrief.inbound.smtp import make_server, stop_server
from debrief.models import InboundAddress, User
from tests.factories import make_application, make_interview

DOMAIN = "in.debrief.test"

GMAIL_FORWARD = """Forwarding the bad news.

---------- Forwarded message ---------
From: Jane Hiring <jane.hiring@acme.co.uk>
Date: Mon, 23 Nov 2026 at 10:02
Subject: Your application for Data Analyst
To: <olivia@example.com>

Dear Olivia,

Thank you for interviewing for the Data Analyst role. After careful consideration we have decided
to move forward with another candidate whose experience more closely matches our needs. We were
looking for more relevant experience with SQL reporting.

Kind regards,
Jane
"""


@contextlib.contextmanager
def running_server(settings):
    """Debrief's SMTP server on a free port of 127.0.0.1, in a thread of the test, for DOMAIN."""
    settings.INBOUND_SMTP_DOMAIN = DOMAIN
    port = free_port()
    server = make_server("127.0.0.1", port)
    server.start()
    try:
        yield port
    finally:
        stop_server(server)


def address_of(user: User) -> str:
    address, _ = InboundAddress.objects.get_or_create(user=user)
    return f"no+{address.secret}@{DOMAIN}"


def rejected_application(owner: User, employer: str = "Acme Ltd", **fields):
    """An application waiting for a decision, with an interview a week before 25 Nov 2026."""
    application = make_application(
        owner, employer=employer, date_applied=datetime.date(2026, 11, 1), **fields
    )
    interview = make_interview(
        application,
        scheduled_at=timezone.make_aware(datetime.datetime(2026, 11, 18, 10)),
    )
    return application, interview


def email_message(
    *,
    to: str,
    text: str | None = GMAIL_FORWARD,
    html_body: str | None = None,
    subject: str = "Fwd: Your application for Data Analyst",
    sender: str = "Olivia Owner <olivia@example.com>",
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = "Tue, 24 Nov 2026 09:00:00 +0000"
    if text is not None:
        message.set_content(text)
    if html_body is not None:
        if text is None:
            message.set_content(html_body, subtype="html")
        else:
            message.add_alternative(html_body, subtype="html")
    return message


def page_text(response) -> str:
    text = html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode()))
    return re.sub(r"\s+", " ", text)
