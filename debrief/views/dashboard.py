"""The job seeker's dashboard: where the search stands and what needs doing next."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from debrief.services.dashboard import fill_slots, own_dashboard_panels
from debrief.services.dashboard_live import live_panels
from debrief.views.shared import transaction_for_changes


@transaction_for_changes
@require_safe
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    if request.user.is_adviser:
        return redirect("debrief:adviser-caseload")
    now = timezone.now()
    panels = own_dashboard_panels(request.user, timezone.localdate(), now)
    # Live, not cached with the figures: an adviser's note or a forwarded email shows the
    # moment it arrives.
    live = live_panels(request.user, now)
    return render(
        request,
        "debrief/dashboard.html",
        {"panels_html": mark_safe(fill_slots(panels, request, live))},
    )


urlpatterns = [
    path("dashboard/", dashboard, name="dashboard"),
]
