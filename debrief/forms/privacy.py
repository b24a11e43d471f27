"""Forms of the settings pages: sharing with an adviser and deleting the account."""

from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from debrief.models import User
from debrief.reauth import password_problem


class GrantAccessForm(forms.Form):
    email = forms.EmailField(
        label=_("Your adviser's email"),
        max_length=254,
        help_text=_(
            "They can read your record until you revoke their access. They cannot change it."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        help_text=_("To make sure it is you."),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user: User, request: HttpRequest, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.request = request

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        # Sign-in's limits (debrief.reauth): a stolen session cannot guess its way to deleting.
        problem = password_problem(self.request, self.user, password)
        if problem:
            raise forms.ValidationError(
                problem.replace("Nothing changed", "Your account is unchanged")
            )
        return password
