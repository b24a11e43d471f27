"""Forms of the settings pages: sharing with an adviser and deleting the account."""

from django import forms

from debrief.models import User


class GrantAccessForm(forms.Form):
    email = forms.EmailField(
        label="Your adviser's email",
        max_length=254,
        help_text="They can read your record until you revoke their access. They cannot change it.",
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        help_text="To make sure it is you.",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password. Your account is unchanged.")
        return password
