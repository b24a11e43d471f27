"""The self-assessment of one interview: ratings, reflections, my reading and the questions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from debrief.forms.debriefs import DebriefForm, DebriefQuestionFormSet
from debrief.models import Debrief, Interview
from debrief.ratelimits import limit_creation

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
    debrief = Debrief.objects.filter(interview=interview).first() or Debrief(interview=interview)
    is_new = debrief.pk is None
    data = request.POST if request.method == "POST" else None
    form = DebriefForm(data, instance=debrief)
    formset = DebriefQuestionFormSet(data, instance=debrief, user=request.user, prefix="questions")
    if data is not None and form.is_valid() and formset.is_valid():
        try:
            with transaction.atomic():
                debrief = form.save()
                formset.instance = debrief
                formset.save()
        except IntegrityError:
            # A first save of this interview's debrief from another tab (or a double click)
            # got there first: one debrief per interview.
            form.add_error(None, SAVED_MEANWHILE)
        else:
            messages.success(
                request,
                "Debrief saved. Next steps: ask the employer for feedback, and turn what you "
                "learnt into action items — the links are below.",
            )
            return redirect("debrief:interview-detail", interview.pk)
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
