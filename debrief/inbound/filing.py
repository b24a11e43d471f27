"""The database side of inbound rejections: private addresses, the daily limit, filing a message,
and the person's answer (recorded as a "no", or dismissed).

The SMTP server calls `recipient_owner`, `over_daily_limit` and `file_mail` (from a worker thread:
see debrief.inbound.smtp); the web views call the rest.
"""

import datetime
import json
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from debrief.inbound.mail import ReceivedMail, within_limit
from debrief.inbound.reading import date_in, split_forward
from debrief.models import (
    ADDRESS_PREFIX,
    TEXT_LIMITS,
    InboundAddress,
    InboundMessage,
    Interview,
    Reason,
    User,
    new_inbound_secret,
)
from debrief.services.outcomes import join_notes

# More than this many messages to one address in a day is a loop or a flood, not rejections.
DAILY_LIMIT = 30
DAY = datetime.timedelta(days=1)
SHOWN_ON_DASHBOARD = 5
LIMIT = TEXT_LIMITS["inboundmessage"]["body"]


def address_of(user: User) -> InboundAddress | None:
    return InboundAddress.objects.filter(user=user).first()


@transaction.atomic
def new_address(*, user: User) -> bool:
    """Give the person a new private address; the old one stops at once. True if they had one."""
    address = InboundAddress.objects.select_for_update().filter(user=user).first()
    if address is None:
        InboundAddress.objects.create(user=user)
        return False
    address.secret = new_inbound_secret()
    address.save(update_fields=["secret", "renewed_at"])
    return True


def recipient_owner(recipient: str) -> int | None:
    """The id of the active person whose private address this is, or None."""
    local, _ignored, domain = recipient.strip().strip("<>").rpartition("@")
    local = local.casefold()
    if domain.casefold().rstrip(".") != settings.INBOUND_SMTP_DOMAIN:
        return None
    if not local.startswith(ADDRESS_PREFIX):
        return None
    secret = local.removeprefix(ADDRESS_PREFIX)
    if not secret.isascii() or not secret.isalnum():
        return None
    return (
        InboundAddress.objects.filter(secret=secret, user__is_active=True)
        .values_list("user_id", flat=True)
        .first()
    )


def received_today(owner_id: int, now: datetime.datetime) -> int:
    # Pasted emails count too: the limit is about what one person's record takes in a day.
    return InboundMessage.objects.filter(owner_id=owner_id, received_at__gt=now - DAY).count()


def over_daily_limit(owner_id: int) -> bool:
    return received_today(owner_id, timezone.now()) >= DAILY_LIMIT


def employers_headers(mail: ReceivedMail) -> dict:
    """What to show of a message: the employer's sender, subject and date when it forwards their
    email (the forward's own are the person's), else the message's own."""
    headers, _ignored = split_forward(mail.body)
    limits = TEXT_LIMITS["inboundmessage"]
    day = date_in(headers.date)
    return {
        "sender": " ".join(headers.sender.split())[: limits["sender"]] or mail.sender,
        "subject": " ".join(headers.subject.split())[: limits["subject"]] or mail.subject,
        "sent_at": timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
        if day
        else mail.sent_at,
        "body": mail.body,
    }


@transaction.atomic
def file_mail(*, owner_id: int, mail: ReceivedMail) -> InboundMessage | None:
    """File one received message for its owner, unless the day's limit is reached (None).

    The owner's address row is locked first, so two messages arriving at once cannot both take
    the last place of the day.
    """
    InboundAddress.objects.select_for_update().filter(user_id=owner_id).first()
    if over_daily_limit(owner_id):
        return None
    return InboundMessage.objects.create(
        owner_id=owner_id, source=InboundMessage.Source.FORWARDED, **employers_headers(mail)
    )


