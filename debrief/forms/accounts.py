"""Forms. Field rules live in `clean_<field>`; model rules in the models' `clean()`."""

from urllib.parse import urlencode

from django import forms
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from debrief.identity import normalise_email
from debrief.models import User

EMAIL_TAKEN = _("An account with this email already exists. Sign in, or reset your password.")


class NormalisedEmailField(forms.EmailField):
    """An address spelt the one way sign-in, sign-up and the throttle read it: full-width and
    other compatibility forms folded and lower case before it is validated."""

    def to_python(self, value):
        return normalise_email(super().to_python(value))


def with_email(url: str, email: str) -> str:
    """`url` carrying an address the person already typed or was written to, so the next form of
    the same process (sign in, reset the password) starts with it filled in (WCAG 2.2 3.3.7)."""
    return f"{url}?{urlencode({'email': email})}" if email else url


def email_passed_on(request) -> str:
    """The ?email= a previous step passed on (`with_email`), if it reads as an address."""
    try:
        return NormalisedEmailField(required=False).clean(request.GET.get("email", "")[:254])
    except ValidationError:
        return ""


class SignUpForm(UserCreationForm):
    class Meta:
        model = User
        fields = ("email", "display_name")
        field_classes = {"email": NormalisedEmailField}
        labels = {"display_name": _("Your name")}
        widgets = {"email": forms.EmailInput(attrs={"autocomplete": "username"})}
        help_texts = {"display_name": _("How Debrief and any adviser you invite will address you.")}

    def validate_unique(self):
        # Whether the address has an account is not the form's to say (debrief.views.accounts.
        # signup answers both alike); the view looks.
        pass


class SignInForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("That email and password do not match an account. Check both."),
    }
    username = NormalisedEmailField(
        # "username": what password managers look for beside a password (WCAG 3.3.8).
        label=_("Email"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    keep_signed_in = forms.BooleanField(
        label=_("Keep me signed in"),
        required=False,
        initial=True,
        help_text=_(
            "For 14 days on this device. Untick on a shared computer: you are then signed "
            "out when the browser closes or after 2 hours without activity."
        ),
    )


class PasswordResetRequestForm(forms.Form):
    email = NormalisedEmailField(
        label=_("Email"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
