"""The preparation sheet for an upcoming interview: "move on to the next", made concrete."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_safe

from debrief.models import Interview
from debrief.services.preparation import interview_notes, preparation_context


@require_safe
@login_required
def interview_prepare(request: HttpRequest, pk: int) -> HttpResponse:
    interview = get_object_or_404(
        Interview.objects.for_user(request.user).select_related("application"), pk=pk
    )
    # Its owner, with the record's version the sheet is cached under (debrief.auth loads it):
    # not read again.
    interview.owner = request.user
    today = timezone.localdate()
    context = preparation_context(interview, today)
    # Read live, never cached with the sheet: what an adviser wrote for this interview (read
    # only when the record has one for it, which its version says).
    context["adviser_notes"] = interview_notes(request.user, interview, today)
    # The CV and cover letter this employer read (issue 21), linked from the sheet.
    context["documents"] = list(interview.application.documents.all())
    return render(request, "debrief/interview_prepare.html", context)


urlpatterns = [
    path("interviews/<int:pk>/prepare/", interview_prepare, name="interview-prepare"),
]
