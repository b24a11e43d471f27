"""Email Debrief sends: how a person's name appears in it, and sending after the response.

A display name is typed by whoever made the account, so in an email it is quoted data after
Debrief's own fixed words, never the start of a subject or a line: `quoted_name(user)` gives
`“Sam Taylor” (sam@example.org)` on one line. Use it wherever an email names a user.

An address receives nothing but its confirmation link and password resets until its owner has
confirmed it (`may_email`).

An email to an account is written in the account's language (`compose(..., language=
language_of(user))`), whoever's request sends it; subjects may be lazy (gettext_lazy) strings.
"""

import logging
import unicodedata

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.http import HttpRequest, HttpResponseRedirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy

from debrief.forms.accounts import with_email
from debrief.i18n import language_of
from debrief.models import BREAKING_CATEGORIES, User

logger = logging.getLogger(__name__)

# Links that prove an address reads its mail: confirming an account's address, and a new address.
CONFIRMATION_SALT = "debrief.email-confirmation"
EMAIL_CHANGE_SALT = "debrief.account.email-change"
ADDRESS_LINK_MAX_AGE = 60 * 60 * 24 * 3


def site_url(path: str) -> str:
    """An absolute link for an email, always on the configured site (DEBRIEF_SITE_URL), never
    on whatever Host a request named: a forged Host header must not put another site's address
    in Debrief's emails."""
    return settings.SITE_URL.rstrip("/") + path


def one_line(text: str) -> str:
    """Text with control and format characters (newlines, bidi overrides) made single spaces."""
    kept = (" " if unicodedata.category(char) in BREAKING_CATEGORIES else char for char in text)
    return " ".join("".join(kept).split())


def quoted_name(user: User) -> str:
    """The person's name as quoted data, with their address: “Sam Taylor” (sam@example.org)."""
    name = one_line(user.display_name)
    return f"“{name}” ({user.email})" if name else user.email


def may_email(user: User) -> bool:
    """Whether Debrief may send this person anything besides confirmation and password reset:
    asked of the one rule, `User.objects.reachable()` (one query, before an email is written)."""
    return User.objects.reachable().filter(pk=user.pk).exists()


def compose(
    *, to: str, subject: str, template: str, context: dict, language: str | None = None
) -> EmailMessage:
    """The email, its subject and body in `language` (the recipient's; by default the language
    of the page that sends it)."""
    with translation.override(language or translation.get_language()):
        body = render_to_string(template, context)
        return EmailMessage(one_line(str(subject)), body, settings.DEFAULT_FROM_EMAIL, [to])


def send_quietly(message: EmailMessage) -> None:
    """Send, logging a failure: the person has already been answered and can ask again."""
    try:
        message.send()
    except Exception:
        logger.exception("email_failed subject=%r", message.subject)


class RedirectThenSend(HttpResponseRedirect):
    """A redirect that sends its emails once the server has delivered it (WSGI servers call
    `close()` after the last byte), so the time to answer does not depend on whether there was
    anything to send."""

    def __init__(self, url: str, messages: list[EmailMessage]):
        super().__init__(url)
        self.outgoing = list(messages)

    def close(self) -> None:
        try:
            super().close()
        finally:
            outgoing, self.outgoing = self.outgoing, []
            for message in outgoing:
                send_quietly(message)


# --- Confirming an address ----------------------------------------------------------------------


def address_token(user: User, address: str, *, salt: str) -> str:
    """Signed and timed: names the account, its address now and the address the link was sent
    to, so once the account's address changes older links stop working."""
    return signing.dumps({"user": user.pk, "from": user.email, "to": address}, salt=salt)


def read_address_token(token: str, *, salt: str) -> tuple[User, str] | None:
    """The account and the address a link was sent to, if the link is genuine, recent and the
    account still has the address it had then."""
    try:
        data = signing.loads(token, salt=salt, max_age=ADDRESS_LINK_MAX_AGE)
    except signing.BadSignature:
        return None
    user = User.objects.filter(pk=data.get("user"), email=data.get("from"), is_active=True).first()
    return (user, data["to"]) if user is not None else None


def confirmation_token(user: User) -> str:
    return address_token(user, user.email, salt=CONFIRMATION_SALT)


def user_for_confirmation(token: str) -> User | None:
    """The account a confirmation link is for, if it is still the account's address."""
    found = read_address_token(token, salt=CONFIRMATION_SALT)
    return found[0] if found is not None and found[1] == found[0].email else None


def confirmation_email(request: HttpRequest, user: User) -> EmailMessage:
    link = site_url(reverse("confirm-email", kwargs={"token": confirmation_token(user)}))
    return compose(
        to=user.email,
        subject=gettext_lazy("Confirm your email address for Debrief"),
        template="registration/confirm_email_email.txt",
        context={"account": quoted_name(user), "link": link, "days": ADDRESS_LINK_MAX_AGE // 86400},
        language=language_of(user),
    )


def already_have_an_account_email(user: User) -> EmailMessage:
    """Sign-up with an address that has an account: its owner hears so, with the way back in;
    the person who typed it saw the same page as for a new account."""
    return compose(
        to=user.email,
        subject=gettext_lazy("You already have a Debrief account"),
        language=language_of(user),
        template="registration/already_have_an_account_email.txt",
        context={
            "account": quoted_name(user),
            # The address they just typed, filled in on either page.
            "reset": site_url(with_email(reverse("password_reset"), user.email)),
            "sign_in": site_url(with_email(reverse("login"), user.email)),
        },
    )
