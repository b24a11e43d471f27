"""Signed-in devices: every session of the account, where and when it was last seen, and signing
any or all of them out. Sessions live where Django keeps them (the shared database or cache), so
a session ended here is ended on every replica."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import PasswordChangeView
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from debrief import devices
from debrief.forms.account import CurrentPasswordChangeForm


@require_safe
@login_required
def device_list(request: HttpRequest) -> HttpResponse:
    sessions = devices.live_sessions(request.user)
    return render(
        request,
        "debrief/settings_devices.html",
        {"sessions": sessions, "current_key": request.session.session_key},
    )


@require_POST
@login_required
def device_sign_out(request: HttpRequest, pk: int) -> HttpResponse:
    session = request.user.signed_in_sessions.filter(pk=pk).first()
    if session is None:
        raise Http404("No such session.")
    if session.session_key == request.session.session_key:
        logout(request)
        messages.success(request, _("You are signed out on this device."))
        return redirect("login")
    devices.end_sessions(request.user, only=pk)
    messages.success(request, _("%(device)s is signed out.") % {"device": session.device})
    return redirect("debrief:settings-devices")


@require_POST
@login_required
def device_sign_out_others(request: HttpRequest) -> HttpResponse:
    ended = devices.end_sessions(request.user, keep=request.session.session_key)
    messages.success(
        request,
        ngettext(
            "Signed out %(count)s other session. This device stays signed in.",
            "Signed out %(count)s other sessions. This device stays signed in.",
            ended,
        )
        % {"count": ended}
        if ended
        else _("No other device was signed in."),
    )
    return redirect("debrief:settings-devices")


@require_POST
@login_required
def device_sign_out_everywhere(request: HttpRequest) -> HttpResponse:
    devices.end_sessions(request.user, keep=request.session.session_key)
    logout(request)
    messages.success(request, _("You are signed out everywhere, this device included."))
    return redirect("login")


class PasswordChange(PasswordChangeView):
    """Django's password change, with sign-in's limits on the current password, and every
    other session signed out: whoever else held a session loses it with the old password."""

    form_class = CurrentPasswordChangeForm
    success_url = reverse_lazy("password_change_done")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    def form_valid(self, form):
        old_key = self.request.session.session_key
        response = super().form_valid(form)
        devices.session_moved(self.request, old_key)
        devices.end_sessions(self.request.user, keep=self.request.session.session_key)
        messages.success(
            self.request, _("Your password is changed. Every other device was signed out.")
        )
        return response


urlpatterns = [
    path("settings/devices/", device_list, name="settings-devices"),
    path("settings/devices/<int:pk>/sign-out/", device_sign_out, name="settings-device-sign-out"),
    path(
        "settings/devices/sign-out-others/",
        device_sign_out_others,
        name="settings-devices-sign-out-others",
    ),
    path(
        "settings/devices/sign-out-everywhere/",
        device_sign_out_everywhere,
        name="settings-devices-sign-out-everywhere",
    ),
]
