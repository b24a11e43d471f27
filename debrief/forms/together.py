"""Forms of working together: inviting job seekers, suggesting actions, replying to notes,
appointments and the next-contact date."""

import datetime
import zoneinfo

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from debrief.forms.accounts import EMAIL_TAKEN, SignUpForm
from debrief.forms.applications import DATE_INPUT
from debrief.forms.dates import date_fields
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
        label=_("Email addresses and names"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
        help_text=format_lazy(
            _(
                "One person a line: their email, a comma, then their name (the name is "
                "optional), e.g. “sam@example.org, Sam Taylor”. Up to {rows} people at once. "
                "Nothing is sent until you confirm."
            ),
            rows=ClientInvitation.MAX_ROWS,
        ),
    )
    csv_file = forms.FileField(
        label=_("Or a CSV file"),
        required=False,
        help_text=_(
            "Columns: email, name (a header row is optional). Saved from a spreadsheet as "
            "“CSV UTF-8”."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean(self):
        cleaned = super().clean()
        text, upload = cleaned.get("people", ""), cleaned.get("csv_file")
        if self.errors:
            return cleaned
        if text.strip() and upload:
            raise forms.ValidationError(
                _("Paste a list or choose a file, not both: clear one of them.")
            )
        try:
            if upload:
                if upload.size > MOST_CSV_BYTES:
                    raise ListError(_("The file is larger than 1 MB: split it into smaller lists."))
                self.rows = parse_csv(upload.read())
            else:
                self.rows = parse_lines(text)
        except ListError as error:
            self.add_error("csv_file" if upload else "people", str(error))
        return cleaned


class SuggestionForm(forms.ModelForm):
    class Meta:
        formfield_callback = date_fields
        model = ActionSuggestion
        fields = ["text", "area", "due_date"]
        widgets = {"due_date": DATE_INPUT}
        labels = {"text": _("Action to suggest")}
        help_texts = {
            "text": _(
                "Something your client can do, e.g. “Ask Acme for feedback on the final "
                "interview”. It joins their list only if they accept it."
            ),
        }

    def clean_due_date(self):
        due = self.cleaned_data["due_date"]
        if due is not None and due < timezone.localdate():
            raise forms.ValidationError(_("Choose today or a later day."))
        return due


class AppointmentForm(forms.ModelForm):
    class Meta:
        formfield_callback = date_fields
        model = Appointment
        fields = [
            "date",
            "time",
            "length_minutes",
            "kind",
            "place",
            "address",
            "phone",
            "video_link",
            "agenda",
            "agreed",
        ]
        widgets = {
            "date": DATE_INPUT,
            "time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "place": forms.RadioSelect,
            "agenda": forms.Textarea(attrs={"rows": 3}),
            "agreed": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "time": _(
                "UK time. Needed for an appointment to come; a past meeting you record "
                "afterwards may leave it empty."
            ),
            "address": _(
                "For a meeting in person, e.g. “Careers Centre, room 2.14, Library Road”."
            ),
            "phone": _("For a phone call: the number you will call, or the client should call."),
            "video_link": _("For a video call: the https:// link to join."),
            "agenda": _(
                "What you will cover. Your client reads it in the email and the invitation."
            ),
            "agreed": _("Afterwards: what you and your client agreed. Your client reads it."),
        }

    def clean_date(self):
        on = self.cleaned_data["date"]
        today = timezone.localdate()
        if not today - PLAUSIBLE <= on <= today + PLAUSIBLE:
            raise forms.ValidationError(_("Choose a date within two years of today."))
        return on

    def clean(self):
        cleaned = super().clean()
        on, at = cleaned.get("date"), cleaned.get("time")
        if on is not None and on >= timezone.localdate() and at is None:
            self.add_error("time", _("Give a start time: your client's invitation needs one."))
        return cleaned


class GroupInvitationForm(AppointmentForm):
    """An appointment for everyone in a tag at once: the same fields but "what was agreed" (that
    is each client's own, afterwards), and always one to come, with a start."""

    class Meta(AppointmentForm.Meta):
        fields = [name for name in AppointmentForm.Meta.fields if name != "agreed"]
        help_texts = {
            **AppointmentForm.Meta.help_texts,
            "time": _("UK time."),
            "agenda": _(
                "What you will cover. Each client reads it in the email and the invitation."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time"].required = True
        self.fields["kind"].initial = Appointment.Kind.WORKSHOP

    def clean(self):
        cleaned = super().clean()
        on, at = cleaned.get("date"), cleaned.get("time")
        if on is not None and at is not None:
            starts = datetime.datetime.combine(on, at, tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))
            if starts <= timezone.now():
                self.add_error("date", _("Choose a time to come: this one has passed."))
        return cleaned


class AppointmentAnswerForm(forms.Form):
    response = forms.ChoiceField(
        label=_("Your answer"),
        widget=forms.RadioSelect,
        choices=[
            (value, label)
            for value, label in Appointment.Response.choices
            if value != Appointment.Response.NONE
        ],
    )
    note = forms.CharField(
        label=_("A time that suits you better"),
        required=False,
        max_length=Appointment._meta.get_field("response_note").max_length,
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("response") == Appointment.Response.REARRANGE and not cleaned.get("note"):
            self.add_error(
                "note", _("Say which days or times suit you, so your adviser can offer one.")
            )
        return cleaned


class NextContactForm(forms.ModelForm):
    class Meta:
        formfield_callback = date_fields
        model = AdviserAccess
        fields = ["next_contact_on"]
        widgets = {"next_contact_on": DATE_INPUT}
        labels = {"next_contact_on": _("Next contact date")}
        help_texts = {
            "next_contact_on": _(
                "From this day the client is shown as due for contact in your "
                "caseload. Leave it empty for none."
            )
        }

    def clean_next_contact_on(self):
        on = self.cleaned_data["next_contact_on"]
        today = timezone.localdate()
        if on is not None and on < today:
            raise forms.ValidationError(_("Choose today or a later day."))
        if on is not None and on > today + PLAUSIBLE:
            raise forms.ValidationError(_("Choose a date within two years of today."))
        return on


class NoteReplyForm(forms.ModelForm):
    class Meta:
        model = NoteReply
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        labels = {"text": _("Your reply")}


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
