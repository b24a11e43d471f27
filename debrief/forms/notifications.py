"""The reminders a user wants, and when."""

import zoneinfo
from collections.abc import Iterable
from functools import cache
from importlib import resources
from pathlib import Path

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout, Submit
from django import forms
from django.conf import settings
from django.utils.html import format_html, format_html_join
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
def zones_by_country() -> dict[str, tuple[str, ...]]:
    """Each country's current zones, by ISO 3166 code (tzdata's zone.tab: "GB" → Europe/London,
    "US" → America/New_York … Pacific/Honolulu, in the table's order: east to west, north to
    south)."""
    tables = [Path(directory) / "zone.tab" for directory in zoneinfo.TZPATH]
    table = next((path.read_text() for path in tables if path.exists()), None)
    if table is None:
        table = resources.files("tzdata.zoneinfo").joinpath("zone.tab").read_text()
    countries: dict[str, list[str]] = {}
    for line in table.splitlines():
        if not line.startswith("#"):
            country, _coordinates, zone, *_comment = line.split("\t")
            countries.setdefault(country, []).append(zone)
    return {country: tuple(zones) for country, zones in countries.items()}


@cache
def current_time_zones() -> tuple[str, ...]:
    """IANA's current names (tzdata's zone.tab: each country's zones) and UTC, without the old
    names kept only as links (US/Pacific, Asia/Calcutta, Europe/Belfast)."""
    names = {zone for zones in zones_by_country().values() for zone in zones}
    return (*sorted(names), "UTC")


def zones_for_languages(languages: Iterable[str]) -> tuple[str, ...]:
    """The zones of the countries named in language tags, in the order of the tags: "en-US" → the
    US zones, "cy-GB" → Europe/London, "fr-CA" → Canada's. A tag without a region ("cy", "en"),
    or with one that is not a country ("es-419", "en-ZZ"), names none."""
    found: dict[str, None] = {}
    for language in languages:
        # BCP 47: language[-script][-region]…; the region is two letters (three digits is an area).
        for subtag in language.replace("_", "-").split("-")[1:3]:
            if len(subtag) == 2 and subtag.isalpha():
                found.update(dict.fromkeys(zones_by_country().get(subtag.upper(), ())))
                break
    return tuple(found)


class TimeZoneInput(forms.TextInput):
    """A text box with the zones as a <datalist>: the browser offers the names that match what is
    typed, without JavaScript. The likely zones come first: the saved one, those of the person's
    country, the site's; app.js puts the browser's own before them."""

    # Set by the form: the zones of the country the browser's languages name.
    country_zones: tuple[str, ...] = ()

    def __init__(self, attrs=None):
        super().__init__({"autocomplete": "off", "spellcheck": "false", **(attrs or {})})

    def render(self, name, value, attrs=None, renderer=None):
        list_id = f"{(attrs or {}).get('id', name)}-list"
        likely = dict.fromkeys(
            zone for zone in (value, *self.country_zones, settings.TIME_ZONE) if zone
        )
        zones = [*likely, *(zone for zone in current_time_zones() if zone not in likely)]
        box = super().render(name, value, {**(attrs or {}), "list": list_id}, renderer)
        options = format_html_join("", '<option value="{}"></option>', ((zone,) for zone in zones))
        return format_html(
            '{}<datalist id="{}" data-time-zones>{}</datalist>', box, list_id, options
        )


class TimeZoneField(forms.CharField):
    widget = TimeZoneInput
    # The zone saved before: kept even if IANA has since retired its name.
    kept = ""

    def clean(self, value):
        typed = super().clean(value)
        if typed and typed == self.kept:
            return typed
        # "europe/isle of man" is Europe/Isle_of_Man.
        known = {zone.casefold(): zone for zone in current_time_zones()}
        zone = known.get(typed.replace(" ", "_").casefold())
        if zone is None:
            raise forms.ValidationError(
                _("Choose a time zone from the list: type a city, for example Europe/London.")
            )
        return zone


class NotificationSettingsForm(forms.ModelForm):
    digest_day = forms.TypedChoiceField(
        label=_("Weekly digest"),
        choices=[("", _("Off: no weekly digest")), *Weekday.choices],
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("Sent at 8:00 in the morning: the week ahead, what is due, what went forward."),
    )
    time_zone = TimeZoneField(
        label=_("Time zone"),
        help_text=_(
            "Reminders arrive at 8:00 (the evening before an interview: 18:00) your time. "
            "Type a city to find its zone."
        ),
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

    def __init__(self, *args, user: User, languages: Iterable[str] = (), **kwargs):
        """`languages`: the browser's, most preferred first (Accept-Language), whose regions name
        the zones offered first."""
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].kept = self.instance.time_zone
        self.fields["time_zone"].widget.country_zones = zones_for_languages(languages)
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
