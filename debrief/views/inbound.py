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
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from debrief.forms.inbound import REASONS_FIELD, PastedForm, PasteForm, SuggestedReasonsForm
from debrief.inbound import filing
from debrief.inbound.reading import Suggestion, read_rejection
from debrief.inbound.smtp import MAX_MESSAGE_BYTES
from debrief.models import Application, InboundMessage, Interview, User
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
        _(
            "Here is your new forwarding address. The old one has stopped working: mail sent to "
            "it is refused."
        )
        if had_one
        else _("Here is your forwarding address: forward rejection emails to it."),
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
        messages.success(request, _("Dismissed: that email is no longer waiting for you."))
    return redirect(safe_next(request, reverse("debrief:dashboard")))


# --- On the "They said no" page (views.outcomes.decision_new) -------------------------------------


@dataclass
class FromEmail:
    """An email on the "They said no" page: a waiting one (?inbound=), which fills the page in,
    or one pasted into "What they said" there; and the reasons it suggests, none ticked."""

    owner: User
    message: InboundMessage | None  # None: pasted into "What they said" on the page
    suggestion: Suggestion
    reasons_form: SuggestedReasonsForm
    cut_to: int | None = None  # the email was longer than "What they said" keeps

    def fill(self, form) -> None:
        """Fill in an unsent DecisionForm from the waiting email."""
        if form.is_bound or self.message is None:
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

    def confirm(self, interview: Interview | None, said: str) -> None:
        """The "no" is recorded: the waiting email with the reasons ticked; a pasted one is kept
        (already confirmed) only when the person ticked a reason in it."""
        reasons = self.reasons_form.chosen()
        message = self.message
        if message is None:
            if not reasons:
                return
            message = filing.file_pasted(owner=self.owner, text=said)
        filing.confirm(message=message, interview=interview, reasons=reasons)


def usable_date(application: Application, interview: Interview | None, day) -> bool:
    try:
        validate_decision_date(application=application, interview=interview, decided_on=day)
    except ValidationError:
        return False
    return True


def reasons_form(request: HttpRequest, suggestion: Suggestion) -> SuggestedReasonsForm:
    return SuggestedReasonsForm(
        request.POST if request.method == "POST" else None,
        found=suggestion.reasons,
        form_id=DECISION_FORM_ID,
    )


def from_email(request: HttpRequest, form) -> FromEmail | None:
    """For views.outcomes.decision_new ("I've been turned down"): the person's waiting email
    named by ?inbound= (anyone else's: None), filling `form` in; or, when the form comes back
    with reasons ticked that app.js's reading of a paste offered, the pasted text read again."""
    form.helper.form_id = DECISION_FORM_ID
    message = filing.waiting_message(request.user, request.GET.get("inbound"))
    if message is not None:
        suggestion = read_message(message)
        found = FromEmail(request.user, message, suggestion, reasons_form(request, suggestion))
        found.fill(form)
        return found
    said = request.POST.get("what_they_said", "")
    if request.method == "POST" and said and REASONS_FIELD in request.POST:
        suggestion = read_rejection(said, owner=request.user)
        return FromEmail(request.user, None, suggestion, reasons_form(request, suggestion))
    return None


@require_POST
@login_required
def read_pasted(request: HttpRequest) -> HttpResponse:
    """What an email pasted into "What they said" suggests, as a piece of the "They said no"
    page (inserted by static/js/inbound.js; it changes nothing)."""
    form = PastedForm(request.POST)
    if not form.is_valid():
        return HttpResponse(status=400)
    application = get_object_or_404(
        Application.objects.for_user(request.user), pk=form.cleaned_data["application"]
    )
    suggestion = read_rejection(form.cleaned_data["text"], owner=request.user)
    day = suggestion.decided_on
    return render(
        request,
        "debrief/includes/inbound_reading.html",
        {
            "inbound": FromEmail(request.user, None, suggestion, reasons_form(request, suggestion)),
            "decided_on": day if day and usable_date(application, None, day) else None,
            "elsewhere": suggestion.application
            if suggestion.application and suggestion.application != application
            else None,
        },
    )


urlpatterns = [
    path("settings/forwarding/", forwarding_settings, name="settings-forwarding"),
    path(
        "settings/forwarding/new-address/",
        forwarding_new_address,
        name="settings-forwarding-new",
    ),
    path("inbound/paste/", paste, name="inbound-paste"),
    path("inbound/read/", read_pasted, name="inbound-read"),
    path("inbound/<int:pk>/", open_message, name="inbound-open"),
    path("inbound/<int:pk>/dismiss/", dismiss, name="inbound-dismiss"),
]
