"""The self-assessment of one interview: ratings, reflections, my reading and the questions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from debrief.forms.debriefs import DebriefForm, DebriefQuestionFormSet
from debrief.models import Debrief, Interview
from debrief.ratelimits import limit_creation
from debrief.views import once
from debrief.views.shared import not_yet_context, safe_next

# The guide's STAR method, one line.
STAR_GUIDANCE = (
    "STAR: describe the Situation, the Task you were given, the Actions you took and the Result "
    "— including the part you played in it."
)

SAVED_MEANWHILE = (
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
            messages.success(
                request,
                "Debrief saved. Next steps: ask the employer for feedback, and turn what you "
                "learnt into action items — the links are below.",
            )
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


urlpatterns = [
    path("interviews/<int:pk>/debrief/", debrief_edit, name="debrief-edit"),
]
