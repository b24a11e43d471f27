"""The work-search record: a page to print or show, and the same as a PDF and a CSV."""

import csv
import io
import logging

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import path
from django.utils import timezone, translation
from django.views.decorators.http import require_safe

from debrief.forms.work_search import WorkSearchRangeForm
from debrief.services.export_csv import spreadsheet_safe
from debrief.services.work_search import Record, work_search_record

# WeasyPrint logs every step of every PDF at INFO: only its warnings are worth a log line.
logging.getLogger("weasyprint").setLevel(logging.WARNING)


def record_for(request: HttpRequest) -> tuple[WorkSearchRangeForm, Record | None]:
    form = WorkSearchRangeForm(request.GET, today=timezone.localdate())
    if not form.is_valid():
        return form, None
    return form, work_search_record(
        owner=request.user, start=form.cleaned_data["start"], end=form.cleaned_data["end"]
    )


@require_safe
@login_required
def work_search(request: HttpRequest) -> HttpResponse:
    form, record = record_for(request)
    return render(
        request,
        "debrief/work_search.html",
        {"form": form, "record": record, "query_string": request.GET.urlencode()},
    )


def file_name(record: Record, extension: str) -> str:
    return f"work-search-record-{record.start:%Y-%m-%d}-to-{record.end:%Y-%m-%d}.{extension}"


@require_safe
@login_required
def work_search_pdf(request: HttpRequest) -> HttpResponse:
    from weasyprint import CSS, HTML  # a heavy import, for this view only

    _, record = record_for(request)
    if record is None:
        return work_search(request)
    html = render_to_string("debrief/work_search_pdf.html", {"record": record})
    stylesheet = CSS(filename=finders.find("css/work_search.css"))
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf(
        stylesheets=[stylesheet]
    )
    return HttpResponse(
        pdf,
        content_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{file_name(record, "pdf")}"'},
    )


@require_safe
@login_required
def work_search_csv(request: HttpRequest) -> HttpResponse:
    # The CSV is data for a spreadsheet: its words stay English, whatever the page's language.
    with translation.override(settings.LANGUAGE_CODE):
        _, record = record_for(request)
    if record is None:
        return work_search(request)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([record.title])
    writer.writerow(["Date", "What I did", "Employer", "Role", "How I found it", "Outcome"])
    for entry in record.entries:
        writer.writerow(
            [
                entry.on.isoformat(),
                *map(
                    spreadsheet_safe,
                    [entry.activity, entry.employer, entry.role_title, entry.found, entry.outcome],
                ),
            ]
        )
    return HttpResponse(
        "\ufeff" + out.getvalue(),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{file_name(record, "csv")}"'},
    )


urlpatterns = [
    path("records/work-search/", work_search, name="work-search"),
    path("records/work-search/pdf/", work_search_pdf, name="work-search-pdf"),
    path("records/work-search/csv/", work_search_csv, name="work-search-csv"),
]
