"""Sending notifications: each row is claimed by one worker, sent, and marked sent.

The claim is one UPDATE … WHERE status = 'pending' … RETURNING: two workers holding the same ids
(a duplicate task, a retry racing a rescue) each get a disjoint share. A failed send is retried
with back-off up to `Notification.MAX_ATTEMPTS` times and logged; it never stops the others.
"""

import datetime
import email.policy
import logging

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, mailers
from django.db import connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from debrief.emails import may_email
from debrief.models import Notification, NotificationSettings

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "debrief.unsubscribe"
RETRY_AFTER = [60, 5 * 60, 30 * 60, 2 * 60 * 60]  # seconds, after attempts 1, 2, 3, 4

Status = Notification.Status


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def unsubscribe_token(user_id: int, kind: str) -> str:
    """`<user id>.<kind>.<signature>`: it never expires, as an unsubscribe link must not."""
    return signing.Signer(salt=UNSUBSCRIBE_SALT, sep=".").sign(f"{user_id}.{kind}")


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    try:
        value = signing.Signer(salt=UNSUBSCRIBE_SALT, sep=".").unsign(token)
    except signing.BadSignature:
        return None
    user_id, _, kind = value.partition(".")
    if not user_id.isascii() or not user_id.isdigit() or kind not in Notification.Kind.values:
        return None
    return int(user_id), kind


def unsubscribe_url(user_id: int, kind: str) -> str:
    return absolute(reverse("debrief:unsubscribe", args=[unsubscribe_token(user_id, kind)]))


class OneClickEmail(EmailMultiAlternatives):
    """An email whose List-Unsubscribe header stays one plain line. Under the SMTP policy's
    78-character folding, a long URL with no space to fold at would be RFC 2047-encoded, and mail
    providers would not find the address for one-click unsubscribe; RFC 5322 allows 998."""

    def message(self, *, policy=email.policy.default):
        return super().message(policy=policy.clone(max_line_length=998))


def compose(notification: Notification) -> EmailMultiAlternatives:
    user = notification.user
    unsubscribe = unsubscribe_url(user.pk, notification.kind)
    context = {
        **notification.context,
        "name": user.display_name.replace("\n", " ").strip() or "there",
        "link": absolute(notification.context.get("path", "/")),
        "settings_link": absolute(reverse("debrief:settings-notifications")),
        "unsubscribe_link": unsubscribe,
        "kind_label": notification.get_kind_display(),
        "subject": notification.subject,
    }
    template = f"emails/{notification.kind}"
    message = OneClickEmail(
        subject=notification.subject,
        body=render_to_string(f"{template}.txt", context),
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
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


def deliver(ids: list[int], *, now: datetime.datetime | None = None) -> dict[str, int]:
    """Send the given notifications that are still pending; returns counts by outcome."""
    from debrief.tasks import deliver_notifications

    now = now or timezone.now()
    outcome = {"sent": 0, "skipped": 0, "retry": 0, "failed": 0}
    claimed = claim(ids, now)
    if not claimed:
        return outcome
    notifications = Notification.objects.filter(pk__in=claimed).select_related(
        "user", "user__notification_settings"
    )
    with mailers.default as mailer:
        for notification in notifications:
            user = notification.user
            prefs = NotificationSettings.of(user)
            if not (may_email(user) and prefs.wants(notification.kind)):
                Notification.objects.filter(pk=notification.pk).update(status=Status.SKIPPED)
                outcome["skipped"] += 1
                continue
            try:
                mailer.send_messages([compose(notification)])
            except Exception as error:
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
                    outcome["failed"] += 1
                    continue
                retry_at = now + datetime.timedelta(
                    seconds=RETRY_AFTER[min(attempts, len(RETRY_AFTER)) - 1]
                )
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
                deliver_notifications.using(run_after=retry_at).enqueue([notification.pk])
                outcome["retry"] += 1
            else:
                Notification.objects.filter(pk=notification.pk).update(
                    status=Status.SENT, sent_at=timezone.now(), last_error=""
                )
                outcome["sent"] += 1
    return outcome
