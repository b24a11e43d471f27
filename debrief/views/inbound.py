"""Rejections that arrive as email: the forwarding address, a pasted email, each waiting email's
way onto the "They said no" page (views.outcomes), and dismissing one that was not a "no"."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from debrief.forms.inbound import PasteForm, SuggestedReasonsForm
from debrief.inbound import filing
from debrief.inbound.reading import Suggestion, read_rejection
from debrief.inbound.smtp import MAX_MESSAGE_BYTES
from debrief.models import Application, InboundMessage, Interview
from debrief.services.outcomes import OPEN_STATUSES, Decision, validate_decision_date
from debrief.views import once
from debrief.views.shared import safe_next

SHOWN_RECENT = 10
DECISION_FORM_ID = "decision-form"


def owned_message(request: HttpRequest, pk: int) -> InboundMessage:
    return get_object_or_404(InboundMessage.objects.for_user(request.user), pk=pk)


def read_message(message: InboundMessage) -> Suggestion:
    return read_rejection(
        message.body,
        owner=message.owner,
        sender=message.sender,
        subject=message.subject,
        sent_at=message.sent_at,
    )


def decision_url(application: Application, message: InboundMessage, interview=None) -> str:
    query = {"inbound": message.pk}
    if interview is not None:
        query = {"interview": interview.pk, **query}
    url = reverse("debrief:application-decision", args=[application.pk, Decision.TURNED_DOWN])
    return f"{url}?{urlencode(query)}"


# --- The forwarding address -----------------------------------------------------------------------


@require_safe
@login_required
def forwarding_settings(request: HttpRequest) -> HttpResponse:
    recent = InboundMessage.objects.for_user(request.user).only(
        "pk", "subject", "sender", "received_at", "status", "source"
    )[:SHOWN_RECENT]
    return render(
        request,
        "debrief/settings_forwarding.html",
        {
            "address": filing.address_of(request.user),
            "recent": recent,
            "daily_limit": filing.DAILY_LIMIT,
            "size_limit_mb": MAX_MESSAGE_BYTES // 2**20,
        },
    )


@require_POST
@login_required
def forwarding_new_address(request: HttpRequest) -> HttpResponse:
    had_one = filing.new_address(user=request.user)
    messages.success(
        request,
        "Here is your new forwarding address. The old one has stopped working: mail sent to it "
        "is refused."
        if had_one
        else "Here is your forwarding address: forward rejection emails to it.",
    )
    return redirect("debrief:settings-forwarding")


# --- A pasted email -------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def paste(request: HttpRequest) -> HttpResponse:
    if replay := once.already_saved(request):
        return replay
    # From an application's "They said no" page (?application=): back to it, filled in.
    application = (
        Application.objects.for_user(request.user)
        .filter(pk=request.GET["application"], status__in=OPEN_STATUSES)
        .first()
        if request.GET.get("application", "").isdigit()
        else None
    )
    form = once.protect(PasteForm(request.POST or None))
    if form.is_valid():

        def save() -> str:
            message = filing.file_pasted(owner=request.user, text=form.cleaned_data["text"])
            if application is not None:
                return decision_url(application, message)
            return message.get_absolute_url()

        return once.save_once(request, save)
    return render(request, "debrief/inbound_paste.html", {"form": form, "application": application})


# --- A waiting email ------------------------------------------------------------------------------


@require_safe
@login_required
def open_message(request: HttpRequest, pk: int) -> HttpResponse:
    """Straight to the "They said no" page of the application the email names; the person
    chooses when Debrief cannot tell (or asks to, with ?choose)."""
    message = owned_message(request, pk)
    suggestion = read_message(message) if message.is_waiting else None
    if suggestion and suggestion.application and "choose" not in request.GET:
        return redirect(decision_url(suggestion.application, message, suggestion.interview))
    return render(
        request,
        "debrief/inbound_message.html",
        {
            "message": message,
            "suggestion": suggestion,
            "choices": [
                (application, decision_url(application, message))
                for application in (suggestion.candidates if suggestion else ())
            ],
        },
    )


@require_POST
@login_required
def dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    message = owned_message(request, pk)
    if filing.dismiss(message=message):
        messages.success(request, "Dismissed: that email is no longer waiting for you.")
    return redirect(safe_next(request, reverse("debrief:dashboard")))


# --- On the "They said no" page (views.outcomes.decision_new) -------------------------------------


@dataclass
class FromEmail:
    """A waiting email shown on the "They said no" page: what it fills in, and its reasons."""

    message: InboundMessage
    suggestion: Suggestion
    reasons_form: SuggestedReasonsForm
    form_id: str = DECISION_FORM_ID
    cut_to: int | None = None  # the email was longer than "What they said" keeps

    def fill(self, form) -> None:
        """Fill in an unsent DecisionForm from the email; tie the reasons' boxes to it."""
        form.helper.form_id = self.form_id
        if form.is_bound:
            return
        said = self.suggestion.said or self.message.body
        limit = form.fields["what_they_said"].max_length
        if limit and len(said) > limit:
            said, self.cut_to = said[:limit], limit
        form.initial["what_they_said"] = said
        interview = form.interviews.get(str(form.initial.get("interview")))
        day = self.suggestion.decided_on
        if day and usable_date(form.application, interview, day):
            form.initial["decided_on"] = day

    def confirm(self, interview: Interview | None) -> None:
        filing.confirm(
            message=self.message, interview=interview, reasons=self.reasons_form.chosen()
        )


def usable_date(application: Application, interview: Interview | None, day) -> bool:
    try:
        validate_decision_date(application=application, interview=interview, decided_on=day)
    except ValidationError:
        return False
    return True


def from_email(request: HttpRequest) -> FromEmail | None:
    """The person's waiting email named by ?inbound=, or None (anyone else's: None)."""
    message = filing.waiting_message(request.user, request.GET.get("inbound"))
    if message is None:
        return None
    suggestion = read_message(message)
    reasons_form = SuggestedReasonsForm(
        request.POST if request.method == "POST" else None,
        found=suggestion.reasons,
        form_id=DECISION_FORM_ID,
    )
    return FromEmail(message, suggestion, reasons_form)


urlpatterns = [
    path("settings/forwarding/", forwarding_settings, name="settings-forwarding"),
    path(
        "settings/forwarding/new-address/",
        forwarding_new_address,
        name="settings-forwarding-new",
    ),
    path("inbound/paste/", paste, name="inbound-paste"),
    path("inbound/<int:pk>/", open_message, name="inbound-open"),
    path("inbound/<int:pk>/dismiss/", dismiss, name="inbound-dismiss"),
]
