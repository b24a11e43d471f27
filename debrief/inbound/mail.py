"""One received email reduced to what Debrief keeps: sender, subject, date and plain text.

HTML is never kept nor rendered: a message with a text/plain part gives that part; one with only
HTML gives its text, tags dropped (scripts and styles with their content), entities decoded.
Attachments are ignored. Every kept string loses NUL and other control characters (PostgreSQL
refuses NUL; the others could disguise the text), and each is cut to its limit with a visible note.
"""

import datetime
import email
import email.policy
import email.utils
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from debrief.models import TEXT_LIMITS

LIMITS = TEXT_LIMITS["inboundmessage"]
CUT_NOTE = "\n\n[The rest of this email was not kept: it was longer than {limit:,} characters.]"
# Control characters except tab and newline; carriage returns become newlines first.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "td",
        "th",
        "tr",
        "ul",
    ]
)
HIDDEN_TAGS = frozenset({"script", "style", "head", "title", "template", "noscript"})


@dataclass(frozen=True)
class ReceivedMail:
    sender: str
    subject: str
    sent_at: datetime.datetime | None
    body: str


def clean_text(value: str) -> str:
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return CONTROL.sub("", value)


def one_line(value: str, limit: int) -> str:
    return " ".join(clean_text(value).split())[:limit]


def within_limit(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    note = CUT_NOTE.format(limit=limit)
    return text[: limit - len(note)].rstrip() + note


class TextOfHtml(HTMLParser):
    """The words of an HTML document, one line per block, nothing of its markup."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in HIDDEN_TAGS:
            self.hidden += 1
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in HIDDEN_TAGS:
            self.hidden = max(0, self.hidden - 1)
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)

    def text(self) -> str:
        lines = (" ".join(line.split()) for line in "".join(self.parts).splitlines())
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def html_to_text(markup: str) -> str:
    parser = TextOfHtml()
    parser.feed(markup)
    parser.close()
    return parser.text()


def text_of(message: email.message.EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    if part is not None:
        return part.get_content()
    part = message.get_body(preferencelist=("html",))
    if part is not None:
        return html_to_text(part.get_content())
    return ""


def sent_at_of(message: email.message.EmailMessage) -> datetime.datetime | None:
    value = message.get("Date")
    if not value:
        return None
    try:
        when = email.utils.parsedate_to_datetime(str(value))
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return when if when.tzinfo else when.replace(tzinfo=datetime.UTC)


def read_mail(raw: bytes) -> ReceivedMail:
    """What Debrief keeps of one message, whatever it is made of."""
    message = email.message_from_bytes(raw, policy=email.policy.default)
    try:
        body = text_of(message)
    except (LookupError, ValueError, AttributeError):  # an unknown charset, a broken part
        body = ""
    return ReceivedMail(
        sender=one_line(str(message.get("From", "")), LIMITS["sender"]),
        subject=one_line(str(message.get("Subject", "")), LIMITS["subject"]),
        sent_at=sent_at_of(message),
        body=within_limit(clean_text(body).strip(), LIMITS["body"]),
    )
