"""Forms for rejections that arrive as email: a pasted email, and the reasons it suggests."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from debrief.inbound.mail import clean_text
from debrief.inbound.reading import ReasonFound
from debrief.models import TEXT_LIMITS

PASTE_LIMIT = TEXT_LIMITS["inboundmessage"]["body"]


class PastedText(forms.CharField):
    """Text pasted from a mail program: NUL (which PostgreSQL cannot store) and other control
    characters come along with it by accident, and are dropped rather than refused."""

    def to_python(self, value):
        return clean_text(super().to_python(value))


class PasteForm(forms.Form):
    text = PastedText(
        label=_("The email"),
        max_length=PASTE_LIMIT,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "Paste the whole email, with its From, Date and Subject lines if you have "
            "them. Debrief finds the job, the date and the reasons it gives; you check everything "
            "before anything is recorded."
        ),
        error_messages={"required": _("Paste the email you received.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": True}
        self.helper.layout = Layout("text", Submit("read", _("Read the email")))


class PastedForm(forms.Form):
    """What static/js/inbound.js sends to read: the text and the application of the page."""

    text = PastedText(max_length=PASTE_LIMIT)
    application = forms.IntegerField(min_value=1)


# The name the reasons' boxes are posted under (SuggestedReasonsForm's prefix and field).
REASONS_FIELD = "inbound-reasons"


class SuggestedReasonsForm(forms.Form):
    """The reasons an email suggests, none ticked: the person ticks the ones that are right.

    Its boxes belong to the "They said no" form by the HTML `form` attribute, so one button
    records the decision and the reasons together."""

    reasons = forms.MultipleChoiceField(
        label=_("Reasons the email gives"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, found: tuple[ReasonFound, ...], form_id: str, **kwargs):
        super().__init__(*args, prefix="inbound", **kwargs)
        field = self.fields["reasons"]
        field.choices = [(item.reason.value, item.label) for item in found]
        field.widget.attrs.update({"form": form_id, "class": "form-check-input"})
        self.phrases = {item.reason.value: item.phrase for item in found}

    def boxes(self) -> list[tuple]:
        """Each box with the words of the email that suggested it."""
        return [(box, self.phrases[box.data["value"]]) for box in self["reasons"]]

    def chosen(self) -> list[str]:
        return self.cleaned_data["reasons"] if self.is_valid() else []
