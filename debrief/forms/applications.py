"""Applications and interviews."""

import zoneinfo

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout, Submit
from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from debrief.forms.dates import DATE_INPUT, date_fields
from debrief.models import Application, Interview

DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def two_columns(*fields: str) -> Div:
    return Div(*(Div(field, css_class="col-md-6") for field in fields), css_class="row")


class ApplicationForm(forms.ModelForm):
    class Meta:
        formfield_callback = date_fields
        model = Application
        fields = [
            "employer",
            "role_title",
            "location",
            "job_url",
            "source",
            "date_applied",
            "closing_date",
            "salary",
            "status",
            "notes",
            "ad_text",
            "kept_out_of_work_search",
        ]
        widgets = {
            "date_applied": DATE_INPUT,
            "closing_date": DATE_INPUT,
            "notes": forms.Textarea(attrs={"rows": 4}),
            "ad_text": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, submit_label: str = _("Save application"), **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": True}
        self.helper.layout = Layout(
            Fieldset(
                _("The job"),
                two_columns("employer", "role_title"),
                two_columns("location", "salary"),
                two_columns("job_url", "source"),
            ),
            Fieldset(
                _("Your application"),
                two_columns("date_applied", "closing_date"),
                "status",
                "notes",
                "ad_text",
                "kept_out_of_work_search",
            ),
            Submit("save", submit_label),
        )

    def clean_date_applied(self):
        date_applied = self.cleaned_data["date_applied"]
        if date_applied and date_applied > timezone.localdate():
            raise forms.ValidationError(_("The date you applied cannot be in the future."))
        return date_applied

    # "The closing date cannot be before the date you applied" is Application.clean()'s.


class ApplicationFilterForm(forms.Form):
    """The list's filters, from the query string: validated so bad input cannot reach the ORM."""

    SORTS = {
        "-date_applied": (_("Newest first"), ["-date_applied", "-id"]),
        "date_applied": (_("Oldest first"), ["date_applied", "id"]),
        "employer": (_("Employer A–Z"), ["employer", "role_title", "id"]),
        "-updated_at": (_("Recently updated"), ["-updated_at", "-id"]),
        "status": (_("Status"), ["status", "-date_applied", "-id"]),
    }

    q = forms.CharField(label=_("Search employer or role"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *Application.Status.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[(key, label) for key, (label, _) in SORTS.items()],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    # Kindness: a list of "no"s need not be the first thing a person sees every day.
    hide_closed = forms.BooleanField(label=_("Hide closed rejections"), required=False)

    def filter(self, queryset):
        """The filters and sort as a queryset. The list itself reads its page in SQL
        (views.applications.ApplicationsOfPage); tests/test_application_list_rows.py holds the
        two equal."""
        if not self.is_valid():
            return queryset.order_by(*self.SORTS["-date_applied"][1])
        data = self.cleaned_data
        if data["q"]:
            queryset = queryset.filter(
                Q(employer__icontains=data["q"]) | Q(role_title__icontains=data["q"])
            )
        if data["status"]:
            queryset = queryset.filter(status=data["status"])
        if data["hide_closed"]:
            queryset = queryset.exclude(status=Application.Status.REJECTED)
        return queryset.order_by(*self.SORTS[data["sort"] or "-date_applied"][1])


class InterviewForm(forms.ModelForm):
    class Meta:
        formfield_callback = date_fields
        model = Interview
        fields = [
            "stage",
            "scheduled_at",
            "format",
            "interviewers",
            "outcome",
            "outcome_date",
            "notes",
            "kept_out_of_work_search",
        ]
        widgets = {
            "scheduled_at": DATETIME_INPUT,
            "outcome_date": DATE_INPUT,
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(
        self,
        *args,
        submit_label: str = _("Save interview"),
        time_zone: str = settings.TIME_ZONE,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        # The time as the person reads their invitation: in their own time zone (reminder
        # settings), whatever the server's.
        self.time_zone = zoneinfo.ZoneInfo(time_zone)
        scheduled = self.fields["scheduled_at"]
        scheduled.input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        scheduled.help_text = _(
            "Date and time in your time zone (%(time_zone)s). "
            "You can change it in your reminder settings."
        ) % {"time_zone": time_zone.replace("_", " ")}
        if self.instance.scheduled_at:
            self.initial["scheduled_at"] = timezone.localtime(
                self.instance.scheduled_at, self.time_zone
            ).replace(tzinfo=None)
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": True}
        self.helper.layout = Layout(
            Fieldset(
                _("The interview"), two_columns("stage", "format"), "scheduled_at", "interviewers"
            ),
            Fieldset(_("Outcome"), two_columns("outcome", "outcome_date")),
            "notes",
            "kept_out_of_work_search",
            Submit("save", submit_label),
        )

    def clean_scheduled_at(self):
        """The typed wall-clock time, read in the person's time zone."""
        when = self.cleaned_data["scheduled_at"]
        if when is None:
            return when
        return timezone.make_aware(timezone.make_naive(when), self.time_zone)

    def clean(self):
        cleaned = super().clean()
        when, decided = cleaned.get("scheduled_at"), cleaned.get("outcome_date")
        applied = self.instance.application.date_applied
        if when and timezone.localdate(when) < applied:
            self.add_error(
                "scheduled_at",
                _("The interview cannot be before you applied (%(date)s).")
                % {"date": date_format(applied, "j F Y")},
            )
        # An outcome before the interview is Interview.clean()'s to explain.
        if decided and decided > timezone.localdate():
            self.add_error("outcome_date", _("The outcome date cannot be in the future."))
        if (
            when
            and when > timezone.now()
            and cleaned.get("outcome") not in (None, Interview.Outcome.AWAITING)
        ):
            self.add_error(
                "outcome",
                _("This interview has not happened yet: keep “Awaiting outcome” until after it."),
            )
        if cleaned.get("outcome") not in (None, Interview.Outcome.AWAITING) and not decided:
            cleaned["outcome_date"] = timezone.localdate()
        return cleaned
