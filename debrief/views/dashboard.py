"""The job seeker's dashboard: where the search stands and what needs doing next."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_safe

from debrief.services.dashboard import dashboard_context
from debrief.services.dashboard_live import live_panels


@require_safe
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    if request.user.is_adviser:
        return redirect("debrief:adviser-caseload")
    context = {
        **dashboard_context(request.user, timezone.localdate()),
        # Live, not cached with the figures: an adviser's note or a forwarded email shows the
        # moment it arrives.
        **live_panels(request.user),
    }
    return render(request, "debrief/dashboard.html", context)


urlpatterns = [
    path("dashboard/", dashboard, name="dashboard"),
]
