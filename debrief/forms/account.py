"""Changing the name and email of an account."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, Submit
from django import forms

from debrief.forms.accounts import NormalisedEmailField
from debrief.models import TEXT_LIMITS, User, validate_display_name


class AccountDetailsForm(forms.Form):
    display_name = forms.CharField(
        label="Your name",
        max_length=TEXT_LIMITS["user"]["display_name"],
        validators=[validate_display_name],
        help_text="How Debrief and any adviser you share with address you.",
    )
    # Spelt the one way sign-in and sign-up read it (debrief.identity.normalise_email).
    email = NormalisedEmailField(
        label="Email",
        max_length=254,
        help_text="A new address changes only once you follow the link we send to it.",
    )

    def __init__(self, *args, user: User, **kwargs):
        self.user = user
        kwargs.setdefault("initial", {"display_name": user.display_name, "email": user.email})
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["display_name"].widget.attrs["autocomplete"] = "name"
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": True}
        self.helper.layout = Layout("display_name", "email", Submit("save", "Save details"))

    def clean_display_name(self) -> str:
        name = self.cleaned_data["display_name"].strip()
        if not name:
            raise forms.ValidationError("Give the name you want to be called.")
        return name

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        taken = User.objects.with_email(email).exclude(pk=self.user.pk).exists()
        if taken:
            raise forms.ValidationError("Another account uses this email address.")
        return email

    @property
    def new_email(self) -> str | None:
        email = self.cleaned_data["email"]
        return None if email == self.user.email else email
