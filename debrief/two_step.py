"""The two-step policy: who must enter a code from an authenticator app after their password,
which device counts, and where someone not yet verified is sent. One module used by the
middleware (debrief/middleware.py, which asks it on every request) and the two-step pages
(views/two_step.py), so that neither reaches into the other."""

from functools import cache
from urllib.parse import urlencode

from django.db import connections, router
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import middleware as otp_middleware
from django_otp.plugins.otp_totp.models import TOTPDevice

from debrief.models import User
from debrief.statements import Columns, instance

# The pages an adviser or staff member reaches before entering a code: the two-step pages
# themselves, signing out, the language switch (the code page in Welsh), and the health check.
# Static files are served before this runs.
EXEMPT_VIEWS = {
    "debrief:adviser-2fa-setup",
    "debrief:adviser-2fa-verify",
    "debrief:adviser-2fa-enrol",
    "debrief:healthz",
    "debrief:language",
    "debrief:readyz",
    "logout",
    "admin:logout",
}


def needs_two_step(user: User) -> bool:
    """Advisers and staff read other people's records: a password alone is not enough."""
    return user.is_authenticated and (user.is_adviser or user.is_staff)


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def redirect_with_next(name: str, next_path: str) -> HttpResponse:
    return redirect(f"{reverse(f'debrief:{name}')}?{urlencode({'next': next_path})}")


def step_still_needed(request: HttpRequest) -> HttpResponse | None:
    """The way to the code (or to setting up an authenticator first) for a session that still
    owes one, then on to the page asked for; None when this page may be served."""
    user = request.user
    if not needs_two_step(user) or user.is_verified():
        return None
    if request.resolver_match.view_name in EXEMPT_VIEWS:
        return None
    step = "adviser-2fa-verify" if confirmed_device(user) else "adviser-2fa-setup"
    return redirect_with_next(step, request.get_full_path())


# --- The session's device, read on every page a verified adviser or staff member opens ----------

DEVICE = Columns(TOTPDevice, "d")
# A device id the statement can bind; anything else goes the library's own way.
LARGEST_ID = 2**63 - 1


@cache
def device_statement() -> str:
    return f'SELECT {DEVICE.select()} FROM "{TOTPDevice._meta.db_table}" d WHERE d."id" = %s'


def totp_device(pk: int) -> TOTPDevice | None:
    using = router.db_for_read(TOTPDevice)
    with connections[using].prepared_cursor() as cursor:
        cursor.execute(device_statement(), [pk])
        row = cursor.fetchone()
    return None if row is None else instance(DEVICE, row, using)


class OTPMiddleware(otp_middleware.OTPMiddleware):
    """django-otp's middleware, reading an authenticator app's device (the only kind Debrief
    verifies a session with) in a statement written once and prepared on the connection: through
    the ORM, compiling the query took longer than running it, on every page an adviser or staff
    member opens (issue 22). Everything else is the library's: the device must still belong to
    the signed-in person and be confirmed (`_finalize_device`), or the session is not verified
    and forgets it."""

    def _device_from_persistent_id(self, persistent_id: str):
        persistent_id = self._normalize_persistent_id(persistent_id)
        label, _slash, device_id = persistent_id.rpartition("/")
        if (
            label == TOTPDevice.model_label()
            and device_id.isascii()
            and device_id.isdigit()
            and int(device_id) <= LARGEST_ID
        ):
            return totp_device(int(device_id))
        return super()._device_from_persistent_id(persistent_id)
