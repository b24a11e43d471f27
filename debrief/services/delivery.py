"""Sending notifications: each row is claimed by one worker, sent, and marked sent.

The claim is one UPDATE … WHERE status = 'pending' … RETURNING: two workers holding the same ids
(a duplicate task, a retry racing a rescue) each get a disjoint share. The emails then go one by
one through one connection to the mail server, and the rows whose email went are marked sent
together, one UPDATE per `MARK_EVERY` emails or `MARK_AFTER` seconds, whichever comes first: a
row is never marked before its email went. A failed send is retried with back-off up to
`Notification.MAX_ATTEMPTS` times and logged; it never stops the others.
"""

import datetime
import email.headerregistry
import email.policy
import logging
import re
import time

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, mailers
from django.db import connection
from django.db.models import Exists, OuterRef
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone

from debrief.emails import one_line
from debrief.i18n import in_language_of
from debrief.models import Notification, NotificationSettings, User
from debrief.reversing import around
from debrief.services import queue

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "debrief.unsubscribe"
RETRY_AFTER = [60, 5 * 60, 30 * 60, 2 * 60 * 60]  # seconds, after attempts 1, 2, 3, 4
# Sent rows are marked in one UPDATE per this many emails or seconds: a worker killed between two
# marks leaves at most that many rows "sending", whose emails a rescue sends again.
MARK_EVERY = 50
MARK_AFTER = 1.0

Status = Notification.Status


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def unsubscribe_token(user_id: int, kind: str, *, signer: signing.Signer | None = None) -> str:
    """`<user id>.<kind>.<signature>`: it never expires, as an unsubscribe link must not."""
    signer = signer or signing.Signer(salt=UNSUBSCRIBE_SALT, sep=".")
    return signer.sign(f"{user_id}.{kind}")


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    try:
        value = signing.Signer(salt=UNSUBSCRIBE_SALT, sep=".").unsign(token)
    except signing.BadSignature:
        return None
    user_id, _, kind = value.partition(".")
    if not user_id.isascii() or not user_id.isdigit() or kind not in Notification.Kind.values:
        return None
    return int(user_id), kind


def unsubscribe_url(user_id: int, kind: str, *, signer: signing.Signer | None = None) -> str:
    token = unsubscribe_token(user_id, kind, signer=signer)
    return absolute(reverse("debrief:unsubscribe", args=[token]))


class ReusingHeaders(email.headerregistry.HeaderRegistry):
    """The standard library's header factory, made cheaper for many emails in a row. It builds a
    new class for each header it parses (kept here, one per header name) and parses the same line
    again in every email (From, MIME-Version, each part's Content-Type…: the parsed header is
    kept, as header objects never change; the store is emptied when it grows large)."""

    KEEP = 1000
    # Lines no two emails share (the recipient, the subject, the unsubscribe link, the id): kept,
    # they only filled the store, emptied it every ~200 emails, and lived long enough to wake the
    # garbage collector's full sweeps; they are parsed as the standard library does.
    NEVER_SHARED = frozenset({"to", "subject", "list-unsubscribe", "message-id"})

    def __init__(self):
        super().__init__()
        self.classes = {}
        self.parsed = {}

    def __getitem__(self, name):
        header_class = self.classes.get(name.lower())
        if header_class is None:
            header_class = self.classes[name.lower()] = super().__getitem__(name)
        return header_class

    def __call__(self, name, value):
        if name.lower() in self.NEVER_SHARED:
            return super().__call__(name, value)
        header = self.parsed.get((name, value))
        if header is None:
            header = super().__call__(name, value)
            if len(self.parsed) >= self.KEEP:
                self.parsed.clear()
            self.parsed[name, value] = header
        return header


class OneClickEmail(EmailMultiAlternatives):
    """An email whose List-Unsubscribe header stays one plain line. Under the SMTP policy's
    78-character folding, a long URL with no space to fold at would be RFC 2047-encoded, and mail
    providers would not find the address for one-click unsubscribe; RFC 5322 allows 998."""

    policies = {}  # each policy asked for, with long lines and ReusingHeaders

    def message(self, *, policy=email.policy.default):
        if policy not in self.policies:
            self.policies[policy] = policy.clone(
                max_line_length=998, header_factory=ReusingHeaders()
            )
        return super().message(policy=self.policies[policy])


TOKEN_MARK = "unsubscribe-token-mark"
# What a token is made of (the user's id, the kind, a URL-safe base64 signature): characters a
# URL carries as they are, so the token can stand in the reversed path unquoted.
URL_SAFE_TOKEN = re.compile(r"[A-Za-z0-9_.-]+")


