"""Lessons turned into action items."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout, Submit
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from debrief.forms.applications import DATE_INPUT
from debrief.forms.dates import date_fields
from debrief.models import ActionItem, Debrief, FeedbackRequest, User

SOURCE_CHOICES = 50


def recent_choices(queryset, selected):
    """The most recent of the user's sources, plus the selected one, for a select."""
    recent = Q(pk__in=queryset.values("pk")[:SOURCE_CHOICES])
    selected_pk = getattr(selected, "pk", selected)
    chosen = recent | Q(pk=selected_pk) if selected_pk else recent
    return queryset.filter(chosen).select_related("interview__application")


class DebriefChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, debrief: Debrief) -> str:
        interview = debrief.interview
        return (
            f"{interview.get_stage_display()}, {interview.application} "
            f"({timezone.localtime(interview.scheduled_at):%d %b %Y})"
        )


class FeedbackChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, feedback: FeedbackRequest) -> str:
        interview = feedback.interview
        status = feedback.get_status_display()
        return f"{interview.application}, {interview.get_stage_display()} — {status}"


class ActionItemForm(forms.ModelForm):
    debrief = DebriefChoiceField(
        label=_("From debrief"),
        queryset=Debrief.objects.none(),
        required=False,
        empty_label=_("None"),
    )
    feedback_request = FeedbackChoiceField(
        label=_("From feedback"),
        queryset=FeedbackRequest.objects.none(),
        required=False,
        empty_label=_("None"),
    )

    class Meta:
        formfield_callback = date_fields
        model = ActionItem
        fields = ["text", "area", "due_date", "debrief", "feedback_request"]
        widgets = {"due_date": DATE_INPUT}
        help_texts = {
            "text": _("Something you will do, e.g. “Practise two STAR answers aloud each day”."),
            "area": _("What you now know that you did not before."),
        }

    def __init__(self, *args, user: User, submit_label: str = _("Save action"), **kwargs):
        super().__init__(*args, **kwargs)
        # Offer only the user's own debriefs and feedback requests, the most recent ones (a
        # select of thousands helps nobody), and always the one already chosen.
        self.fields["debrief"].queryset = recent_choices(
            Debrief.objects.for_user(user).order_by("-interview__scheduled_at", "-id"),
            self.initial.get("debrief") or self.instance.debrief_id,
        )
        self.fields["feedback_request"].queryset = recent_choices(
            FeedbackRequest.objects.for_user(user).order_by("-interview__scheduled_at", "-id"),
            self.initial.get("feedback_request") or self.instance.feedback_request_id,
        )
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": True}
        self.helper.layout = Layout(
            "text",
            "area",
            "due_date",
            Fieldset(
                _("Where the lesson came from (one, or neither)"),
                "debrief",
                "feedback_request",
            ),
            Submit("save", submit_label),
        )


class ActionFilterForm(forms.Form):
    """The list's filters, from the query string: validated so bad input cannot reach the ORM."""

    STATUSES = [
        (ActionItem.Status.OPEN, _("Open")),
        (ActionItem.Status.DONE, _("Done")),
        ("all", _("All")),
    ]

    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUSES)
    area = forms.ChoiceField(
        label=_("Area"), required=False, choices=[("", _("All areas")), *ActionItem.Area.choices]
    )

    def filter(self, queryset):
        data = self.cleaned_data if self.is_valid() else {}
        status = data.get("status") or ActionItem.Status.OPEN
        if status != "all":
            queryset = queryset.filter(status=status)
        if data.get("area"):
            queryset = queryset.filter(area=data["area"])
        return queryset

    @property
    def active_status(self) -> str:
        return (self.cleaned_data.get("status") if self.is_valid() else "") or "open"
