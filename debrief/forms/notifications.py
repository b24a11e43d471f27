"""The reminders a user wants, and when."""

import zoneinfo
from functools import cache

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from debrief.models import NotificationSettings, User, Weekday

JOB_SEEKER_SWITCHES = [
    "follow_up_due",
    "feedback_not_sent",
    "self_assessment",
    "interview_tomorrow",
    "debrief_not_written",
    "no_news",
]


@cache
def time_zone_choices() -> list[tuple[str, str]]:
    names = sorted(
        name
        for name in zoneinfo.available_timezones()
        if "/" in name and not name.startswith(("Etc/", "SystemV/", "US/"))
    )
    return [(name, name.replace("_", " ")) for name in [*names, "UTC"]]


class NotificationSettingsForm(forms.ModelForm):
    digest_day = forms.TypedChoiceField(
        label=_("Weekly digest"),
        choices=[("", _("Off: no weekly digest")), *Weekday.choices],
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("Sent at 8:00 in the morning: the week ahead, what is due, what went forward."),
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=time_zone_choices,
        help_text=_("Reminders arrive at 8:00 (the evening before an interview: 18:00) your time."),
    )

    class Meta:
        model = NotificationSettings
        fields = [
            *JOB_SEEKER_SWITCHES,
            "adviser",
            "appointment_tomorrow",
            "digest_day",
            "time_zone",
        ]
        help_texts = {
            "follow_up_due": _("On the day a feedback request's follow-up falls due."),
            "feedback_not_sent": _("Two days after a feedback request was drafted and not sent."),
            "self_assessment": _(
                "The morning after an employer's feedback arrives, if your "
                "self-assessment of that interview is not complete."
            ),
            "interview_tomorrow": _("At 18:00 the evening before, with its preparation sheet."),
            "debrief_not_written": _("The day after an interview you have not debriefed."),
            "no_news": _("When an application has had no news for 30 days."),
            "adviser": _(
                "When an adviser asks for access or leaves a note, or a client shares their record."
            ),
            "appointment_tomorrow": _(
                "At 8:00 the day before an appointment with your adviser "
                "(or, for an adviser, with a client)."
            ),
        }

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        reminders = [*JOB_SEEKER_SWITCHES, "digest_day"]
        if user.is_adviser:
            for name in reminders:
                del self.fields[name]
            reminders = []
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": True}
        self.helper.layout = Layout(
            *([Fieldset(_("Reminders about your job search"), *reminders)] if reminders else []),
            Fieldset(_("Advisers"), "adviser", "appointment_tomorrow"),
            Fieldset(_("When"), "time_zone"),
            Submit("save", _("Save reminder settings")),
        )
