"""The work-search record's date range (a GET form: the range is in the address, so the page,
its PDF and its CSV share it)."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from debrief.forms.applications import DATE_INPUT
from debrief.forms.dates import DateField

# A work coach usually asks about the fortnight since the last appointment.
DEFAULT_DAYS = 14
MOST_DAYS = 366


class WorkSearchRangeForm(forms.Form):
    start = DateField(label=_("From"), widget=DATE_INPUT)
    end = DateField(label=_("To"), widget=DATE_INPUT)

    def __init__(self, data, *, today: datetime.date):
        self.today = today
        defaults = {
            "start": (today - datetime.timedelta(days=DEFAULT_DAYS - 1)).isoformat(),
            "end": today.isoformat(),
        }
        given = {key: data[key] for key in defaults if data.get(key)}
        super().__init__({**defaults, **given} if given else defaults)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if end < start:
                self.add_error("end", _("The end of the range cannot be before its start."))
            elif (end - start).days >= MOST_DAYS:
                self.add_error("end", _("Choose at most a year at a time."))
        return cleaned
