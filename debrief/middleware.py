"""Two-step verification for everyone who can read other people's records, session limits, and
the account's language.

Sessions end after a time without activity and, in any case, some time after signing in.

Advisers and staff read other people's records: their sessions last 2 hours without activity and
12 hours in all, in a cookie that ends with the browser. Job seekers stay signed in for 14 days
without activity (30 in all) unless they untick "Keep me signed in", which gives them the
advisers' short, browser-bound session. The limits are in settings (SESSION_IDLE_TIMEOUT …).

Ending the session flushes it, and with it django-otp's verification: an adviser signs in and
enters a code again.
"""

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.functional import LazyObject, empty
from django.utils.translation import gettext

from debrief import devices
from debrief.i18n import LANGUAGE_CODES, remember_language
from debrief.two_step import needs_two_step, step_still_needed

SIGNED_IN_AT = "debrief_signed_in_at"
LAST_SEEN = "debrief_last_seen"
KEEP_SIGNED_IN = "debrief_keep_signed_in"

# Activity is written at most this often, so that reading pages does not write the session each
# time; idle limits are hours, so a minute does not matter.
LAST_SEEN_PRECISION = 60


def idle_limit(user, session) -> int:
    if needs_two_step(user):
        return settings.SESSION_IDLE_TIMEOUT["adviser"]
    if session.get(KEEP_SIGNED_IN, True):
        return settings.SESSION_IDLE_TIMEOUT["job_seeker"]
    return settings.SESSION_IDLE_TIMEOUT_NOT_KEPT


def absolute_limit(user) -> int:
    role = "adviser" if needs_two_step(user) else "job_seeker"
    return settings.SESSION_ABSOLUTE_LIMIT[role]


def session_started(sender, request: HttpRequest | None, user, **kwargs) -> None:
    """user_logged_in: whoever signs in, however, starts with fresh clocks."""
    if request is not None and hasattr(request, "session"):
        start_session(request, user)


def start_session(request: HttpRequest, user, *, keep_signed_in: bool = True) -> None:
    """The clocks start now; the cookie outlives the browser only for a job seeker who keeps
    signed in (and then for the idle limit, renewed with activity). The sign-in view calls it
    again with the person's choice."""
    now = timezone.now().timestamp()
    session = request.session
    session[SIGNED_IN_AT] = now
    session[LAST_SEEN] = now
    session[KEEP_SIGNED_IN] = keep_signed_in
    persistent = keep_signed_in and not needs_two_step(user)
    session.set_expiry(idle_limit(user, session) if persistent else 0)


class SessionLimitsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            session = request.session
            if SIGNED_IN_AT not in session:
                # A session from before these limits: its clocks start now.
                start_session(request, user)
            now = timezone.now().timestamp()
            idle = now - session[LAST_SEEN] > idle_limit(user, session)
            too_old = now - session[SIGNED_IN_AT] > absolute_limit(user)
            if idle or too_old:
                logout(request)
                messages.info(
                    request,
                    gettext(
                        "You were signed out after a time without activity. Sign in to carry on."
                    )
                    if idle
                    else gettext("For your security you were signed out. Sign in to carry on."),
                )
            elif now - session[LAST_SEEN] >= LAST_SEEN_PRECISION:
                session[LAST_SEEN] = now
                devices.seen(request)
        return self.get_response(request)


# What a deactivated member of a careers service can still reach.
STILL_OPEN = {"debrief:healthz", "logout", "admin:logout"}


def is_deactivated_staff(user) -> bool:
    """Deactivated by their careers service (the membership is loaded with the user)."""
    return user.is_authenticated and user.is_adviser and not user.may_act_as_adviser


def unwrapped(user):
    """The user behind request.user's two lazy wrappers (AuthenticationMiddleware's, then
    django-otp's, which sets `otp_device` and `is_verified` on the user as it is read). Every
    `request.user.x` through them raised and caught two AttributeErrors, and the ORM and the
    templates read it a hundred times a page (issue 22: the floor). Here, after django-otp, the
    user has already been read (AccountLanguageMiddleware reads it), or costs no query (signed
    out)."""
    while isinstance(user, LazyObject):
        if user._wrapped is empty:
            user._setup()
        user = user._wrapped
    return user


class TwoStepVerificationMiddleware:
    """An adviser or staff member whose session has not been verified with a code is sent to
    enter one (or to set up an authenticator) before any page, then on to the page asked for.
    One rule here instead of a decorator on each view, so a new page cannot forget it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.user = unwrapped(request.user)
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        user = request.user
        if is_deactivated_staff(user) and request.resolver_match.view_name not in STILL_OPEN:
            # A careers service deactivated them: every page, from the next request on, as if
            # it did not exist (signing out still works).
            raise Http404
        return step_still_needed(request)


# Pages that say the same to every visitor; a shared cache may keep them for someone signed out.
PUBLIC_VIEWS = {"debrief:home", "debrief:privacy", "debrief:status", "debrief:accessibility"}


def is_public(request: HttpRequest) -> bool:
    match = request.resolver_match
    return (
        not request.user.is_authenticated and match is not None and match.view_name in PUBLIC_VIEWS
    )


class PrivatePagesMiddleware:
    """Nothing about a person stays in a browser's or proxy's cache (ASVS V14.3.2): every answer
    is `Cache-Control: private, no-store` (client records, the caseload, the export, the calendar
    feed, pages reached by a link with a token), except the few public pages above for people
    signed out. One rule here instead of a decorator on each view, so a new page cannot forget
    it; static files are answered by WhiteNoise before this runs and stay cacheable.

    It also sends the Permissions-Policy: Debrief uses no camera, microphone, location, payment
    or other powerful browser feature, so a page (or anything injected into it) cannot ask."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        if is_public(request):
            return response
        cache_control = response.get("Cache-Control", "")
        if not ("private" in cache_control and "no-store" in cache_control):
            # never_cache's fuller header (healthz, the sign-in page) already says it.
            response["Cache-Control"] = "private, no-store"
        patch_vary_headers(response, ["Cookie"])
        return response


class AccountLanguageMiddleware:
    """Signed in, pages are in the language kept on the account (chosen with the switch on any
    device), whatever this browser's cookie or Accept-Language says; the cookie is then set to
    it, so the pages stay in that language after signing out. After Django's LocaleMiddleware,
    which chose from the cookie or the browser, and AuthenticationMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = account_language(request)
        if chosen:
            translation.activate(chosen)
            request.LANGUAGE_CODE = chosen
        response = self.get_response(request)
        # Read again: the request may have signed someone in, or switched the language.
        chosen = account_language(request)
        cookie = settings.LANGUAGE_COOKIE_NAME
        if chosen and request.COOKIES.get(cookie) != chosen and cookie not in response.cookies:
            response.set_cookie(
                cookie,
                chosen,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response


def account_language(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ""
    return user.language if user.language in LANGUAGE_CODES else ""


def language_on_sign_in(sender, request: HttpRequest | None, user, **kwargs) -> None:
    """user_logged_in: an account that never chose a language keeps the one this browser was
    switched to before signing in (the cookie), so its emails follow the same choice."""
    if request is None or user.language:
        return
    remember_language(user, request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, ""))
