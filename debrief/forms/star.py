"""The STAR answer bank."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout, Submit
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from debrief.models import Competency, StarAnswer

# The guide's one line for each part of a STAR answer.
STAR_GUIDANCE = {
    "situation": _("S – describe a relevant situation."),
    "task": _("T – explain a task you were asked to carry out in that situation."),
    "action": _("A – recount the actions you took to complete the task."),
    "result": _("R – explain the result."),
    "my_part": _("What part you played in that result: say “I”, not “we”."),
}

STRENGTH_CHOICES = [
    (1, _("1 – needs a lot of work")),
    (2, _("2 – needs work")),
    (3, _("3 – fair")),
    (4, _("4 – good")),
    (5, _("5 – strong")),
]


class StarAnswerForm(forms.ModelForm):
    competencies = forms.MultipleChoiceField(
        label=_("Competencies"),
        choices=Competency.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("The qualities this example shows."),
    )
    strength = forms.TypedChoiceField(
        label=_("Strength"),
        choices=STRENGTH_CHOICES,
        coerce=int,
        help_text=_("How well this example works when you say it aloud."),
    )

    class Meta:
        model = StarAnswer
        fields = [
            "title",
            "questions",
            "competencies",
            "situation",
            "task",
            "action",
            "result",
            "my_part",
            "strength",
        ]
        widgets = {
            "questions": forms.Textarea(attrs={"rows": 2}),
            **{field: forms.Textarea(attrs={"rows": 3}) for field in STAR_GUIDANCE},
        }
        help_texts = {
            "title": _("A short name you will recognise, e.g. “Rescued the quarterly report”."),
            **STAR_GUIDANCE,
        }

    def __init__(self, *args, submit_label: str = _("Save STAR answer"), **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": True}
        self.helper.layout = Layout(
            Fieldset(_("What it answers"), "title", "questions", "competencies"),
            Fieldset(_("Your answer"), "situation", "task", "action", "result", "my_part"),
            "strength",
            Submit("save", submit_label),
        )


class StarFilterForm(forms.Form):
    """The bank's filters, from the query string: validated so bad input cannot reach the ORM."""

    q = forms.CharField(label=_("Search titles and questions"), required=False, max_length=100)
    competency = forms.ChoiceField(
        label=_("Competency"),
        required=False,
        choices=[("", _("All competencies")), *Competency.choices],
    )

    def filter(self, queryset):
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data["q"]:
            queryset = queryset.filter(
                Q(title__icontains=data["q"]) | Q(questions__icontains=data["q"])
            )
        if data["competency"]:
            queryset = queryset.filter(competencies__contains=[data["competency"]])
        return queryset

    @property
    def active_competency(self) -> str:
        return self.cleaned_data.get("competency", "") if self.is_valid() else ""
