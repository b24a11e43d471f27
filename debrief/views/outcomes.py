"""The moment a decision arrives, and what to do next, in the guide's order."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from debrief.forms.actions import ActionItemForm
from debrief.forms.outcomes import AND_DEBRIEF, WORDS, DecisionForm
from debrief.models import (
    TEXT_LIMITS,
    ActionItem,
    Application,
    Debrief,
    FeedbackRequest,
    Interview,
    User,
)
from debrief.services import kindness
from debrief.services.outcomes import (
    Decision,
    lesson_action,
    lesson_text,
    record_decision,
    record_no,
)
from debrief.views import once
from debrief.views.debriefs import quick_debrief_form
from debrief.views.feedback_send import send_context
from debrief.views.inbound import from_email

RECORDED = {
    Decision.TURNED_DOWN: gettext_lazy("Recorded. It's a 'no thank you' to this role, not to you."),
    Decision.OFFER: gettext_lazy("Congratulations — the offer is recorded."),
    Decision.WITHDREW: gettext_lazy(
        "Recorded. Choosing what is right for you is part of the search."
    ),
}


def owned_application(request: HttpRequest, pk: int) -> Application:
    return get_object_or_404(Application.objects.for_user(request.user), pk=pk)


def next_steps_url(application: Application) -> str:
    return reverse("debrief:application-next-steps", args=[application.pk])


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def decision_new(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    application = owned_application(request, pk)
    try:
        decision = Decision(decision)
    except ValueError:
        raise Http404 from None
    if replay := once.already_saved(request):
        return replay
    form = once.protect(
        DecisionForm(
            request.POST or None,
            application=application,
            decision=decision,
            interview_pk=request.GET.get("interview"),
        )
    )
    # A forwarded or pasted email fills in the date and what they said, and suggests reasons.
    inbound = from_email(request, form) if decision == Decision.TURNED_DOWN else None
    if form.is_valid():

        def save() -> str:
            interview = form.chosen_interview
            if decision == Decision.TURNED_DOWN:
                # The next page leads with the feedback request, drafted here.
                record_no(
                    application=application,
                    interview=interview,
                    decided_on=form.cleaned_data["decided_on"],
                    what_they_said=form.cleaned_data["what_they_said"],
                    sender_name=request.user.display_name,
                )
            else:
                record_decision(
                    application=application,
                    decision=decision,
                    interview=interview,
                    decided_on=form.cleaned_data["decided_on"],
                    what_they_said=form.cleaned_data["what_they_said"],
                )
            if inbound is not None:
                inbound.confirm(interview, form.cleaned_data["what_they_said"])
            messages.success(request, RECORDED[decision])
            if AND_DEBRIEF in request.POST and interview is not None:
                return (
                    reverse("debrief:debrief-edit", args=[interview.pk])
                    + "?"
                    + urlencode({"next": next_steps_url(application)})
                )
            return next_steps_url(application)

        return once.save_once(request, save)
    return render(
        request,
        "debrief/decision_form.html",
        {
            "form": form,
            "application": application,
            "words": WORDS[decision],
            "inbound": inbound,
            "can_paste_email": decision == Decision.TURNED_DOWN,
        },
    )


def next_steps_context(application: Application, *, owner: User) -> dict:
    """Each step after a decision with its state: what is done links to what was saved, what
    is not yet done is offered once, ready to finish in a click."""
    decision = Decision.for_status(application.status)
    interview = None
    if decision is not None:
        interview = (
            application.interviews.filter(outcome=decision.interview_outcome)
            .order_by("-scheduled_at")
            .first()
        )
    debrief = Debrief.objects.filter(interview=interview).first() if interview else None
    feedback = (
        FeedbackRequest.objects.filter(interview=interview).order_by("-created_at").first()
        if interview
        else None
    )
    landing = next_steps_url(application)
    action = lesson_action(debrief) if debrief else None
    if interview is None:
        # Saved once, the step shows it done instead of a second pre-filled form.
        action = ActionItem.objects.filter(
            owner=application.owner, text=before_interview_text(application)
        ).first()
    lesson, whose = lesson_text(debrief, feedback) if debrief else ("", "")
    return {
        "application": application,
        "decision": decision,
        "interview": interview,
        "debrief": debrief,
        "feedback": feedback,
        "landing": landing,
        "send": send_context(feedback, owner=owner, landing=landing)
        if feedback is not None and feedback.is_not_sent
        else None,
        "quick_form": quick_debrief_form(interview) if interview and not debrief else None,
        "debrief_url": (
            reverse("debrief:debrief-edit", args=[interview.pk])
            + "?"
            + urlencode({"next": landing})
            if interview
            else ""
        ),
        "action": action,
        "lesson": lesson,
        "lesson_is_theirs": whose == "employer",
        "lesson_fits": len(lesson) <= TEXT_LIMITS["actionitem"]["text"],
        "before_interview_form": before_interview_action_form(application)
        if interview is None and action is None
        else None,
        "is_rejection": decision == Decision.TURNED_DOWN,
        "is_offer": decision == Decision.OFFER,
        "is_withdrawal": decision == Decision.WITHDREW,
        "upcoming": Interview.objects.for_user(application.owner).upcoming().exists(),
        # Interviews of this job still booked after the decision: the person says if they stand.
        "still_booked": list(application.interviews.upcoming()) if decision else [],
    }


def before_interview_text(application: Application) -> str:
    return (
        _("Look again at my application to %(employer)s: what would land the interview next time")
        % {"employer": application.employer}
    )[: TEXT_LIMITS["actionitem"]["text"]]


def before_interview_action_form(application: Application) -> ActionItemForm:
    """A "no" before any interview: the lesson is about the application, pre-filled."""
    form = once.protect(
        ActionItemForm(
            instance=ActionItem(owner=application.owner),
            initial={
                "area": ActionItem.Area.APPLICATIONS,
                "text": before_interview_text(application),
            },
            user=application.owner,
            submit_label=_("Save this action"),
        )
    )
    form.helper.form_action = reverse("debrief:action-new")
    return form


@require_safe
@login_required
def application_next_steps(request: HttpRequest, pk: int) -> HttpResponse:
    application = owned_application(request, pk)
    if Decision.for_status(application.status) is None:
        return redirect(application)
    context = next_steps_context(application, owner=request.user)
    if context["is_rejection"] and context["interview"] is not None:
        context["kind_word"] = kindness.after_a_no(request.user)
    return render(request, "debrief/decision_next.html", context)


urlpatterns = [
    path(
        "applications/<int:pk>/decision/<slug:decision>/",
        decision_new,
        name="application-decision",
    ),
    path(
        "applications/<int:pk>/next-steps/",
        application_next_steps,
        name="application-next-steps",
    ),
]
