"""The account's own details: display name now, a new email once the new address confirms it."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.mail import EmailMessage, send_mail
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from debrief.emails import (
    EMAIL_CHANGE_SALT,
    RedirectThenSend,
    address_token,
    quoted_name,
    read_address_token,
    site_url,
)
from debrief.forms.account import AccountDetailsForm
from debrief.models import User
from debrief.ratelimits import ratelimit_user


def email_change_message(user: User, new_email: str) -> EmailMessage:
    """The link to confirm a new address; or, when the address already has an account, a note
    saying so. Either way the person asking sees the same page, so the form cannot be used to
    learn which addresses have accounts."""
    if User.objects.with_email(new_email).exclude(pk=user.pk).exists():
        body = _(
            "Someone signed in to another Debrief account asked to move it to this address:\n\n"
            "%(account)s\n\n"
            "This address already has a Debrief account, so nothing will change. If you have "
            "forgotten your password, reset it here:\n\n"
            "%(link)s\n\nDebrief\n"
        ) % {"account": quoted_name(user), "link": site_url(reverse("password_reset"))}
    else:
        link = site_url(
            reverse(
                "debrief:settings-email-confirm",
                args=[address_token(user, new_email, salt=EMAIL_CHANGE_SALT)],
            )
        )
        # The name is quoted data after Debrief's own words (debrief.emails), never a greeting.
        body = _(
            "A change of email to this address was asked for on this Debrief account:\n\n"
            "%(account)s\n\n"
            "Follow this link within three days to confirm it:\n\n%(link)s\n\n"
            "If you did not ask for this, ignore this email: nothing changes.\n\nDebrief\n"
        ) % {"account": quoted_name(user), "link": link}
    return EmailMessage(
        _("Confirm your new email address for Debrief"),
        body,
        settings.DEFAULT_FROM_EMAIL,
        [new_email],
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@ratelimit_user("account-details")
def account_details(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = AccountDetailsForm(request.POST or None, user=user, request=request)
    if form.is_valid():
        user.display_name = form.cleaned_data["display_name"]
        user.save(update_fields=["display_name"])
        if not form.new_email:
            messages.success(request, _("Details saved."))
            return redirect("debrief:settings-account")
        messages.success(
            request,
            _("Details saved. We sent a link to %(email)s: your email changes when you follow it.")
            % {"email": form.new_email},
        )
        return RedirectThenSend(
            reverse("debrief:settings-account"), [email_change_message(user, form.new_email)]
        )
    return render(request, "debrief/settings_account.html", {"form": form})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def email_confirm(request: HttpRequest, token: str) -> HttpResponse:
    user = request.user
    change = read_address_token(token, salt=EMAIL_CHANGE_SALT)
    if change is None or change[0].pk != user.pk:
        raise Http404("This link is not valid for your account, or it has expired.")
    new_email = change[1]
    if request.method == "POST":
        if User.objects.with_email(new_email).exclude(pk=user.pk).exists():
            messages.error(request, _("Another account now uses that address: nothing changed."))
            return redirect("debrief:settings-account")
        old_email = user.email
        user.email = new_email
        user.email_confirmed_at = timezone.now()
        user.save(update_fields=["email", "email_confirmed_at"])
        send_mail(
            _("Your Debrief email address changed"),
            _(
                "The email of this Debrief account changed. The account is now:\n\n"
                "%(account)s\n\n"
                "If you did not make this change, reset your password and contact us.\n\n"
                "Debrief\n"
            )
            % {"account": quoted_name(user)},
            settings.DEFAULT_FROM_EMAIL,
            [old_email],
        )
        messages.success(
            request,
            _("Your email is now %(email)s. Sign in with it from now on.") % {"email": new_email},
        )
        return redirect("debrief:settings-account")
    return render(request, "debrief/settings_email_confirm.html", {"new_email": new_email})


urlpatterns = [
    path("settings/account/", account_details, name="settings-account"),
    path("settings/account/email/<str:token>/", email_confirm, name="settings-email-confirm"),
]
