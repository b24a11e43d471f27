"""The board summary, for a careers service's admins: a printable page and its PDF. Each view
and download is written to the service's audit log, like the outcome report's."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_safe

from debrief.models import Organisation, ServiceAuditEntry
from debrief.replica import reads_from_replica
from debrief.services import board_summary, service_audit
from debrief.views.service import service_admin_required


def read(request: HttpRequest, organisation: Organisation, action: str) -> dict:
    context = board_summary.summary(organisation=organisation, today=timezone.localdate())
    service_audit.record(
        organisation=organisation,
        actor=request.user,
        action=action,
        subject=f"{context['this_year'].first:%Y-%m} to {context['this_year'].last:%Y-%m}",
    )
    return context


@require_safe
@reads_from_replica
@service_admin_required
def board(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    context = read(request, organisation, ServiceAuditEntry.Action.BOARD_SUMMARY_VIEWED)
    return render(request, "debrief/board_summary.html", context)


@require_safe
@reads_from_replica
@service_admin_required
def board_pdf(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    context = read(request, organisation, ServiceAuditEntry.Action.BOARD_SUMMARY_DOWNLOADED)
    filename = f"board-summary-{context['today']:%Y-%m-%d}.pdf"
    return HttpResponse(
        board_summary.pdf(context),
        content_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


urlpatterns = [
    path("service/board/", board, name="service-board"),
    path("service/board.pdf", board_pdf, name="service-board-pdf"),
]
