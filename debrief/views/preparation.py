"""The preparation sheet for an upcoming interview: "move on to the next", made concrete."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_safe

from debrief.models import Interview
from debrief.services.notes import notes_for_client
from debrief.services.preparation import preparation_context


@require_safe
@login_required
def interview_prepare(request: HttpRequest, pk: int) -> HttpResponse:
    interview = get_object_or_404(
        Interview.objects.for_user(request.user).select_related(
            "application", "owner__record_version"
        ),
        pk=pk,
    )
    context = preparation_context(interview, timezone.localdate())
    # Read live, never cached with the sheet: what an adviser wrote for this interview.
    context["adviser_notes"] = notes_for_client(request.user, interview)
    # The CV and cover letter this employer read (issue 21), linked from the sheet.
    context["documents"] = list(interview.application.documents.all())
    return render(request, "debrief/interview_prepare.html", context)


urlpatterns = [
    path("interviews/<int:pk>/prepare/", interview_prepare, name="interview-prepare"),
]
