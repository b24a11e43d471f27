"""Debrief's inbound SMTP server: rejections forwarded to a person's private address.

aiosmtpd runs the SMTP conversation on an asyncio loop; each database step runs through
`sync_to_async` on Django's one worker thread, so the loop never waits on PostgreSQL itself and
the ORM is used as Django expects. Every refusal is an SMTP reply the sending server reports back
to the person who forwarded the email, with nothing stored:

- an address that is not someone's current private address: 550 at RCPT;
- a message over MAX_MESSAGE_BYTES: 552 (declared with SIZE at MAIL, or counted during DATA);
- more than DAILY_LIMIT messages a day to one person: 550 at RCPT (and again at DATA, where two
  messages racing for the last place are settled by a row lock).

Nothing of a message is logged; only what debrief.inbound.mail keeps is stored.
"""

import asyncio
import logging
import traceback

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import close_old_connections, connections

from debrief.inbound import filing
from debrief.inbound.mail import read_mail

log = logging.getLogger(__name__)

MAX_MESSAGE_BYTES = 1024 * 1024
MAX_RECIPIENTS = 10

UNKNOWN_RECIPIENT = "550 5.1.1 No such address here: check the address on your Debrief settings"
OVER_LIMIT = (
    f"550 5.7.1 This Debrief address takes {filing.DAILY_LIMIT} emails a day and has had them:"
    " forward this one again tomorrow"
)
TOO_BIG = (
    f"552 5.3.4 Message too big: Debrief takes emails up to {MAX_MESSAGE_BYTES // 2**20} MB;"
    " forward it without attachments"
)
TOO_MANY_RECIPIENTS = "452 4.5.3 Too many recipients"
# Whatever went wrong (the database away, a bug) stays in our log, never in the reply: the sending
# server tries again later.
TRY_LATER = "451 4.3.0 Debrief could not take this message just now: it will be tried again"
FILED = "250 2.0.0 Filed: it is waiting on your Debrief dashboard"


def fresh_connection[T](function, *args, **kwargs) -> T:
    """Run a database step as a request would: a connection past its age or broken is replaced."""
    close_old_connections()
    try:
        return function(*args, **kwargs)
    finally:
        close_old_connections()


database = sync_to_async(fresh_connection, thread_sensitive=True)


class InboundHandler:
    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, rcpt_options
    ) -> str:
        owners: dict[str, int] = envelope.__dict__.setdefault("debrief_owners", {})
        if len(envelope.rcpt_tos) >= MAX_RECIPIENTS:
            return TOO_MANY_RECIPIENTS
        owner_id = await database(filing.recipient_owner, address)
        if owner_id is None:
            return UNKNOWN_RECIPIENT
        if await database(filing.over_daily_limit, owner_id):
            log.info("inbound mail refused: daily limit reached for user %s", owner_id)
            return OVER_LIMIT
        envelope.rcpt_tos.append(address)
        owners[address] = owner_id
        return "250 2.1.5 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        raw = envelope.original_content or b""
        if len(raw) > MAX_MESSAGE_BYTES:
            return TOO_BIG
        mail = read_mail(raw)
        owners = set(envelope.__dict__.get("debrief_owners", {}).values())
        filed = 0
        for owner_id in sorted(owners):
            message = await database(filing.file_mail, owner_id=owner_id, mail=mail)
            if message is None:
                log.info("inbound mail refused: daily limit reached for user %s", owner_id)
            else:
                filed += 1
                log.info("inbound mail filed: message %s for user %s", message.pk, owner_id)
        return FILED if filed else OVER_LIMIT

    async def handle_exception(self, error: Exception) -> str:
        # The type and where, not the error's words: a database error can quote the row, and
        # with it the email's text.
        where = "".join(traceback.format_tb(error.__traceback__))
        log.error("inbound mail failed: %s\n%s", type(error).__name__, where)
        return TRY_LATER


class InboundSMTP(SMTP):
    """SMTP with a size limit said in words a person can act on."""

    async def push(self, status: str):
        if status.startswith("552 Error:") or status.startswith("552 Error "):
            status = TOO_BIG
        return await super().push(status)


class InboundController(Controller):
    def factory(self):
        return InboundSMTP(self.handler, **self.SMTP_kwargs)


def make_server(host: str | None = None, port: int | None = None) -> InboundController:
    return InboundController(
        InboundHandler(),
        hostname=settings.INBOUND_SMTP_HOST if host is None else host,
        port=settings.INBOUND_SMTP_PORT if port is None else port,
        server_hostname=settings.INBOUND_SMTP_DOMAIN,
        ident="Debrief inbound mail",
        data_size_limit=MAX_MESSAGE_BYTES,
    )


def stop_server(server: InboundController) -> None:
    """Close the worker thread's database connection (on the server's own loop: the caller may
    have a loop of its own running), then stop accepting mail."""
    close = sync_to_async(connections.close_all, thread_sensitive=True)
    asyncio.run_coroutine_threadsafe(close(), server.loop).result(timeout=10)
    server.stop()
