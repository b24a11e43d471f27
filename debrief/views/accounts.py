"""Signing up, signing in, resetting a password and confirming an email address.

Sign-in and password reset are Debrief's own views (Django's templates and token checks) so that
they can apply the rate limits, the session lengths and the "same answer, same time" rule.
"""

import axes.utils
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.hashers import make_password
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_ratelimit.exceptions import Ratelimited

from debrief import devices
from debrief.emails import (
    RedirectThenSend,
    already_have_an_account_email,
    compose,
    confirmation_email,
    may_email,
    quoted_name,
    site_url,
    user_for_confirmation,
)
from debrief.forms.accounts import (
    PasswordResetRequestForm,
    SignInForm,
    SignUpForm,
    email_passed_on,
    with_email,
)
from debrief.i18n import language_of
from debrief.identity import normalise_email
from debrief.middleware import start_session
from debrief.models import User
from debrief.ratelimits import (
    check_device_failures,
    check_sign_in_failures,
    count_device_failure,
    count_sign_in_failure,
    limit_posts,
    ratelimit_user,
)
from debrief.services import invitations
from debrief.views.shared import safe_next
from debrief.visitor_pages import remembered_for_visitors


@sensitive_post_parameters("password1", "password2")
@remembered_for_visitors
@require_http_methods(["GET", "HEAD", "POST"])
@limit_posts("signup", per_email=True)
def signup(request: HttpRequest) -> HttpResponse:
    """The same answer, status and work whether or not the address has an account: the address
    hears which (a confirmation link, or "you already have an account — reset your password"),
    the person typing does not. The new account is signed in from the confirmation link."""
    if request.user.is_authenticated:
        return redirect("debrief:dashboard")
    form = SignUpForm(request.POST or None)
    if form.is_valid():
        email = form.cleaned_data["email"]
        existing = User.objects.with_email(email).first()
        if existing is None:
            try:
                # Two sign-ups with one address at once: the second finds the first's row.
                with transaction.atomic():
                    user = form.save()
            except IntegrityError:
                existing = User.objects.with_email(email).first()
                if existing is None:
                    raise
            else:
                message = confirmation_email(request, user)
        if existing is not None:
            # Hash the typed password all the same, so both answers take as long.
            make_password(form.cleaned_data["password1"])
            message = already_have_an_account_email(existing)
        return RedirectThenSend(reverse("signup-done"), [message])
    return render(request, "registration/signup.html", {"form": form})


@require_safe
def signup_done(request: HttpRequest) -> HttpResponse:
    return render(request, "registration/signup_done.html")


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
@remembered_for_visitors
@require_http_methods(["GET", "HEAD", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    next_url = safe_next(request, reverse(settings.LOGIN_REDIRECT_URL))
    if request.user.is_authenticated:
        return redirect(next_url)
    # A browser known to the account it names is held to its own limit; any other attempt to
    # the address's (and django-axes' per-account lockout, AXES_WHITELIST_CALLABLE).
    known = request.method == "POST" and devices.known_for_credentials(request)
    if known and check_device_failures(request):
        raise Ratelimited
    if request.method == "POST" and not known:
        check_sign_in_failures(request)
    form = SignInForm(
        request, data=request.POST or None, initial={"username": email_passed_on(request)}
    )
    if form.is_valid():
        user = form.get_user()
        login(request, user)
        start_session(request, user, keep_signed_in=form.cleaned_data["keep_signed_in"])
        response = RedirectThenSend(next_url, [])
        if devices.remember(request, response, user) and may_email(user):
            # A browser this account has not seen: the owner hears of it (once the address is
            # confirmed: until then it receives nothing but its confirmation and resets).
            response.outgoing.append(devices.new_device_email(request, user))
        return response
    if known:
        count_device_failure(request)
    elif request.method == "POST":
        count_sign_in_failure(request)
    # `next` goes back into the form only if it is safe; the default is left out.
    shown_next = safe_next(request, "")
    # After a refused password, "Forgotten your password?" carries the address just typed.
    typed = form.cleaned_data.get("username", "") if form.is_bound else ""
    return render(
        request,
        "registration/login.html",
        {
            "form": form,
            "next": shown_next,
            "reset_url": with_email(reverse("password_reset"), typed),
        },
    )


class SignOutView(auth_views.LogoutView):
    """Django's sign-out, with `next` held to a path on this site like every other redirect."""

    def get_redirect_url(self) -> str:
        return safe_next(self.request, "")


# --- Password reset -----------------------------------------------------------------------------

# An address with no account still gets an email composed (and dropped), so both answers cost
# the same work; the real one is sent after the response (RedirectThenSend).
NOBODY = User(email="nobody@invalid", display_name="")


def password_reset_email(request: HttpRequest, user: User) -> EmailMessage:
    uid = urlsafe_base64_encode(force_bytes(user.pk or 0))
    token = default_token_generator.make_token(user)
    link = site_url(reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token}))
    return compose(
        to=user.email,
        subject=gettext_lazy("Reset your Debrief password"),  # in `language`
        template="registration/password_reset_email.html",
        context={"account": quoted_name(user), "link": link},
        language=language_of(user) if user.pk else None,
    )


