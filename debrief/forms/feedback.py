"""Feedback requests to an employer, and what they said."""

from collections.abc import Sequence

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Fieldset, Layout, Submit
from django import forms
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from debrief.forms.applications import DATE_INPUT, two_columns
from debrief.forms.dates import date_fields
from debrief.forms.debriefs import reasons_field
from debrief.models import DIMENSION_CHOICES, FeedbackRequest, Reason
from debrief.services.feedback import suggested_actions

CONTACT_FIELDS = ["contact_name", "contact_email", "channel"]
DATE_FIELDS = ["requested_on", "follow_up_due"]


def not_in_the_future(day):
    if day and day > timezone.localdate():
        raise forms.ValidationError(_("This date is in the future: give the day it happened."))
    return day


class FeedbackRequestForm(forms.ModelForm):
    """Asking for feedback: who to ask, when, and the message (drafted by Debrief, editable)."""

    class Meta:
        formfield_callback = date_fields
        model = FeedbackRequest
        fields = [*CONTACT_FIELDS, "status", *DATE_FIELDS, "message"]
        widgets = {
            "requested_on": DATE_INPUT,
            "follow_up_due": DATE_INPUT,
            "message": forms.Textarea(attrs={"rows": 18}),
        }
        help_texts = {
            "message": _(
                "Drafted from the application and interview. Make it yours, then send it."
            ),
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
            Fieldset(
                _("Who you are asking"), two_columns("contact_name", "contact_email"), "channel"
            ),
            Fieldset(_("When"), "status", two_columns(*DATE_FIELDS)),
            Fieldset(_("Your message"), "message"),
            Submit("save", _("Save feedback request")),
        )

    def clean_requested_on(self):
        return not_in_the_future(self.cleaned_data["requested_on"])