def file_pasted(*, owner: User, text: str) -> InboundMessage:
    """Keep a pasted email for the "They said no" page to read (its text is too long for a link).
    It waits on the dashboard, like a forwarded one, until the person records it or dismisses it."""
    mail = ReceivedMail(sender="", subject="", sent_at=None, body=within_limit(text.strip(), LIMIT))
    return InboundMessage.objects.create(
        owner=owner, source=InboundMessage.Source.PASTED, **employers_headers(mail)
    )


def waiting_message(user: User, pk) -> InboundMessage | None:
    """The person's own message still waiting for an answer, or None (anyone else's: None)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return InboundMessage.objects.for_user(user).waiting().filter(pk=pk).first()


def answer(*, message: InboundMessage, status: str, **changes) -> bool:
    """Record the person's answer once: a message already answered stays as it was."""
    with transaction.atomic():
        current = InboundMessage.objects.select_for_update().get(pk=message.pk)
        if not current.is_waiting:
            return False
        for name, value in {**changes, "status": status, "decided_at": timezone.now()}.items():
            setattr(current, name, value)
        current.save(update_fields=[*changes, "status", "decided_at"])
    return True


@transaction.atomic
def confirm(*, message: InboundMessage, interview: Interview | None, reasons: list[str]) -> bool:
    """The person recorded the "no" this message brought, ticking the reasons it gave: kept on
    the message, and said in words in the interview's notes beside what they said."""
    reasons = [reason for reason in Reason.values if reason in reasons]
    confirmed = answer(
        message=message,
        status=InboundMessage.Status.CONFIRMED,
        interview=interview,
        reasons=reasons,
    )
    if confirmed and interview is not None and reasons:
        labels = ", ".join(str(Reason(reason).label).lower() for reason in reasons)
        interview.notes = join_notes(
            interview.notes,
            _("Reasons they gave in their email: %(reasons)s.") % {"reasons": labels},
        )
        interview.save(update_fields=["notes", "updated_at"])
    return confirmed


def dismiss(*, message: InboundMessage) -> bool:
    return answer(message=message, status=InboundMessage.Status.DISMISSED)


@dataclass(frozen=True)
class WaitingItem:
    pk: int
    sender: str
    subject: str
    sent_at: datetime.datetime | None
    received_at: datetime.datetime
    source: str


# The newest messages waiting for the person's answer and how many wait, as columns of one row,
# so the dashboard reads them in the same statement as its other live panels
# (services/dashboard_live.py), along the partial index of waiting messages.
WAITING_COLUMNS = """
ARRAY(
    SELECT json_build_object(
        'pk', m.id, 'sender', m.sender, 'subject', m.subject, 'sent_at', m.sent_at,
        'received_at', m.received_at, 'source', m.source)
    FROM debrief_inboundmessage m
    WHERE m.owner_id = %(owner)s AND m.status = %(waiting)s
    ORDER BY m.received_at DESC, m.id DESC
    LIMIT %(inbound_shown)s
) AS inbound_items,
(SELECT count(*) FROM debrief_inboundmessage m
 WHERE m.owner_id = %(owner)s AND m.status = %(waiting)s) AS inbound_total
"""
WAITING_NAMES = ("inbound_items", "inbound_total")


def waiting_parameters(user: User) -> dict:
    return {
        "owner": user.pk,
        "waiting": InboundMessage.Status.WAITING,
        "inbound_shown": SHOWN_ON_DASHBOARD,
    }


def _moment(value: str | None) -> datetime.datetime | None:
    return datetime.datetime.fromisoformat(value) if value else None


def waiting_from_row(row: dict) -> dict:
    """The waiting messages from WAITING_COLUMNS's values, by name."""
    items = (json.loads(item) if isinstance(item, str) else item for item in row["inbound_items"])
    return {
        "items": tuple(
            WaitingItem(
                item["pk"],
                item["sender"],
                item["subject"],
                _moment(item["sent_at"]),
                _moment(item["received_at"]),
                item["source"],
            )
            for item in items
        ),
        "total": row["inbound_total"],
    }
