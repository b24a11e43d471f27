"""Two-step sign-in pages, for advisers and staff: enrolling from the link a careers service
(or staff) sent, setting up the authenticator app, entering a code or a recovery code, the first
password of someone a careers service invited, and the sign-in security page with recovery codes
made again after a fresh code from the app and the log of what happened to their two-step
sign-in. Who needs it and where they are sent is the policy's (debrief/two_step.py); the
middleware requires it on every other page."""

import base64
import logging
import typing

import qrcode
import qrcode.image.svg
from axes.helpers import get_client_ip_address
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from debrief import devices
from debrief.emails import may_email, send_quietly
from debrief.forms.adviser import RecoveryCodeForm, TokenForm
from debrief.models import EnrolmentLink, SecurityEvent
from debrief.ratelimits import (
    count_two_step_browser_failure,
    count_two_step_failure_elsewhere,
    two_step_browser_used_up,
)
from debrief.services import organisations
from debrief.two_step import confirmed_device, needs_two_step, redirect_with_next
from debrief.views.shared import safe_next, signed_in_and

logger = logging.getLogger(__name__)


# Signed in as an adviser or a staff member (anyone else: 404).
two_step_user_required = signed_in_and(needs_two_step)


# The key the set-up page offers, kept in the session until a code from the app proves the adviser
# has it: opening the page stores nothing in the database.
SETUP_KEY_SESSION = "adviser_totp_setup_key"
# The enrolment link followed in this session (its id): without one, no first enrolment.
ENROLMENT_LINK_SESSION = "two_step_enrolment_link"


def next_url(request: HttpRequest) -> str:
    if request.user.is_adviser:
        default = reverse("debrief:adviser-caseload")
    elif request.user.is_staff:
        default = reverse("admin:index")
    else:
        default = reverse("debrief:dashboard")
    return safe_next(request, default)


def locked(device: TOTPDevice) -> TOTPDevice:
    """The device row, locked until the request's transaction ends: a parallel guess waits and
    then sees this one's throttle count, so guesses cannot slip past django-otp's throttle."""
    return TOTPDevice.objects.select_for_update().get(pk=device.pk)


class Browser(typing.NamedTuple):
    """How the code check treats this browser: an adviser's own (it had a code accepted for
    this account before) is spared the authenticator's throttle, which anyone holding the
    password can run up, and is held back only by its own limit."""

    spared: bool = False
    held_back: bool = False


ANY_BROWSER = Browser()


def this_browser(request: HttpRequest) -> Browser:
    if request.method != "POST" or not devices.two_step_trusted(request, request.user):
        return ANY_BROWSER
    used_up = two_step_browser_used_up(request)
    return Browser(spared=not used_up, held_back=used_up)


def token_form(request: HttpRequest, device: TOTPDevice, browser: Browser = ANY_BROWSER):
    form = TokenForm(request.POST or None, device=device, **browser._asdict())
    if request.method == "POST" and not form.is_valid() and form.refused:
        logger.warning(
            "two-step code refused user=%s ip=%s failures=%s",
            request.user.pk,
            get_client_ip_address(request),
            device.throttling_failure_count,
        )
        count_refused_code(request, spared=browser.spared)
    return form


def count_refused_code(request: HttpRequest, *, spared: bool) -> None:
    """A wrong code counts against the adviser's own browser, or, typed anywhere else, against
    the account: then the adviser hears that someone holding their password is trying codes."""
    if spared:
        count_two_step_browser_failure(request)
    elif count_two_step_failure_elsewhere(request) and may_email(request.user):
        send_quietly(devices.two_step_guessing_email(request, request.user))


def verified(request: HttpRequest, device: TOTPDevice) -> HttpResponse:
    devices.two_step_passed(request, request.user)
    otp_login(request, device)
    # A new session key for the more trusted session, as at sign-in.
    request.session.cycle_key()
    return redirect(next_url(request))


# New recovery codes waiting to be shown, once, on the next page (after a redirect, so that
# reloading the page never makes codes again).
RECOVERY_CODES_SESSION = "two_step_recovery_codes"


def show_recovery_codes(request: HttpRequest, codes: list[str]) -> None:
    request.session[RECOVERY_CODES_SESSION] = codes


def qr_code_data_uri(text: str) -> str:
    svg = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage).to_string()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode()


def session_enrolment_link(request: HttpRequest) -> EnrolmentLink | None:
    """The usable enrolment link this user followed in this session, if any."""
    link_id = request.session.get(ENROLMENT_LINK_SESSION)
    if link_id is None:
        return None
    return EnrolmentLink.objects.usable().filter(user=request.user, pk=link_id).first()


