"""How long to wait for employers, and whether to be counted in Debrief's evidence."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from debrief.models import ReplySettings


class ReplySettingsForm(forms.ModelForm):
    class Meta:
        model = ReplySettings
        fields = ["interview_quiet_days", "request_quiet_working_days", "counted_in_evidence"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": True}
        self.helper.layout = Layout(
            Fieldset(
                _("When to ask “No reply — close this one?”"),
                "interview_quiet_days",
                "request_quiet_working_days",
            ),
            Fieldset(_("Evidence from Debrief's own requests"), "counted_in_evidence"),
            Submit("save", _("Save")),
        )
