"""Rate limits (django-ratelimit, counted in the default cache): far above what a person does, low
enough that a script cannot create accounts, send emails or fill the database in bulk.

Each limit is named by a group in settings.RATE_LIMITS, read on every request. Limits count per
signed-in user and per client address (from `debrief.identity.client_ip`, which honours
DEBRIEF_PROXY_COUNT); a limited request gets the 429 page (`debrief.views.pages.rate_limited`).
"""

import datetime
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django_ratelimit import UNSAFE
from django_ratelimit.core import get_usage
from django_ratelimit.decorators import ratelimit
from django_ratelimit.exceptions import Ratelimited

from debrief.identity import device_id, normalise_email
from debrief.models import ClientInvitation, User


def rate(group: str, request: HttpRequest) -> str:
    """The configured rate of a group, read per request so that settings stay the one source."""
    return settings.RATE_LIMITS[group]


def posted_email(group: str, request: HttpRequest) -> str:
    """The address a form names (the target of a password reset), spelt one way."""
    return normalise_email(request.POST.get("email"))


def limit_creation(view: Callable) -> Callable:
    """Creating objects: per user and per address, whatever is being created."""
    view = ratelimit(group="create:user", key="user_or_ip", rate=rate, method=UNSAFE)(view)
    return ratelimit(group="create:ip", key="ip", rate=rate, method=UNSAFE)(view)


def limit_posts(group: str, *, per_email: bool = False) -> Callable[[Callable], Callable]:
    """POSTs to one kind of page: per address, and also per the email the form names."""

    def decorator(view: Callable) -> Callable:
        view = ratelimit(group=f"{group}:ip", key="ip", rate=rate, method="POST")(view)
        if per_email:
            view = ratelimit(group=f"{group}:email", key=posted_email, rate=rate, method="POST")(
                view
            )
        return view

    return decorator


def ratelimit_user(group: str) -> Callable[[Callable], Callable]:
    """POSTs by one signed-in person to one kind of page."""
    return ratelimit(group=f"{group}:user", key="user", rate=rate, method="POST")


SIGN_IN_FAILURES = "sign-in-failures"


SIGN_IN_DEVICE_FAILURES = "sign-in-device-failures"


def used_up(request: HttpRequest, group: str, key) -> bool:
    usage = get_usage(request, group=group, key=key, rate=rate, method="POST")
    return usage is not None and usage["count"] >= usage["limit"]


def sign_in_failures_used_up(request: HttpRequest) -> bool:
    """Failed sign-ins from one address, whichever accounts they name: django-axes locks an
    account after a few failures; this stops one address trying many accounts. Attempts from
    a browser known to the account they name are not counted here (debrief.devices)."""
    return used_up(request, SIGN_IN_FAILURES, "ip")


def check_sign_in_failures(request: HttpRequest) -> None:
    """Raises Ratelimited once the address has used up its failures, before any password is
    checked."""
    if sign_in_failures_used_up(request):
        raise Ratelimited


def count_sign_in_failure(request: HttpRequest) -> None:
    get_usage(request, group=SIGN_IN_FAILURES, key="ip", rate=rate, method="POST", increment=True)


def device_key(group: str, request: HttpRequest) -> str:
    return device_id(request) or ""


def check_device_failures(request: HttpRequest) -> bool:
    """A known browser's own limit (OWASP's device cookie lockout): True once used up."""
    return used_up(request, SIGN_IN_DEVICE_FAILURES, device_key)


def count_device_failure(request: HttpRequest) -> None:
    get_usage(
        request,
        group=SIGN_IN_DEVICE_FAILURES,
        key=device_key,
        rate=rate,
        method="POST",
        increment=True,
    )


# Invitations to job seekers are counted by the people invited, not by requests: two full lists
# of 500 a day per adviser, a cohort's worth, and never a mailing list's.
INVITATIONS_PER_DAY = 1_000


def invitations_left_today(adviser: User) -> int:
    since = timezone.now() - datetime.timedelta(days=1)
    used = (
        ClientInvitation.objects.filter(batch__adviser=adviser, batch__confirmed_at__gte=since)
        .exclude(status__in=[ClientInvitation.Status.DRAFT, ClientInvitation.Status.LEFT_OUT])
        .count()
    )
    return max(0, INVITATIONS_PER_DAY - used)


# Two-step codes (debrief.devices): a browser that had a code accepted before is spared the
# authenticator's throttle, which anyone holding the password can run up, and has this limit
# of its own; wrong codes from any other browser are counted for the account, and the adviser
# is told when they reach the limit.
TWO_STEP_BROWSER = "two-step-browser-failures"
TWO_STEP_ELSEWHERE = "two-step-failures-elsewhere"


def two_step_browser_used_up(request: HttpRequest) -> bool:
    return used_up(request, TWO_STEP_BROWSER, device_key)


def count_two_step_browser_failure(request: HttpRequest) -> None:
    get_usage(
        request, group=TWO_STEP_BROWSER, key=device_key, rate=rate, method="POST", increment=True
    )


def count_two_step_failure_elsewhere(request: HttpRequest) -> bool:
    """Counts a wrong code from a browser not trusted by the account; True exactly when the
    count reaches the limit (the moment to tell the adviser, once a window)."""
    usage = get_usage(
        request, group=TWO_STEP_ELSEWHERE, key="user", rate=rate, method="POST", increment=True
    )
    return usage is not None and usage["count"] == usage["limit"]