class Composer:
    """Writes the emails of one delivery: what every email shares (the settings link, the
    signer, the unsubscribe link's pattern, each kind's two templates) is worked out once."""

    def __init__(self):
        self.settings_link = absolute(reverse("debrief:settings-notifications"))
        self.signer = signing.Signer(salt=UNSUBSCRIBE_SALT, sep=".")
        path = around("debrief:unsubscribe", TOKEN_MARK)
        self.unsubscribe_around = None if path is None else (absolute(path[0]), path[1])
        self.by_kind = {}

    def unsubscribe_url(self, user_id: int, kind: str) -> str:
        """`unsubscribe_url(user_id, kind)`, the path reversed once per delivery."""
        token = unsubscribe_token(user_id, kind, signer=self.signer)
        if self.unsubscribe_around is None or not URL_SAFE_TOKEN.fullmatch(token):
            return unsubscribe_url(user_id, kind, signer=self.signer)
        before, after = self.unsubscribe_around
        return f"{before}{token}{after}"

    def templates(self, kind: str):
        if kind not in self.by_kind:
            self.by_kind[kind] = (
                get_template(f"emails/{kind}.txt"),
                get_template(f"emails/{kind}.html"),
            )
        return self.by_kind[kind]

    def compose(self, notification: Notification) -> EmailMultiAlternatives:
        # In the recipient's language: the templates' words, dates and numbers (the subject and
        # the sentences kept in the context were written in it when the row was planned).
        with in_language_of(notification.user):
            return self.compose_in_language(notification)

    def compose_in_language(self, notification: Notification) -> EmailMultiAlternatives:
        user = notification.user
        unsubscribe = self.unsubscribe_url(user.pk, notification.kind)
        context = {
            **notification.context,
            "name": one_line(user.display_name),
            "link": absolute(notification.context.get("path", "/")),
            "settings_link": self.settings_link,
            "unsubscribe_link": unsubscribe,
            "kind_label": notification.get_kind_display(),
            "subject": notification.subject,
        }
        text, html = self.templates(notification.kind)
        message = OneClickEmail(
            subject=notification.subject,
            body=text.render(context),
            to=[user.email],
            headers={
                "List-Unsubscribe": f"<{unsubscribe}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                "Auto-Submitted": "auto-generated",
            },
        )
        message.attach_alternative(html.render(context), "text/html")
        if invitation := notification.context.get("invitation"):
            # An appointment's calendar invitation: the text/calendar part is what mail apps
            # offer to add; the .ics file is for those that only open attachments.
            method = notification.context["method"]
            message.attach_alternative(invitation, f"text/calendar; method={method}")
            message.attach("invitation.ics", invitation, "application/ics")
        return message


def claim(ids: list[int], now: datetime.datetime) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE debrief_notification
               SET status = %s, claimed_at = %s, attempts = attempts + 1
             WHERE id = ANY(%s) AND status = %s AND next_attempt_at <= %s
            RETURNING id
            """,
            [Status.SENDING, now, list(ids), Status.PENDING, now],
        )
        return [row[0] for row in cursor.fetchall()]


def retry_or_give_up(notification: Notification, error: Exception, now) -> str:
    """After a failed send: the row is pending again with back-off, or failed for good."""
    attempts = notification.attempts
    if attempts >= Notification.MAX_ATTEMPTS:
        logger.error(
            "notification=%s kind=%s gave up after %s attempts: %r",
            notification.pk,
            notification.kind,
            attempts,
            error,
        )
        Notification.objects.filter(pk=notification.pk).update(
            status=Status.FAILED, last_error=repr(error)[:500]
        )
        return "failed"
    retry_at = now + datetime.timedelta(seconds=RETRY_AFTER[min(attempts, len(RETRY_AFTER)) - 1])
    logger.warning(
        "notification=%s kind=%s attempt=%s failed, retry at %s: %r",
        notification.pk,
        notification.kind,
        attempts,
        retry_at.isoformat(),
        error,
    )
    Notification.objects.filter(pk=notification.pk).update(
        status=Status.PENDING,
        next_attempt_at=retry_at,
        enqueued_at=retry_at,
        last_error=repr(error)[:500],
    )
    queue.enqueue_delivery([notification.pk], run_after=retry_at)
    return "retry"


def mark_sent(ids: list[int]) -> None:
    if ids:
        Notification.objects.filter(pk__in=ids).update(
            status=Status.SENT, sent_at=timezone.now(), last_error=""
        )


def deliver(ids: list[int], *, now: datetime.datetime | None = None) -> dict[str, int]:
    """Send the given notifications that are still pending; returns counts by outcome."""
    now = now or timezone.now()
    outcome = {"sent": 0, "skipped": 0, "retry": 0, "failed": 0}
    claimed = claim(ids, now)
    if not claimed:
        return outcome
    # Who may be emailed is asked of the one rule, in the same query as the rows.
    notifications = (
        Notification.objects.filter(pk__in=claimed)
        .select_related("user", "user__notification_settings")
        .annotate(reachable=Exists(User.objects.reachable().filter(pk=OuterRef("user_id"))))
    )
    wanted, unwanted = [], []
    for notification in notifications.order_by("pk"):
        user = notification.user
        if notification.reachable and NotificationSettings.of(user).wants(notification.kind):
            wanted.append(notification)
        else:
            unwanted.append(notification.pk)
    if unwanted:
        Notification.objects.filter(pk__in=unwanted).update(status=Status.SKIPPED)
        outcome["skipped"] = len(unwanted)
    composer = Composer()
    sent, marked_at = [], time.monotonic()
    try:
        with mailers.default as mailer:
            for notification in wanted:
                try:
                    mailer.send_messages([composer.compose(notification)])
                except Exception as error:
                    outcome[retry_or_give_up(notification, error, now)] += 1
                    continue
                sent.append(notification.pk)
                outcome["sent"] += 1
                if len(sent) >= MARK_EVERY or time.monotonic() - marked_at >= MARK_AFTER:
                    mark_sent(sent)
                    sent, marked_at = [], time.monotonic()
    finally:
        # Also when something below the mail server failed: what went is marked.
        mark_sent(sent)
    return outcome
