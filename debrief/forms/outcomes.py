"""Recording a decision: turned down, an offer, or I withdrew."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Layout, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from debrief.forms.applications import DATE_INPUT
from debrief.forms.dates import DateField
from debrief.models import Application, FeedbackRequest, Interview
from debrief.services.outcomes import Decision, decidable_interviews, validate_decision_date

BEFORE_ANY_INTERVIEW = "none"
AND_DEBRIEF = "and_debrief"

WORDS = {
    Decision.TURNED_DOWN: {
        "title": _("I've been turned down"),
        "interview": _("Which interview was it after?"),
        "date": _("Date they told you"),
        "said": _("What they said, if anything"),
        "said_help": _(
            "Paste the email or the gist of it. It stays in your record, not shared "
            "with the employer."
        ),
        "submit": _("Record it"),
        "submit_and_debrief": _("Record it and write my debrief"),
    },
    Decision.OFFER: {
        "title": _("I got an offer"),
        "interview": _("Which interview led to the offer?"),
        "date": _("Date of the offer"),
        "said": _("What they offered, if you want to note it"),
        "said_help": _("Salary, start date, anything to weigh up."),
        "submit": _("Record the offer"),
        "submit_and_debrief": _("Record the offer and write my debrief"),
    },
    Decision.WITHDREW: {
        "title": _("I withdrew"),
        "interview": _("After which interview did you withdraw?"),
        "date": _("Date you withdrew"),
        "said": _("Why, if you want to note it"),
        "said_help": _("Useful later: what made this role not the right one."),
        "submit": _("Record it"),
        "submit_and_debrief": _("Record it and write my debrief"),
    },
}


class SecondarySubmit(Submit):
    field_classes = "btn btn-outline-primary"


def interview_label(interview: Interview) -> str:
    when = timezone.localtime(interview.scheduled_at)
    year = "" if when.year == timezone.localdate().year else f" {when.year}"
    return f"{interview.get_stage_display()}, {when:%-d %b}{year}"


class DecisionForm(forms.Form):
    interview = forms.ChoiceField(widget=forms.RadioSelect)
    decided_on = DateField(widget=DATE_INPUT)
    what_they_said = forms.CharField(
        required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(
        self, *args, application: Application, decision: Decision, interview_pk=None, **kwargs
    ):
        self.application = application
        self.decision = decision
        self.interviews = {str(i.pk): i for i in decidable_interviews(application)}
        words = WORDS[decision]
        kwargs.setdefault("initial", {})
        chosen = str(interview_pk) if str(interview_pk) in self.interviews else None
        awaiting = [
            pk for pk, i in self.interviews.items() if i.outcome == Interview.Outcome.AWAITING
        ]
        kwargs["initial"].setdefault(
            "interview",
            chosen or (awaiting or list(self.interviews) or [BEFORE_ANY_INTERVIEW])[0],
        )
        kwargs["initial"].setdefault("decided_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        before = (
            _("Before any interview") if decision != Decision.OFFER else _("Without an interview")
        )
        self.fields["interview"].choices = [
            *((pk, interview_label(i)) for pk, i in self.interviews.items()),
            (BEFORE_ANY_INTERVIEW, before),
        ]
        self.fields["interview"].label = words["interview"]
        upcoming = application.interviews.filter(scheduled_at__gt=timezone.now()).exists()
        if upcoming:
            self.fields["interview"].help_text = _(
                "Interviews still to come are not listed: a decision follows an interview."
            )
        self.fields["decided_on"].label = words["date"]
        self.fields["decided_on"].help_text = _("Today, unless it came earlier.")
        self.fields["what_they_said"].label = words["said"]
        self.fields["what_they_said"].help_text = words["said_help"]
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": True}
        buttons = [Submit("save", words["submit"])]
        # After a "no" the next page is the feedback request, then the one-minute debrief: the
        # guide's order. After an offer or a withdrawal, the debrief can follow in the same click.
        if self.interviews and decision != Decision.TURNED_DOWN:
            # The guide's first step, in the same click: the debrief while it is fresh.
            buttons = [
                Submit(AND_DEBRIEF, words["submit_and_debrief"]),
                SecondarySubmit("save", words["submit"]),
            ]
        self.helper.layout = Layout(
            "interview",
            "decided_on",
            "what_they_said",
            Div(*buttons, css_class="d-flex flex-wrap gap-2"),
        )

    @property
    def chosen_interview(self) -> Interview | None:
        return self.interviews.get(self.cleaned_data.get("interview"))

    def clean(self):
        cleaned = super().clean()
        decided_on = cleaned.get("decided_on")
        if decided_on and "interview" in cleaned:
            try:
                validate_decision_date(
                    application=self.application,
                    interview=self.chosen_interview,
                    decided_on=decided_on,
                )
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    for message in messages:
                        self.add_error(field, message)
        return cleaned


class FeedbackSendForm(forms.ModelForm):
    """The drafted feedback request, on the page that sends it: who it goes to and the words,
    editable; "I've sent it" saves them and starts the follow-up clock."""

    class Meta:
        model = FeedbackRequest
        fields = ["contact_name", "contact_email", "message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 14})}
        labels = {"message": _("The email")}
        help_texts = {
            "contact_name": _("Who interviewed you, or who told you the news."),
            "message": _(
                "Drafted from your application and interview. Make it yours, then open "
                "it in your email app or copy it."
            ),
        }