def account_for_reset(email: str) -> User | None:
    user = User.objects.with_email(email).filter(is_active=True).first()
    return user if user is not None and user.has_usable_password() else None


@require_http_methods(["GET", "HEAD", "POST"])
@limit_posts("password-reset", per_email=True)
def password_reset(request: HttpRequest) -> HttpResponse:
    """The same page, status and time whether or not the address has an account. An address not
    yet confirmed gets the email too: only its owner can use the link, which also confirms it."""
    form = PasswordResetRequestForm(
        request.POST or None, initial={"email": email_passed_on(request)}
    )
    if form.is_valid():
        user = account_for_reset(form.cleaned_data["email"])
        message = password_reset_email(request, user or NOBODY)
        return RedirectThenSend(reverse("password_reset_done"), [message] if user else [])
    return render(request, "registration/password_reset_form.html", {"form": form})


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's link check and form; a new password also confirms the address the link was
    sent to, lifts a sign-in lockout (which the lockout page points to) and signs out every
    session of the account."""

    def form_valid(self, form):
        response = super().form_valid(form)
        form.user.confirm_email()
        invitations.attach_waiting(form.user)
        axes.utils.reset(username=normalise_email(form.user.email))
        # Whoever held a session with the old password loses it, and it leaves the list.
        devices.end_sessions(form.user)
        return response


# --- Confirming the email address ---------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def confirm_email(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button and POST confirms: mail scanners open links, and a scanner must not
    confirm an address for someone who used it without its owner's knowledge."""
    user = user_for_confirmation(token)
    if user is None:
        return render(request, "registration/confirm_email.html", {"invalid": True}, status=400)
    if request.method == "POST":
        first_time = not user.has_confirmed_email
        user.confirm_email()
        if invitations.attach_waiting(user):
            messages.info(
                request,
                _(
                    "A careers adviser invited this address: their request is waiting in your "
                    "sharing settings. Nothing is shared until you accept it."
                ),
            )
        messages.success(request, _("Thank you: %(email)s is confirmed.") % {"email": user.email})
        if first_time and not request.user.is_authenticated and user.is_active:
            # The end of signing up: the link reached its owner, who is signed in once (a link
            # already used signs nobody in).
            login(request, user, backend="debrief.auth.UserBackend")
            messages.success(
                request, _("Welcome to Debrief, %(name)s.") % {"name": user.display_name}
            )
        if request.user.is_authenticated:
            return redirect("debrief:dashboard")
        # Signed in by hand (a link used twice): the address the link was sent to is filled in.
        return redirect(with_email(reverse("login"), user.email))
    return render(request, "registration/confirm_email.html", {"account": user})


@login_required
@require_POST
@ratelimit_user("confirm-email")
def resend_confirmation(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.has_confirmed_email:
        messages.info(request, _("Your email address is already confirmed."))
        return redirect(safe_next(request, reverse("debrief:dashboard")))
    messages.success(
        request, _("We have sent a new confirmation link to %(email)s.") % {"email": user.email}
    )
    return RedirectThenSend(
        safe_next(request, reverse("debrief:dashboard")), [confirmation_email(request, user)]
    )
