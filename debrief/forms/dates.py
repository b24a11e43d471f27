"""The one date field of every form: a date typed the UK way (27/3/2026, 27 3 2026) or the ISO
way (2026-03-27, what a browser's date picker sends), and an error that shows the expected form."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DateField(forms.DateField):
    # Day first, as people in the UK write it; a space in a format matches any run of spaces.
    input_formats = ["%Y-%m-%d", "%d/%m/%Y", "%d %m %Y", "%d-%m-%Y", "%d.%m.%Y"]
    widget = DATE_INPUT
    default_error_messages = {"invalid": _("Enter a real date, for example 27 3 2026.")}

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip()
        return super().to_python(value)


def date_fields(model_field: models.Field, **kwargs) -> forms.Field | None:
    """A ModelForm's `Meta.formfield_callback`: its model's date fields become DateField."""
    if isinstance(model_field, models.DateField) and not isinstance(
        model_field, models.DateTimeField
    ):
        kwargs["form_class"] = DateField
    return model_field.formfield(**kwargs)
