"""Feedback requests to an employer, and what they said."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Fieldset, Layout, Submit
from django import forms
from django.utils import timezone

from debrief.forms.applications import DATE_INPUT, two_columns
from debrief.forms.debriefs import reasons_field
from debrief.models import FeedbackRequest, Reason
from debrief.services.feedback import suggested_actions

CONTACT_FIELDS = ["contact_name", "contact_email", "channel"]
DATE_FIELDS = ["requested_on", "follow_up_due"]
# Values as the widget renders True, False and None.
CLEAR_ENOUGH_CHOICES = [
    ("", "Not decided yet"),
    ("True", "Yes, I can act on it"),
    ("False", "No, it was vague: ask for more detail"),
]


def not_in_the_future(day):
    if day and day > timezone.localdate():
        raise forms.ValidationError("This date is in the future: give the day it happened.")
    return day


class FeedbackRequestForm(forms.ModelForm):
    """Asking for feedback: who to ask, when, and the message (drafted by Debrief, editable)."""

    class Meta:
        model = FeedbackRequest
        fields = [*CONTACT_FIELDS, "status", *DATE_FIELDS, "message"]
        widgets = {
            "requested_on": DATE_INPUT,
            "follow_up_due": DATE_INPUT,
            "message": forms.Textarea(attrs={"rows": 18}),
        }
        help_texts = {
            "message": "Drafted from the application and interview. Make it yours, then send it.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A new request is either still to send or sent; answers are recorded on the edit page.
        self.fields["status"].choices = [
            (value, label)
            for value, label in FeedbackRequest.Status.choices
            if value in (FeedbackRequest.Status.NOT_SENT, FeedbackRequest.Status.REQUESTED)
        ]
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": True}
        self.helper.layout = Layout(
            Fieldset("Who you are asking", two_columns("contact_name", "contact_email"), "channel"),
            Fieldset("When", "status", two_columns(*DATE_FIELDS)),
            Fieldset("Your message", "message"),
            Submit("save", "Save feedback request"),
        )

    def clean_requested_on(self):
        return not_in_the_future(self.cleaned_data["requested_on"])


class FeedbackRecordForm(forms.ModelForm):
    """Everything about a request, including what the employer said and the lessons to act on."""

    reasons = reasons_field(
        "Reasons they gave",
        "What the employer said, not your own reading.",
    )
    create_actions = forms.MultipleChoiceField(
        label="Create an action item for",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="For each reason within your control, tick to add its action to your list. "
        "You can change the wording on the actions page.",
    )

    class Meta:
        model = FeedbackRequest
        fields = [
            *CONTACT_FIELDS,
            "status",
            *DATE_FIELDS,
            "received_on",
            "outcome",
            "feedback_text",
            "clear_enough",
            "reasons",
        ]
        widgets = {
            "requested_on": DATE_INPUT,
            "follow_up_due": DATE_INPUT,
            "received_on": DATE_INPUT,
            "feedback_text": forms.Textarea(attrs={"rows": 5}),
        }
        labels = {"outcome": "Outcome of the request"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        application = self.instance.interview.application
        self.suggestions = suggested_actions(application)
        self.fields["create_actions"].choices = [
            (s.reason, f"{Reason(s.reason).label} → {s.text} ({s.area_label})")
            for s in self.suggestions
        ]
        self.fields["outcome"].choices = [("", "Not known yet"), *FeedbackRequest.Outcome.choices]
        self.fields["clear_enough"] = forms.NullBooleanField(
            label=self.fields["clear_enough"].label,
            help_text=self.fields["clear_enough"].help_text,
            required=False,
            widget=forms.RadioSelect(choices=CLEAR_ENOUGH_CHOICES),
        )
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": True}
        self.helper.layout = Layout(
            Fieldset("Who you asked", two_columns("contact_name", "contact_email"), "channel"),
            Fieldset("Where it stands", "status", two_columns(*DATE_FIELDS), "received_on"),
            Fieldset(
                "What they said",
                "outcome",
                "feedback_text",
                "clear_enough",
                "reasons",
                HTML(
                    '<p class="form-text">Reasons outside your control — another candidate, '
                    "how a team is made up, how long they expect people to stay — are the "
                    "employer's decision. It's business, not personal.</p>"
                ),
            ),
            Fieldset("Turn the lessons into actions", "create_actions"),
            Submit("save", "Save feedback request"),
        )

    def clean_received_on(self):
        return not_in_the_future(self.cleaned_data["received_on"])

    def clean_requested_on(self):
        return not_in_the_future(self.cleaned_data["requested_on"])

    def clean(self):
        cleaned = super().clean()
        missing = set(cleaned.get("create_actions", [])) - set(cleaned.get("reasons", []))
        if missing:
            self.add_error(
                "create_actions",
                "Tick the same reason under “Reasons they gave” for each action you create.",
            )
        return cleaned


class FeedbackFilterForm(forms.Form):
    """The list's filter, from the query string: validated so bad input cannot reach the ORM."""

    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any status"), *FeedbackRequest.Status.choices],
    )

    # Kindness: requests that ended (answered, declined, never answered) can step aside.
    hide_closed = forms.BooleanField(label="Hide closed requests", required=False)

    def filter(self, queryset):
        if not self.is_valid():
            return queryset
        if self.cleaned_data["status"]:
            queryset = queryset.filter(status=self.cleaned_data["status"])
        if self.cleaned_data["hide_closed"]:
            queryset = queryset.filter(status__in=FeedbackRequest.Status.still_open())
        return queryset
