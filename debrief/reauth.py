"""Asking a signed-in person for their current password again, before changing their email or
password or deleting the account: a stolen session alone must not be enough to take the account.

The check follows sign-in's rules exactly, since it is a sign-in by another door: django-axes
counts a wrong password against the account (AXES_USERNAME_CALLABLE, the same lockout and
cool-off), the per-address limit counts it against the network address, and a browser known to
the account (a device cookie, debrief.devices) is held to its own limit instead.
"""

from django.contrib.auth import authenticate
from django.http import HttpRequest

from debrief import devices
from debrief.models import User
from debrief.ratelimits import (
    check_device_failures,
    count_device_failure,
    count_sign_in_failure,
    sign_in_failures_used_up,
)

WRONG = "That is not your password. Nothing changed."
LOCKED = (
    "Too many wrong passwords: nothing changed. Try again later, or reset your password from "
    "the sign-in page."
)


def password_problem(request: HttpRequest, user: User, password: str) -> str | None:
    """None when `password` is the account's password; otherwise what to tell the person."""
    known = devices.is_known(request, user)
    if known:
        if check_device_failures(request):
            return LOCKED
    elif sign_in_failures_used_up(request):
        return LOCKED
    # authenticate() runs django-axes: a wrong password is counted against the account, and a
    # locked account is refused whatever the password (AxesMiddleware answers with the lockout
    # page, as at sign-in).
    if authenticate(request, username=user.email, password=password) == user:
        return None
    if known:
        count_device_failure(request)
    else:
        count_sign_in_failure(request)
    return WRONG
