"""The self-assessment written after an interview, with the questions asked."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from debrief.models import Debrief, DebriefQuestion, Reason, StarAnswer

RATING_CHOICES = [
    (1, _("1 – Poor")),
    (2, _("2 – Fair")),
    (3, _("3 – Good")),
    (4, _("4 – Very good")),
    (5, _("5 – Excellent")),
]

# Checkbox groups that say which reasons are mine to work on; the labels are the product's words.
WITHIN_MY_CONTROL = _("Within my control")
OUTSIDE_MY_CONTROL = _("Outside my control")


def grouped_reason_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    return [
        (WITHIN_MY_CONTROL, [(r, Reason(r).label) for r in Reason.within_my_control()]),
        (OUTSIDE_MY_CONTROL, [(r, Reason(r).label) for r in Reason.outside_my_control()]),
    ]


def reasons_field(label: str, help_text: str) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        choices=grouped_reason_choices(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=help_text,
    )


class DebriefForm(forms.ModelForm):
    my_reasons = reasons_field(
        _("My reading: why it might not succeed"),
        _(
            "This is your own reading, kept apart from what the employer says, so you can "
            "compare the two later."
        ),
    )

    class Meta:
        model = Debrief
        fields = [*Debrief.RATINGS, "overall_feeling", "went_well", "do_better", "my_reasons"]
        widgets = {
            "overall_feeling": forms.RadioSelect,
            "went_well": forms.Textarea(attrs={"rows": 3}),
            "do_better": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Each rating may wait: a self-assessment saved part-way is a draft, and counts in the
        # figures once every rating is given.
        for name, label in Debrief.RATINGS.items():
            self.fields[name] = forms.TypedChoiceField(
                label=label,
                choices=RATING_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
            )
        self.fields["overall_feeling"].choices = [("", _("Not sure yet")), *Debrief.Feeling.choices]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Fieldset(
                _(
                    "How did you do? Rate yourself from 1 (poor) to 5 (excellent); leave any you "
                    "are not sure of yet"
                ),
                Div(
                    *(Div(name, css_class="col-sm-6 col-lg-4") for name in Debrief.RATINGS),
                    css_class="row",
                ),
            ),
            Fieldset(
                _("Looking back"),
                "overall_feeling",
                "went_well",
                "do_better",
                "my_reasons",
            ),
        )


class DebriefQuestionForm(forms.ModelForm):
    answer_rating = forms.TypedChoiceField(
        label=_("How well I answered"),
        choices=[("", _("Not rated")), *RATING_CHOICES],
        coerce=int,
        empty_value=None,
        required=False,
    )

    class Meta:
        model = DebriefQuestion
        fields = ["question", "answer_rating", "star_answer"]
        error_messages = {"question": {"required": _("Write the question you were asked.")}}

    def __init__(self, *args, star_choices: list[tuple[object, str]], user, **kwargs):
        super().__init__(*args, **kwargs)
        star_answer = self.fields["star_answer"]
        # Only the user's own answers can be chosen; the choices are read once for every row.
        star_answer.queryset = StarAnswer.objects.for_user(user)
        star_answer.choices = star_choices
        star_answer.error_messages["invalid_choice"] = _("Choose one of your own STAR answers.")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class BaseDebriefQuestionFormSet(forms.BaseInlineFormSet):
    def __init__(self, *args, user, **kwargs):
        self.user = user
        choices = [("", _("None"))] + [
            (star.pk, star.title) for star in StarAnswer.objects.for_user(user).only("title")
        ]
        super().__init__(*args, form_kwargs={"user": user, "star_choices": choices}, **kwargs)

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove this question")


DebriefQuestionFormSet = forms.inlineformset_factory(
    Debrief,
    DebriefQuestion,
    form=DebriefQuestionForm,
    formset=BaseDebriefQuestionFormSet,
    extra=3,
    # An interview has a handful of questions; a posted form cannot make hundreds.
    max_num=50,
    absolute_max=50,
    validate_max=True,
    can_delete=True,
    can_delete_extra=False,
)


# The one-minute debrief's buttons: pressing one of these saves the debrief, and says what next.
MAKE_IT_AN_ACTION = "make_action"


class QuickDebriefForm(forms.ModelForm):
    """The one-minute debrief right after a "no": three optional parts. The check-in is one tap:
    each feeling is a button that saves the form (with whatever was typed below it)."""

    check_in = forms.TypedChoiceField(
        label=_("How are you feeling?"),
        choices=Debrief.CheckIn.choices,
        coerce=int,
        empty_value=None,
        required=False,
    )

    class Meta:
        model = Debrief
        fields = ["check_in", "went_well", "do_better"]
        widgets = {
            "went_well": forms.Textarea(attrs={"rows": 2}),
            "do_better": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {
            "went_well": _("One thing that went well"),
            "do_better": _("One thing to do better next time"),
        }
