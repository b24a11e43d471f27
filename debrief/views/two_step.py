"""Two-step sign-in beyond the first check (views/adviser.py): the first password of someone a
careers service invited, and the adviser's own sign-in security page, with recovery codes made
again after a fresh code from the app and the log of what happened to their two-step sign-in."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.forms import SetPasswordForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_safe

from debrief.forms.adviser import TokenForm
from debrief.models import EnrolmentLink, SecurityEvent
from debrief.services import organisations
from debrief.views.adviser import (
    ENROLMENT_LINK_SESSION,
    RECOVERY_CODES_SESSION,
    confirmed_device,
    invited_without_password,
    locked,
    next_url,
    redirect_with_next,
    show_recovery_codes,
    token_form,
    two_step_user_required,
)


@require_http_methods(["GET", "HEAD", "POST"])
@sensitive_post_parameters("new_password1", "new_password2")
def choose_password(request: HttpRequest) -> HttpResponse:
    """Someone invited by a careers service, arriving signed out from their invitation's link:
    they choose a password, which signs them in, then set up their authenticator app. Works only
    while the link is unused and unexpired and the account has never had a password."""
    if request.user.is_authenticated:
        return redirect("debrief:adviser-2fa-setup")
    link_id = request.session.get(ENROLMENT_LINK_SESSION)
    link = (
        EnrolmentLink.objects.usable().filter(pk=link_id).select_related("user").first()
        if link_id is not None
        else None
    )
    if link is None or not invited_without_password(link):
        return render(
            request,
            "debrief/two_step_link_needed.html",
            {"lifetime_days": EnrolmentLink.LIFETIME.days, "signed_out": True},
        )
    user = link.user
    form = SetPasswordForm(user, request.POST or None)
    if form.is_valid():
        organisations.accept(user=user, password=form.cleaned_data["new_password1"])
        # The session keeps the link: the set-up page that follows needs it.
        login(request, user, backend="debrief.auth.UserBackend")
        messages.success(request, "Password saved. Now set up your authenticator app.")
        return redirect("debrief:adviser-2fa-setup")
    return render(
        request,
        "debrief/adviser_choose_password.html",
        {"form": form, "invited": user, "membership": user.current_membership},
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
    messages.success(request, "New recovery codes made. The old ones no longer work.")
    return redirect_with_next("adviser-2fa-recovery-codes", reverse("debrief:adviser-2fa"))


urlpatterns = [
    path("adviser/2fa/", security, name="adviser-2fa"),
    path("adviser/2fa/password/", choose_password, name="adviser-2fa-password"),
    path("adviser/2fa/recovery-codes/", recovery_codes, name="adviser-2fa-recovery-codes"),
]