@require_safe
def two_factor_enrol(request: HttpRequest, token: str) -> HttpResponse:
    """The enrolment link from the email (or from staff): remembered in the session, then the
    set-up page, so the token does not stay in the address bar. Whoever is signed out signs in
    first (someone invited by a careers service chose their password on the invitation's page,
    `staff_join`)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not needs_two_step(request.user):
        raise Http404
    link = (
        EnrolmentLink.objects.usable()
        .filter(user=request.user, token_hash=EnrolmentLink.hash(token))
        .first()
    )
    if link is None:
        messages.error(
            request,
            _("That enrolment link has expired, has been used already or is for another account."),
        )
    else:
        request.session[ENROLMENT_LINK_SESSION] = link.pk
    return redirect("debrief:adviser-2fa-setup")


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache  # The page shows the authenticator's secret key.
@two_step_user_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    if confirmed_device(request.user) is not None:
        return redirect_with_next("adviser-2fa-verify", next_url(request))
    link = session_enrolment_link(request)
    if link is None:
        return render(
            request,
            "debrief/two_step_link_needed.html",
            {"lifetime_days": EnrolmentLink.LIFETIME.days},
        )
    key = request.session.setdefault(SETUP_KEY_SESSION, default_key())
    if request.method == "POST":
        # Saved unconfirmed from the first code typed, so that wrong codes are throttled.
        device, _ignored = TOTPDevice.objects.get_or_create(
            user=request.user, key=key, confirmed=False, defaults={"name": "Authenticator app"}
        )
        device = locked(device)
    else:
        device = TOTPDevice(user=request.user, name="Authenticator app", key=key)
    form = token_form(request, device)
    if form.is_valid():
        # Locked: the same link cannot enrol twice from two tabs.
        link = EnrolmentLink.objects.select_for_update().usable().filter(pk=link.pk).first()
        if link is None:
            return redirect("debrief:adviser-2fa-setup")
        link.used_at = timezone.now()
        link.save(update_fields=["used_at"])
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        del request.session[SETUP_KEY_SESSION]
        del request.session[ENROLMENT_LINK_SESSION]
        SecurityEvent.record(user=request.user, kind=SecurityEvent.Kind.ENROLLED, by=request.user)
        messages.success(request, _("Two-step sign-in is set up. You will need a code each time."))
        response = verified(request, device)
        show_recovery_codes(request, organisations.new_recovery_codes(user=request.user))
        return redirect_with_next("adviser-2fa-recovery-codes", response.url)
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "debrief/adviser_2fa_setup.html",
        {
            "form": form,
            "qr_code": qr_code_data_uri(device.config_url),
            "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
            "next": next_url(request),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@two_step_user_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    device = confirmed_device(request.user)
    if device is None:
        return redirect_with_next("adviser-2fa-setup", next_url(request))
    if request.user.is_verified():
        return redirect(next_url(request))
    recovery = StaticDevice.objects.filter(user=request.user, confirmed=True).first()
    browser = this_browser(request)
    if request.method == "POST" and "code" in request.POST and recovery is not None:
        recovery_form = RecoveryCodeForm(
            request.POST,
            device=StaticDevice.objects.select_for_update().get(pk=recovery.pk),
            **browser._asdict(),
        )
        if recovery_form.is_valid():
            SecurityEvent.record(
                user=request.user, kind=SecurityEvent.Kind.RECOVERY_CODE_USED, by=request.user
            )
            left = recovery_form.device.token_set.count()
            messages.warning(
                request,
                ngettext(
                    "You signed in with a recovery code; %(left)s left. Lost your phone? Ask "
                    "your service admin to reset your two-step sign-in.",
                    "You signed in with a recovery code; %(left)s left. Lost your phone? Ask "
                    "your service admin to reset your two-step sign-in.",
                    left,
                )
                % {"left": left},
            )
            return verified(request, recovery_form.device)
        if recovery_form.refused:
            logger.warning(
                "two-step recovery code refused user=%s ip=%s failures=%s",
                request.user.pk,
                get_client_ip_address(request),
                recovery_form.device.throttling_failure_count,
            )
            count_refused_code(request, spared=browser.spared)
        form = TokenForm(device=device)
    else:
        recovery_form = RecoveryCodeForm(device=recovery)
        if request.method == "POST":
            device = locked(device)
        form = token_form(request, device, browser)
        if form.is_valid():
            return verified(request, device)
    return render(
        request,
        "debrief/adviser_2fa_verify.html",
        {
            "form": form,
            "recovery_form": recovery_form if recovery is not None else None,
            "next": next_url(request),
        },
    )


def security_context(request: HttpRequest, form: TokenForm) -> dict:
    user = request.user
    return {
        "form": form,
        "events": SecurityEvent.objects.filter(user=user).select_related("by")[:50],
        "codes_left": sum(
            device.token_set.count()
            for device in user.staticdevice_set.filter(confirmed=True).prefetch_related("token_set")
        ),
    }


@require_safe
@two_step_user_required
def security(request: HttpRequest) -> HttpResponse:
    device = confirmed_device(request.user)
    return render(
        request,
        "debrief/adviser_security.html",
        security_context(request, TokenForm(device=device)),
    )


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache  # The codes are secrets: no copy in the browser's cache or history.
@two_step_user_required
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """GET shows new codes once (made at enrolment or by the POST before); POST makes new ones,
    only after a fresh code from the authenticator app: a session left open, or one signed in
    with a recovery code, cannot make itself new ones."""
    if request.method != "POST":
        codes = request.session.pop(RECOVERY_CODES_SESSION, None)
        if not codes:
            return redirect("debrief:adviser-2fa")
        return render(
            request,
            "debrief/adviser_recovery_codes.html",
            {"codes": codes, "next": next_url(request)},
        )
    device = confirmed_device(request.user)
    if device is None:
        return redirect("debrief:adviser-2fa-setup")
    form = token_form(request, locked(device))
    if not form.is_valid():
        return render(request, "debrief/adviser_security.html", security_context(request, form))
    show_recovery_codes(request, organisations.new_recovery_codes(user=request.user))
    messages.success(request, _("New recovery codes made. The old ones no longer work."))
    return redirect_with_next("adviser-2fa-recovery-codes", reverse("debrief:adviser-2fa"))


urlpatterns = [
    path("adviser/2fa/setup/", two_factor_setup, name="adviser-2fa-setup"),
    path("adviser/2fa/verify/", two_factor_verify, name="adviser-2fa-verify"),
    path("adviser/2fa/enrol/<str:token>/", two_factor_enrol, name="adviser-2fa-enrol"),
    path("adviser/2fa/", security, name="adviser-2fa"),
    path("adviser/2fa/recovery-codes/", recovery_codes, name="adviser-2fa-recovery-codes"),
]
