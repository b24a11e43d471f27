"""The self-assessment of one interview: ratings, reflections, my reading and the questions."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from debrief.forms.debriefs import (
    MAKE_IT_AN_ACTION,
    DebriefForm,
    DebriefQuestionFormSet,
    QuickDebriefForm,
)
from debrief.models import TEXT_LIMITS, Debrief, Interview
from debrief.ratelimits import limit_creation
from debrief.services.outcomes import make_it_an_action
from debrief.views import once
from debrief.views.shared import not_yet_context, safe_next

# The guide's STAR method, one line.
STAR_GUIDANCE = gettext_lazy(
    "STAR: describe the Situation, the Task you were given, the Actions you took and the Result "
    "— including the part you played in it."
)

SAVED_MEANWHILE = gettext_lazy(
    "A debrief of this interview was saved a moment ago, perhaps in another tab. Open the "
    "interview to see it; what you typed here is kept below and was not saved."
)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@limit_creation
def debrief_edit(request: HttpRequest, pk: int) -> HttpResponse:
    interview = get_object_or_404(
        Interview.objects.for_user(request.user).select_related("application"), pk=pk
    )
    if not interview.is_past:
        return render(request, "debrief/not_yet.html", not_yet_context(interview, "debrief"))
    if replay := once.already_saved(request):
        return replay
    debrief = Debrief.objects.filter(interview=interview).first() or Debrief(interview=interview)
    is_new = debrief.pk is None
    data = request.POST if request.method == "POST" else None
    form = once.protect(DebriefForm(data, instance=debrief))
    formset = DebriefQuestionFormSet(data, instance=debrief, user=request.user, prefix="questions")
    if data is not None and form.is_valid() and formset.is_valid():

        def save() -> str:
            saved = form.save()
            formset.instance = saved
            formset.save()
            messages.success(request, saved_message(saved))
            return safe_next(request, interview.get_absolute_url())

        try:
            return once.save_once(request, save)
        except IntegrityError:
            # A first save of this interview's debrief from another tab got there first: one
            # debrief per interview (a double click of this form lands on the first save).
            form.add_error(None, SAVED_MEANWHILE)
    return render(
        request,
        "debrief/debrief_form.html",
        {
            "interview": interview,
            "application": interview.application,
            "form": form,
            "formset": formset,
            "is_new": is_new,
            "star_guidance": STAR_GUIDANCE,
        },
    )


def saved_message(debrief: Debrief) -> str:
    given = debrief.ratings_given
    if debrief.is_complete:
        return _(
            "Debrief saved. Next steps: ask the employer for feedback, and turn what you "
            "learnt into action items — the links are below."
        )
    return _(
        "Saved as a draft: %(given)s of %(all)s ratings given. Come back to it when you are "
        "ready; your rating trends count it once every rating is given."
    ) % {"given": given, "all": len(Debrief.RATINGS)}


def owned_past_interview(request: HttpRequest, pk: int) -> Interview:
    return get_object_or_404(
        Interview.objects.for_user(request.user).select_related("application"), pk=pk
    )


def quick_debrief_form(interview: Interview, data=None) -> QuickDebriefForm:
    form = once.protect(QuickDebriefForm(data, instance=Debrief(interview=interview)))
    form.action = reverse("debrief:debrief-quick", args=[interview.pk])
    return form


QUICK_SAVED = {
    None: gettext_lazy("Your one-minute debrief is saved."),
    Debrief.CheckIn.LOW: gettext_lazy(
        'Saved. Feeling low after a "no" is normal: it is a "no thank you" to this role, not '
        "to you. Be kind to yourself today."
    ),
    Debrief.CheckIn.DISAPPOINTED: gettext_lazy(
        "Saved. Disappointment shows it mattered to you. It is business, not personal: what "
        "you learn here is yours to keep."
    ),
    Debrief.CheckIn.MIXED: gettext_lazy("Saved. Mixed is honest. One lesson is enough for today."),
    Debrief.CheckIn.OKAY: gettext_lazy("Saved. Good: keep the lesson, and move on to the next."),
    Debrief.CheckIn.READY: gettext_lazy(
        "Saved. Ready for the next one: your lesson goes with you."
    ),
}


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@limit_creation
def debrief_quick(request: HttpRequest, pk: int) -> HttpResponse:
    """The one-minute debrief: a check-in, one thing that went well, one to do better. Each
    check-in button saves it in one tap; "Make it an action" saves it and the lesson as an
    action. An interview already debriefed opens its full self-assessment instead."""
    interview = owned_past_interview(request, pk)
    landing = safe_next(request, interview.get_absolute_url())
    if not interview.is_past:
        return render(request, "debrief/not_yet.html", not_yet_context(interview, "debrief"))
    if replay := once.already_saved(request):
        return replay
    if Debrief.objects.filter(interview=interview).exists():
        if request.method == "POST":
            messages.info(
                request, _("This interview already has its debrief: nothing was changed.")
            )
        return redirect(landing)
    form = quick_debrief_form(interview, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():

        def save() -> str:
            debrief = form.save()
            messages.success(request, QUICK_SAVED[debrief.check_in])
            if MAKE_IT_AN_ACTION in request.POST:
                return action_saved_message(request, debrief) or landing
            return landing

        try:
            return once.save_once(request, save)
        except IntegrityError:
            form.add_error(None, SAVED_MEANWHILE)
    return render(
        request,
        "debrief/debrief_quick.html",
        {
            "interview": interview,
            "application": interview.application,
            "quick_form": form,
            "landing": landing,
        },
    )


def action_saved_message(request: HttpRequest, debrief: Debrief) -> str | None:
    """Make the lesson an action and say so; the address to shorten it when it is too long."""
    action, made = make_it_an_action(debrief=debrief)
    if action is not None:
        if made:
            messages.success(
                request, _("Saved as an action: “%(action)s”") % {"action": action.text}
            )
        else:
            messages.info(request, _("This lesson is already an action: nothing was added."))
        return None
    if not debrief.do_better.strip():
        messages.error(request, _("Write one thing to do better first: that is the action."))
        return None
    limit = TEXT_LIMITS["actionitem"]["text"]
    messages.error(
        request,
        _("An action is at most %(limit)s characters and this lesson is longer: shorten it here.")
        % {"limit": limit},
    )
    return (
        reverse("debrief:action-new")
        + "?"
        + urlencode({"debrief": debrief.pk, "text": debrief.do_better})
    )


@require_POST
@login_required
def debrief_make_action(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Make it an action": one click turns the interview's lesson into an action item, once."""
    interview = owned_past_interview(request, pk)
    debrief = get_object_or_404(Debrief, interview=interview)
    shorten = action_saved_message(request, debrief)
    return redirect(shorten or safe_next(request, interview.get_absolute_url()))


urlpatterns = [
    path("interviews/<int:pk>/debrief/", debrief_edit, name="debrief-edit"),
    path("interviews/<int:pk>/debrief/quick/", debrief_quick, name="debrief-quick"),
    path("interviews/<int:pk>/debrief/action/", debrief_make_action, name="debrief-action"),
]
