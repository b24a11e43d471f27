"""A careers service's anonymised outcome report, for its service admins only (anyone else:
404). The figures are in services/service_report.py, the disclosure rules in
services/disclosure.py; every view and download is written to the service's audit log."""

import csv
import io

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone, translation
from django.views.decorators.http import require_safe

from debrief.forms.service_report import ReportRangeForm, month_text
from debrief.models import Organisation, ServiceAuditEntry
from debrief.replica import reads_from_replica
from debrief.services import disclosure, service_audit
from debrief.services.service_report import Report, outcome_report
from debrief.views.service import service_admin_required

CSV_COLUMNS = ["Month", "Period", "Measure", "Value", "Why empty"]


def report_for(
    request: HttpRequest, organisation: Organisation
) -> tuple[ReportRangeForm, Report | None]:
    today = timezone.localdate()
    form = ReportRangeForm(request.GET, today=today)
    if not form.is_valid():
        return form, None
    report = outcome_report(
        organisation=organisation,
        first_month=form.cleaned_data["first_month"],
        last_month=form.cleaned_data["last_month"],
        today=today,
    )
    return form, report


def months_read(report: Report) -> str:
    return f"Months {month_text(report.first_month)} to {month_text(report.last_month)}"


# Reads, and one INSERT to the audit log that is a transaction of its own: no BEGIN and COMMIT
# around the page (two round trips). Should the page then fail, the log still says it was read,
# which is the side an audit log should err on.
@transaction.non_atomic_requests
@require_safe
@reads_from_replica
@service_admin_required
def report(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    form, found = report_for(request, organisation)
    if found is not None:
        service_audit.record(
            organisation=organisation,
            actor=request.user,
            action=ServiceAuditEntry.Action.REPORT_VIEWED,
            subject=months_read(found),
        )
    return render(
        request,
        "debrief/service_report.html",
        {
            "form": form,
            "report": found,
            "organisation": organisation,
            "rule": disclosure.rule(),
            "query_string": request.GET.urlencode(),
        },
    )


def csv_value(cell: disclosure.Shown):
    """A number stays a number: a whole one without decimals; nothing when it is not shown."""
    if cell.value is None:
        return ""
    return cell.value


@transaction.non_atomic_requests  # as the page
@require_safe
@reads_from_replica
@service_admin_required
def report_csv(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    _ignored, found = report_for(request, organisation)
    if found is None:
        # The page says what is wrong, next to the field.
        return report(request)
    service_audit.record(
        organisation=organisation,
        actor=request.user,
        action=ServiceAuditEntry.Action.REPORT_DOWNLOADED,
        subject=months_read(found),
    )
    out = io.StringIO()
    writer = csv.writer(out)
    # The CSV is data for other tools: its words stay English, whatever the page's language.
    with translation.override(settings.LANGUAGE_CODE):
        writer.writerow(CSV_COLUMNS)
        for rows in found.measures:
            for figure in rows.months:
                writer.writerow(
                    [
                        month_text(figure.month),
                        "to date" if figure.to_date else "full month",
                        rows.measure.label,
                        csv_value(figure.cell),
                        figure.cell.why,
                    ]
                )
            writer.writerow(
                [
                    f"{month_text(found.first_month)} to {month_text(found.last_month)}",
                    "total" if not rows.measure.is_median else "whole range",
                    rows.measure.label,
                    csv_value(rows.total),
                    rows.total.why,
                ]
            )
    filename = (
        f"outcome-report-{month_text(found.first_month)}-to-{month_text(found.last_month)}.csv"
    )
    return HttpResponse(
        # A byte-order mark, so Excel reads UTF-8 (as the export does).
        "\ufeff" + out.getvalue(),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


urlpatterns = [
    path("service/report/", report, name="service-report"),
    path("service/report/csv/", report_csv, name="service-report-csv"),
]
