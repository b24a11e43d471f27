"""A contact at an employer, linked to the person's own applications and interviews."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from debrief.forms.applications import two_columns
from debrief.models import Application, Contact, Interview


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = [
            "name",
            "role",
            "employer",
            "email",
            "phone",
            "notes",
            "applications",
            "interviews",
        ]
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 3}),
            "applications": forms.CheckboxSelectMultiple,
            "interviews": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "applications": _("The applications this person was part of."),
            "interviews": _(
                "The interviews this person was at or arranged. Debrief asks an "
                "interviewer of the interview for feedback first."
            ),
        }

    def __init__(self, *args, owner, submit_label: str = _("Save contact"), **kwargs):
        super().__init__(*args, **kwargs)
        # Only the person's own records can be linked: another person's id is "not a choice".
        self.fields["applications"].queryset = Application.objects.for_user(owner)
        self.fields["interviews"].queryset = Interview.objects.for_user(owner).select_related(
            "application"
        )
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": True}
        self.helper.layout = Layout(
            Fieldset(
                _("The person"),
                two_columns("name", "role"),
                "employer",
                two_columns("email", "phone"),
                "notes",
            ),
            Fieldset(_("Linked to"), "applications", "interviews"),
            Submit("save", submit_label),
        )
