"""Device cookies and the sessions the owner sees and ends.

Device cookies (OWASP's defence against online guessing): a browser that signs in to an account
with the right password gets a signed, long-lived cookie naming a random device identifier, and
the account remembers the identifier's hash (KnownDevice). An attempt from a browser known to
the account it names is held to the device's own limit only (`sign-in-device`): the per-address
limit and django-axes' per-account lockout (through AXES_WHITELIST_CALLABLE) count only
attempts without one. So a class behind one school address, or a person whose account is being
guessed at from elsewhere, still signs in from their own browser.

A sign-in from a browser the account does not know sends the owner a "Was this you?" email that
links to Signed-in devices (/settings/devices/), where every session is listed and can be ended.
"""

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.base import SessionBase
from django.core.mail import EmailMessage
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy

from debrief.emails import compose, quoted_name, site_url
from debrief.i18n import language_of
from debrief.identity import DEVICE_COOKIE, DEVICE_COOKIE_AGE, DEVICE_SALT, client_ip, device_id
from debrief.models import KnownDevice, SignedInSession, User


def hashed(identifier: str) -> str:
    return hashlib.sha256(identifier.encode()).hexdigest()


def is_known(request: HttpRequest, user: User | None) -> bool:
    """Whether this browser carries a valid device cookie for this account."""
    identifier = device_id(request)
    return (
        identifier is not None
        and user is not None
        and KnownDevice.objects.filter(user=user, device_hash=hashed(identifier)).exists()
    )


def known_for_credentials(request: HttpRequest, credentials: dict | None = None) -> bool:
    """AXES_WHITELIST_CALLABLE: the account a sign-in names is known to this browser."""
    field = settings.AXES_USERNAME_FORM_FIELD
    username = (credentials or {}).get(field) or request.POST.get(field)
    return is_known(request, User.objects.with_email(username).first())


def remember(request: HttpRequest, response: HttpResponse, user: User) -> bool:
    """After a successful sign-in: this browser is known to the account from now on. True when
    it was not before (a new device)."""
    identifier = device_id(request) or secrets.token_urlsafe(32)
    _, created = KnownDevice.objects.get_or_create(user=user, device_hash=hashed(identifier))
    response.set_signed_cookie(
        DEVICE_COOKIE,
        identifier,
        salt=DEVICE_SALT,
        max_age=DEVICE_COOKIE_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return created


def new_device_email(request: HttpRequest, user: User) -> EmailMessage:
    session = SignedInSession(user_agent=request.headers.get("User-Agent", "")[:300])
    return compose(
        to=user.email,
        subject=gettext_lazy("Was this you? A new sign-in to Debrief"),
        language=language_of(user),
        template="registration/new_device_email.txt",
        context={
            "account": quoted_name(user),
            "device": session.device,
            "address": client_ip(request),
            "when": timezone.now(),
            "link": site_url(reverse("debrief:settings-devices")),
        },
    )


# --- Sessions -----------------------------------------------------------------------------------


def session_store(key: str | None = None) -> SessionBase:
    return import_string(f"{settings.SESSION_ENGINE}.SessionStore")(session_key=key)


def record_session(sender, request: HttpRequest | None, user, **kwargs) -> None:
    """user_logged_in: list the new session on the owner's Signed-in devices page."""
    if request is None or not hasattr(request, "session"):
        return
    if request.session.session_key is None:
        request.session.save()
    now = timezone.now()
    SignedInSession.objects.update_or_create(
        session_key=request.session.session_key,
        defaults={
            "user": user,
            "user_agent": request.headers.get("User-Agent", "")[:300],
            "ip_address": client_ip(request),
            "signed_in_at": now,
            "last_seen_at": now,
        },
    )


def forget_session(sender, request: HttpRequest | None, user, **kwargs) -> None:
    """user_logged_out: the session is gone from the list too."""
    if request is not None and getattr(request, "session", None) is not None:
        SignedInSession.objects.filter(session_key=request.session.session_key).delete()


def seen(request: HttpRequest) -> None:
    """A signed-in request, at most once a minute (debrief.middleware): the list's "last seen"
    and network address; a session from before the list is added to it."""
    key = request.session.session_key
    if key is None:
        return
    updated = SignedInSession.objects.filter(session_key=key, user=request.user).update(
        last_seen_at=timezone.now(), ip_address=client_ip(request)
    )
    if not updated:
        record_session(None, request, request.user)


def session_moved(request: HttpRequest, old_key: str | None) -> None:
    """The session got a new key (a password change cycles it): the list follows."""
    if old_key:
        SignedInSession.objects.filter(session_key=old_key).update(
            session_key=request.session.session_key
        )


def end_sessions(user: User, *, keep: str | None = None, only: int | None = None) -> int:
    """End the account's sessions (one of them with `only`), except the session `keep`: each
    is deleted where Django keeps sessions, so every replica sees it ended."""
    sessions = SignedInSession.objects.filter(user=user)
    if keep:
        sessions = sessions.exclude(session_key=keep)
    if only is not None:
        sessions = sessions.filter(pk=only)
    ended = 0
    for session in sessions:
        session_store(session.session_key).delete()
        session.delete()
        ended += 1
    return ended


def live_sessions(user: User) -> list[SignedInSession]:
    """The account's sessions that still exist (those that expired are dropped from the list)."""
    listed = list(SignedInSession.objects.filter(user=user))
    ended = [
        s.pk for s in listed if session_store(s.session_key).load().get(SESSION_KEY) != str(user.pk)
    ]
    if ended:
        SignedInSession.objects.filter(pk__in=ended).delete()
    return [s for s in listed if s.pk not in ended]


# --- Two-step codes -------------------------------------------------------------------------------


def two_step_passed(request: HttpRequest, user: User) -> None:
    """A code was accepted from this browser: it is the adviser's own from now on."""
    identifier = device_id(request)
    if identifier is not None:
        KnownDevice.objects.filter(user=user, device_hash=hashed(identifier)).update(
            two_step_at=timezone.now()
        )


def two_step_trusted(request: HttpRequest, user: User) -> bool:
    """This browser had a code accepted for this account before."""
    identifier = device_id(request)
    return (
        identifier is not None
        and KnownDevice.objects.filter(
            user=user, device_hash=hashed(identifier), two_step_at__isnull=False
        ).exists()
    )


def two_step_guessing_email(request: HttpRequest, user: User) -> EmailMessage:
    return compose(
        to=user.email,
        subject=gettext_lazy("Wrong sign-in codes were entered on your Debrief account"),
        language=language_of(user),
        template="registration/two_step_guessing_email.txt",
        context={
            "account": quoted_name(user),
            "address": client_ip(request),
            "when": timezone.now(),
            "devices": site_url(reverse("debrief:settings-devices")),
            "password": site_url(reverse("password_change")),
        },
    )
