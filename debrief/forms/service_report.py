"""The outcome report's range: from one month to another, as the browser's month picker sends
them (YYYY-MM)."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from debrief.services.service_report import months_between

MONTH_FORMAT = "%Y-%m"
EARLIEST = datetime.date(2000, 1, 1)
MOST_MONTHS = 36
DEFAULT_MONTHS = 12


def month_text(month: datetime.date) -> str:
    return month.strftime(MONTH_FORMAT)


class MonthField(forms.Field):
    widget = forms.TextInput(attrs={"type": "month", "maxlength": 7})

    def __init__(self, **kwargs):
        super().__init__(help_text=_("Year and month, e.g. 2026-03."), **kwargs)

    def to_python(self, value) -> datetime.date | None:
        value = (value or "").strip()
        if not value:
            return None
        try:
            return datetime.datetime.strptime(value, MONTH_FORMAT).date()
        except ValueError:
            raise forms.ValidationError(
                _("Give a year and a month, such as 2026-03."), code="invalid"
            ) from None


class ReportRangeForm(forms.Form):
    first_month = MonthField(label=_("From month"))
    last_month = MonthField(label=_("To month"))

    def __init__(self, data, *, today: datetime.date):
        self.this_month = today.replace(day=1)
        months_back = self.this_month.year * 12 + (self.this_month.month - 1) - (DEFAULT_MONTHS - 1)
        first = datetime.date(months_back // 12, months_back % 12 + 1, 1)
        defaults = {"first_month": month_text(first), "last_month": month_text(self.this_month)}
        # No range given: the last twelve months, shown as if chosen.
        given = {key: data[key] for key in defaults if data.get(key)}
        super().__init__({**defaults, **given} if given else defaults)

    def clean_first_month(self):
        return self.within_bounds(self.cleaned_data["first_month"])

    def clean_last_month(self):
        return self.within_bounds(self.cleaned_data["last_month"])

    def within_bounds(self, month: datetime.date) -> datetime.date:
        if month > self.this_month:
            raise forms.ValidationError(_("Choose this month or one before it."), code="future")
        if month < EARLIEST:
            raise forms.ValidationError(_("Choose a month from 2000 on."), code="too_early")
        return month

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("first_month"), cleaned.get("last_month")
        if first and last:
            if last < first:
                self.add_error("last_month", _("The last month cannot be before the first month."))
            elif len(months_between(first, last)) > MOST_MONTHS:
                self.add_error(
                    "last_month",
                    _("Choose at most %(months)s months (three years) at a time.")
                    % {"months": MOST_MONTHS},
                )
        return cleaned
