"""Importing applications: the file, its column mapping, the preview of every row, one
confirmation, the progress while the worker imports, and undoing it as a whole."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from debrief.forms.importing import ImportFileForm, MappingForm
from debrief.models import ImportBatch
from debrief.ratelimits import limit_creation
from debrief.services import importing

# The progress page asks again this often (seconds) while the worker imports.
REFRESH_EVERY = 3


def own_import(request: HttpRequest, pk: int) -> ImportBatch:
    return get_object_or_404(ImportBatch.objects.for_user(request.user), pk=pk)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@limit_creation
def import_new(request: HttpRequest) -> HttpResponse:
    form = ImportFileForm(request.POST or None, request.FILES or None)
    if form.is_valid():
        batch = importing.start_import(
            owner=request.user, file_name=form.cleaned_data["file"].name, table=form.table
        )
        return redirect(batch)
    earlier = ImportBatch.objects.for_user(request.user).exclude(status=ImportBatch.Status.DRAFT)
    return render(
        request,
        "debrief/import_new.html",
        {"form": form, "earlier": earlier.only(*EARLIER_FIELDS)[:20]},
    )


EARLIER_FIELDS = [
    "file_name",
    "status",
    "total",
    "done",
    "confirmed_at",
    "finished_at",
    "undone_at",
]


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A draft: its mapping (saved, then the preview). Afterwards: its progress or outcome."""
    batch = own_import(request, pk)
    if not batch.is_draft:
        if request.method == "POST":
            return redirect(batch)
        return render(
            request,
            "debrief/import_detail.html",
            {
                "batch": batch,
                "refresh_every": REFRESH_EVERY if batch.in_progress else None,
                "can_undo": batch.can_undo(timezone.now()),
            },
        )
    form = MappingForm(request.POST or None, batch=batch)
    if form.is_valid():
        batch.mapping, batch.day_first = form.mapping, form.day_first
        batch.save(update_fields=["mapping", "day_first"])
        return redirect("debrief:import-preview", batch.pk)
    return render(request, "debrief/import_mapping.html", {"batch": batch, "form": form})


@require_safe
@login_required
def import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    batch = own_import(request, pk)
    if not batch.is_draft:
        return redirect(batch)
    plan = importing.plan(batch)
    return render(
        request,
        "debrief/import_preview.html",
        {
            "batch": batch,
            "plan": plan,
            "importable": len(plan.importable),
            "with_errors": plan.with_errors,
            "left_out": plan.left_out,
            "leave_out": len(plan.rows) - len(plan.importable),
            "mapped": [
                (label, batch.header[batch.mapping[name]])
                for name, label, _ in importing.mapping_fields()
                if name in batch.mapping
            ],
        },
    )


@require_POST
@login_required
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    batch = own_import(request, pk)
    queued = importing.confirm_import(batch=batch)
    if queued:
        messages.success(
            request,
            ngettext(
                "Importing %(count)s application: this page shows how far it has gone.",
                "Importing %(count)s applications: this page shows how far it has gone.",
                queued,
            )
            % {"count": f"{queued:,}"},
        )
    elif batch.is_draft:
        messages.error(request, _("No row of this file can be imported: see the errors below."))
        return redirect("debrief:import-preview", batch.pk)
    else:
        messages.info(request, _("This file was imported already: nothing was imported twice."))
    return redirect(batch)


@require_POST
@login_required
def import_undo(request: HttpRequest, pk: int) -> HttpResponse:
    batch = own_import(request, pk)
    try:
        deleted = importing.undo_import(batch=batch)
    except importing.UndoRefused as error:
        messages.error(request, str(error))
    else:
        if deleted:
            messages.success(
                request,
                ngettext(
                    "Import undone: %(count)s application deleted.",
                    "Import undone: %(count)s applications deleted.",
                    deleted,
                )
                % {"count": f"{deleted:,}"},
            )
        else:
            messages.info(request, _("This import was undone already."))
    return redirect(batch)


urlpatterns = [
    path("applications/import/", import_new, name="import-new"),
    path("applications/import/<int:pk>/", import_detail, name="import-detail"),
    path("applications/import/<int:pk>/preview/", import_preview, name="import-preview"),
    path("applications/import/<int:pk>/confirm/", import_confirm, name="import-confirm"),
    path("applications/import/<int:pk>/undo/", import_undo, name="import-undo"),
]