class FeedbackRecordForm(forms.ModelForm):
    """Who was asked and when. Their answer has a form of its own (FeedbackAnswerForm), and the
    request's state changes are buttons on its page: no field here can disagree with them."""

    class Meta:
        formfield_callback = date_fields
        model = FeedbackRequest
        fields = [*CONTACT_FIELDS, *DATE_FIELDS]
        widgets = {"requested_on": DATE_INPUT, "follow_up_due": DATE_INPUT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": True}
        self.helper.layout = Layout(
            Fieldset(_("Who you asked"), two_columns("contact_name", "contact_email"), "channel"),
            Fieldset(_("When"), two_columns(*DATE_FIELDS)),
            Submit("save", _("Save feedback request")),
        )

    def clean_requested_on(self):
        return not_in_the_future(self.cleaned_data["requested_on"])

    def clean(self):
        cleaned = super().clean()
        if self.instance.status != FeedbackRequest.Status.NOT_SENT and not cleaned.get(
            "requested_on"
        ):
            self.add_error("requested_on", _("Give the date you asked for feedback."))
        return cleaned


# What their answer was: one question instead of a status, an outcome and "clear enough".
ANSWERS = {
    "specific": (FeedbackRequest.Status.RECEIVED, FeedbackRequest.Outcome.SPECIFIC),
    "vague": (FeedbackRequest.Status.RECEIVED, FeedbackRequest.Outcome.VAGUE),
    "declined": (FeedbackRequest.Status.DECLINED, FeedbackRequest.Outcome.DECLINED),
}
ANSWER_CHOICES = [
    ("specific", _("Feedback I can act on")),
    ("vague", _("Feedback, but vague: Debrief drafts a polite request for more detail")),
    ("declined", _("They declined to give feedback")),
]


def answer_of(feedback_request: FeedbackRequest) -> str:
    for answer, (status, outcome) in ANSWERS.items():
        if feedback_request.status == status and feedback_request.outcome == outcome:
            return answer
    return ""


class FeedbackAnswerForm(forms.ModelForm):
    """Their answer, captured once: what it was, when, their words, what it points to (the
    guide's six questions and the reasons, within and outside my control), whether it helped,
    and the actions it leads to."""

    answer = forms.ChoiceField(
        label=_("What was their answer?"), choices=ANSWER_CHOICES, widget=forms.RadioSelect
    )
    dimensions = forms.MultipleChoiceField(
        label=_("How the interview went: what they pointed to"),
        choices=DIMENSION_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("The questions of your own self-assessment, in the employer's words."),
    )
    reasons = reasons_field(
        _("Reasons they gave"), _("What the employer said, not your own reading.")
    )
    create_actions = forms.MultipleChoiceField(
        label=_("Create an action item for"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "For each reason within your control, tick to add its action to your list. "
            "You can change the wording on the actions page."
        ),
    )

    class Meta:
        formfield_callback = date_fields
        model = FeedbackRequest
        fields = ["received_on", "feedback_text", "dimensions", "reasons", "useful"]
        widgets = {
            "received_on": DATE_INPUT,
            "feedback_text": forms.Textarea(attrs={"rows": 6}),
            "useful": forms.RadioSelect,
        }
        labels = {"feedback_text": _("What they said")}
        help_texts = {"feedback_text": _("Paste their email or note what they told you.")}

    def __init__(self, *args, reasons_in_their_no: Sequence[str] = (), **kwargs):
        """`reasons_in_their_no`: those the person ticked in the employer's "no" email, ticked
        here too while the answer has none of its own."""
        super().__init__(*args, **kwargs)
        self.initial.setdefault("answer", answer_of(self.instance) or None)
        if reasons_in_their_no and not self.instance.reasons:
            self.initial["reasons"] = list(reasons_in_their_no)
            self.fields["reasons"].help_text = _(
                "What the employer said, not your own reading. Already ticked: the reasons "
                "you ticked in the email that told you no."
            )
        self.fields["received_on"].required = True
        if not self.instance.received_on:
            # Most answers are recorded the day they arrive.
            self.initial["received_on"] = timezone.localdate()
        self.fields["useful"].choices = list(FeedbackRequest.Usefulness.choices)
        self.fields["useful"].required = False
        self.suggestions = suggested_actions(self.instance.interview.application)
        self.fields["create_actions"].choices = [
            (s.reason, f"{Reason(s.reason).label} → {s.text} ({s.area_label})")
            for s in self.suggestions
        ]
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": True}
        self.helper.layout = Layout(
            Fieldset(_("Their reply"), "answer", "received_on", "feedback_text"),
            Fieldset(
                _("What it points to"),
                "dimensions",
                "reasons",
                HTML(
                    format_html(
                        '<p class="form-text">{}</p>',
                        _(
                            "Reasons outside your control — another candidate, how a team is "
                            "made up, how long they expect people to stay — are the employer's "
                            "decision. It's business, not personal."
                        ),
                    )
                ),
            ),
            Fieldset(_("Was it useful?"), "useful"),
            Fieldset(_("Turn the lessons into actions"), "create_actions"),
            Submit("save", _("Save their answer")),
        )

    def clean_received_on(self):
        received_on = not_in_the_future(self.cleaned_data["received_on"])
        requested_on = self.instance.requested_on
        if received_on and requested_on and received_on < requested_on:
            raise forms.ValidationError(_("Their answer cannot come before you asked."))
        return received_on

    def clean(self):
        cleaned = super().clean()
        missing = set(cleaned.get("create_actions", [])) - set(cleaned.get("reasons", []))
        if missing:
            self.add_error(
                "create_actions",
                _("Tick the same reason under “Reasons they gave” for each action you create."),
            )
        return cleaned

    def _post_clean(self):
        # The answer decides the status and outcome before the model checks its rules.
        answer = self.cleaned_data.get("answer")
        if answer and self.cleaned_data.get("received_on"):
            self.instance.status, self.instance.outcome = ANSWERS[answer]
            if not self.instance.requested_on and self.cleaned_data.get("received_on"):
                # An answer to a request never marked sent (asked by phone, say): asked that day.
                self.instance.requested_on = self.cleaned_data["received_on"]
        super()._post_clean()


class FeedbackFilterForm(forms.Form):
    """The list's filter, from the query string: validated so bad input cannot reach the ORM."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *FeedbackRequest.Status.choices],
    )

    # Kindness: requests that ended (answered, declined, never answered) can step aside.
    hide_closed = forms.BooleanField(label=_("Hide closed requests"), required=False)

    def filter(self, queryset):
        if not self.is_valid():
            return queryset
        if self.cleaned_data["status"]:
            queryset = queryset.filter(status=self.cleaned_data["status"])
        if self.cleaned_data["hide_closed"]:
            queryset = queryset.filter(status__in=FeedbackRequest.Status.still_open())
        return queryset
