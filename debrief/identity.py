"""Who a request is: the one spelling of an email address, and the client's network address.

Sign-in, sign-up, the user manager, the lockout, the rate limits, invitations and the adviser
look-ups all read an address through `normalise_email`, and `User.email` is stored in that form,
so `Sam@x.org`, ` sAm@x.org `, its full-width form and `SAM@X.ORG` are one account and one count
of failed guesses. The database compares addresses only for equality in this form, never with
SQL's LOWER/UPPER (iexact): PostgreSQL's case mappings differ from Python's (UPPER('ı') is 'I'),
and a look-up that folds differently from the counter gives an attacker fresh guesses.
"""

import unicodedata

from django.conf import settings
from django.http import HttpRequest
from ipware import get_client_ip


def normalise_email(value: str | None) -> str:
    """The canonical spelling: Unicode compatibility forms folded (NFKC: full-width letters, the
    Kelvin sign, ligatures), surrounding spaces dropped, then case folded (`casefold()`, Unicode's
    caseless matching: ß and ss, final and medial sigma are one)."""
    return unicodedata.normalize("NFKC", value or "").strip().casefold()


def axes_username(request: HttpRequest, credentials: dict | None = None) -> str:
    """The identity django-axes counts failures against (AXES_USERNAME_CALLABLE)."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials and credentials.get(field):
        return normalise_email(credentials[field])
    return normalise_email(request.POST.get(field))


# The device cookie (debrief.devices): a browser's random identifier, signed.
DEVICE_COOKIE = "debrief_device"
DEVICE_SALT = "debrief.device-cookie"
DEVICE_COOKIE_AGE = 60 * 60 * 24 * 365


def device_id(request: HttpRequest) -> str | None:
    """The browser's device identifier, if its cookie is genuine."""
    value = request.get_signed_cookie(
        DEVICE_COOKIE, default=None, salt=DEVICE_SALT, max_age=DEVICE_COOKIE_AGE
    )
    return value if value and len(value) <= 64 else None


def client_ip(request: HttpRequest) -> str:
    """The client's address, as the proxies in front of Debrief saw it (DEBRIEF_PROXY_COUNT).

    Each trusted proxy appends the address it received the request from to X-Forwarded-For, so
    with N proxies the client is the N-th entry from the right; anything further left was written
    by the client and is ignored. In django-ipware's terms that is the left-most order with
    N - 1 proxies listed after the client (the proxy nearest Debrief is REMOTE_ADDR, not a list
    entry). Only X-Forwarded-For is read: other headers (X-Real-IP, CF-Connecting-IP …) are not
    set by our proxy, so a client could write them freely.
    """
    proxies = settings.PROXY_COUNT
    if proxies:
        address, _ = get_client_ip(
            request,
            proxy_order="left-most",
            proxy_count=proxies - 1,
            request_header_order=["HTTP_X_FORWARDED_FOR"],
            strict=False,
        )
        if address:
            return address
    return request.META.get("REMOTE_ADDR") or "0.0.0.0"
