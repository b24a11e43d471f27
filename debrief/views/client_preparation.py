"""A client's preparation sheet as their adviser reads it, to prepare the client together."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from debrief.models import Interview
from debrief.services.preparation import preparation_context
from debrief.views.adviser import CLIENT, adviser_required, client_for_adviser
from debrief.views.client_record import render_record


@require_safe
@adviser_required
def client_interview_prepare(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    client, interview = client_for_adviser(
        request,
        client_id,
        viewed=gettext_lazy("Preparation sheet: {}"),
        item=lambda client: get_object_or_404(
            Interview.objects.for_user(client).select_related(
                "application", "owner__record_version"
            ),
            pk=pk,
        ),
    )
    return render_record(
        request,
        client,
        "debrief/interview_prepare.html",
        preparation_context(interview, timezone.localdate()),
    )


urlpatterns = [
    path(
        f"{CLIENT}/interviews/<int:pk>/prepare/",
        client_interview_prepare,
        name="adviser-interview-prepare",
    ),
]
