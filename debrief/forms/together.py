"""Forms of working together: inviting job seekers, suggesting actions, replying to notes,
appointments and the next-contact date."""

import datetime

from django import forms
from django.utils import timezone

from debrief.forms.accounts import EMAIL_TAKEN, SignUpForm
from debrief.forms.applications import DATE_INPUT
from debrief.models import (
    ActionSuggestion,
    AdviserAccess,
    Appointment,
    ClientInvitation,
    NoteReply,
    User,
)
from debrief.services.invitations import ListError, Row, parse_csv, parse_lines

# An appointment or next contact further than this from today is a typo (0226 for 2026).
PLAUSIBLE = datetime.timedelta(days=2 * 366)

# The most a CSV of 1,000 people with long names takes, with room to spare.
MOST_CSV_BYTES = 1024 * 1024


class InvitationListForm(forms.Form):
    rows: list[Row]

    people = forms.CharField(
        label="Email addresses and names",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
        help_text=(
            "One person a line: their email, a comma, then their name (the name is optional), "
            "e.g. “sam@example.org, Sam Taylor”. Up to "
            f"{ClientInvitation.MAX_ROWS} people at once. Nothing is sent until you confirm."
        ),
    )
    csv_file = forms.FileField(
        label="Or a CSV file",
        required=False,
        help_text="Columns: email, name (a header row is optional). Saved from a spreadsheet as "
        "“CSV UTF-8”.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean(self):
        cleaned = super().clean()
        text, upload = cleaned.get("people", ""), cleaned.get("csv_file")
        if self.errors:
            return cleaned
        if text.strip() and upload:
            raise forms.ValidationError(
                "Paste a list or choose a file, not both: clear one of them."
            )
        try:
            if upload:
                if upload.size > MOST_CSV_BYTES:
                    raise ListError("The file is larger than 1 MB: split it into smaller lists.")
                self.rows = parse_csv(upload.read())
            else:
                self.rows = parse_lines(text)
        except ListError as error:
            self.add_error("csv_file" if upload else "people", str(error))
        return cleaned


class SuggestionForm(forms.ModelForm):
    class Meta:
        model = ActionSuggestion
        fields = ["text", "area", "due_date"]
        widgets = {"due_date": DATE_INPUT}
        labels = {"text": "Action to suggest"}
        help_texts = {
            "text": "Something your client can do, e.g. “Ask Acme for feedback on the final "
            "interview”. It joins their list only if they accept it.",
        }

    def clean_due_date(self):
        due = self.cleaned_data["due_date"]
        if due is not None and due < timezone.localdate():
            raise forms.ValidationError("Choose today or a later day.")
        return due


class AppointmentForm(forms.ModelForm):
    class Meta:
        model = Appointment
        fields = ["date", "time", "kind", "agreed"]
        widgets = {
            "date": DATE_INPUT,
            "time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "agreed": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "time": "UK time.",
            "agreed": "What you and your client agreed. Your client reads it.",
        }

    def clean_date(self):
        on = self.cleaned_data["date"]
        today = timezone.localdate()
        if not today - PLAUSIBLE <= on <= today + PLAUSIBLE:
            raise forms.ValidationError("Choose a date within two years of today.")
        return on


class NextContactForm(forms.ModelForm):
    class Meta:
        model = AdviserAccess
        fields = ["next_contact_on"]
        widgets = {"next_contact_on": DATE_INPUT}
        labels = {"next_contact_on": "Next contact date"}
        help_texts = {
            "next_contact_on": "From this day the client is shown as due for contact in your "
            "caseload. Leave it empty for none."
        }

    def clean_next_contact_on(self):
        on = self.cleaned_data["next_contact_on"]
        today = timezone.localdate()
        if on is not None and on < today:
            raise forms.ValidationError("Choose today or a later day.")
        if on is not None and on > today + PLAUSIBLE:
            raise forms.ValidationError("Choose a date within two years of today.")
        return on


class NoteReplyForm(forms.ModelForm):
    class Meta:
        model = NoteReply
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        labels = {"text": "Your reply"}


class InvitedSignUpForm(SignUpForm):
    """Sign-up from an invitation: the address is the one the invitation was sent to (following
    the link proved the person reads it), so it is shown, not typed."""

    taken_message = EMAIL_TAKEN

    class Meta(SignUpForm.Meta):
        fields = ("display_name",)

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.email = email

    def clean(self):
        cleaned = super().clean()
        if User.objects.with_email(self.instance.email).exists():
            raise forms.ValidationError(EMAIL_TAKEN)
        return cleaned
