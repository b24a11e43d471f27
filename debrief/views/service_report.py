"""A careers service's anonymised outcome report, for its service admins only (anyone else:
404). The figures and their anonymity rule are in services/service_report.py."""

import csv
import io

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_safe

from debrief.forms.service_report import ReportRangeForm, month_text
from debrief.models import Organisation
from debrief.replica import reads_from_replica
from debrief.services.service_report import MEASURES, THRESHOLD, Report, outcome_report
from debrief.views.service import service_admin_required


def report_for(
    request: HttpRequest, organisation: Organisation
) -> tuple[ReportRangeForm, Report | None]:
    form = ReportRangeForm(request.GET, today=timezone.localdate())
    if not form.is_valid():
        return form, None
    report = outcome_report(
        organisation=organisation,
        first_month=form.cleaned_data["first_month"],
        last_month=form.cleaned_data["last_month"],
    )
    return form, report


@require_safe
@reads_from_replica
@service_admin_required
def report(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    form, found = report_for(request, organisation)
    return render(
        request,
        "debrief/service_report.html",
        {
            "form": form,
            "report": found,
            "organisation": organisation,
            "threshold": THRESHOLD,
            "query_string": request.GET.urlencode(),
        },
    )


@require_safe
@reads_from_replica
@service_admin_required
def report_csv(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    _, found = report_for(request, organisation)
    if found is None:
        # The page says what is wrong, next to the field.
        return report(request)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Month", *(measure.label for measure in MEASURES)])
    columns = [rows.months for rows in found.measures]
    for index, (month, _) in enumerate(columns[0]):
        writer.writerow([month_text(month), *(column[index][1].text for column in columns)])
    writer.writerow(["Total of the months shown", *(rows.total.text for rows in found.measures)])
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
