"""Changing the name, email and password of an account: the email and the password only with
the current password (debrief.reauth), so that a stolen session is not enough to take it."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, Submit
from django import forms
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from debrief.forms.accounts import NormalisedEmailField
from debrief.models import TEXT_LIMITS, User, validate_display_name
from debrief.reauth import password_problem


def current_password_field(help_text: str) -> forms.CharField:
    return forms.CharField(
        label=_("Your current password"),
        strip=False,
        required=False,
        help_text=help_text,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class CurrentPasswordChangeForm(PasswordChangeForm):
    """Django's form, with the current password checked under sign-in's limits."""

    def __init__(self, *args, request: HttpRequest, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)

    def clean_old_password(self) -> str:
        password = self.cleaned_data["old_password"]
        problem = password_problem(self.request, self.user, password)
        if problem:
            raise forms.ValidationError(problem, code="password_incorrect")
        return password


class AccountDetailsForm(forms.Form):
    display_name = forms.CharField(
        label=_("Your name"),
        max_length=TEXT_LIMITS["user"]["display_name"],
        validators=[validate_display_name],
        help_text=_("How Debrief and any adviser you share with address you."),
    )
    # Spelt the one way sign-in and sign-up read it (debrief.identity.normalise_email).
    email = NormalisedEmailField(
        label=_("Email"),
        max_length=254,
        help_text=_("A new address changes only once you follow the link we send to it."),
    )

    current_password = current_password_field(_("Needed only to change your email address."))

    def __init__(self, *args, user: User, request: HttpRequest, **kwargs):
        self.user = user
        self.request = request
        kwargs.setdefault("initial", {"display_name": user.display_name, "email": user.email})
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["display_name"].widget.attrs["autocomplete"] = "name"
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": True}
        self.helper.layout = Layout(
            "display_name", "email", "current_password", Submit("save", _("Save details"))
        )

    def clean_display_name(self) -> str:
        name = self.cleaned_data["display_name"].strip()
        if not name:
            raise forms.ValidationError(_("Give the name you want to be called."))
        return name

    def clean(self):
        cleaned = super().clean()
        if self.new_email:
            password = cleaned.get("current_password", "")
            problem = (
                password_problem(self.request, self.user, password)
                if password
                else _("Give your current password to change your email address.")
            )
            if problem:
                self.add_error("current_password", problem)
        return cleaned

    @property
    def new_email(self) -> str | None:
        """The address asked for, if it is another one. Whether it has an account is not
        said here (the link sent to it says so): this form must not tell a stranger who is
        signed in to someone's account which addresses have accounts."""
        email = self.cleaned_data.get("email")
        return None if not email or email == self.user.email else email
