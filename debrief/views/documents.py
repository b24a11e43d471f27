"""CV and cover-letter versions: the list, uploading one, choosing the applications it went with,
and the file itself, streamed by Debrief to its owner or a consenting adviser (logged in the
client's access log), never from a public address."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from debrief.forms.documents import DocumentForm
from debrief.models import Document
from debrief.ratelimits import limit_creation
from debrief.services.documents import delete_document
from debrief.views.adviser import CLIENT, adviser_required, client_for_adviser
from debrief.views.shared import delete_after_confirmation


def own_document(request: HttpRequest, pk: int) -> Document:
    return get_object_or_404(Document.objects.for_user(request.user), pk=pk)


def file_response(document: Document) -> FileResponse:
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
@login_required
def document_list(request: HttpRequest) -> HttpResponse:
    documents = Document.objects.for_user(request.user).prefetch_related("applications")
    return render(request, "debrief/document_list.html", {"documents": documents})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@limit_creation
def document_new(request: HttpRequest) -> HttpResponse:
    form = DocumentForm(
        request.POST or None,
        request.FILES or None,
        instance=Document(owner=request.user),
        owner=request.user,
    )
    if form.is_valid():
        document = form.save()
        messages.success(request, _("%(document)s uploaded.") % {"document": document})
        return redirect("debrief:document-list")
    return render(request, "debrief/document_form.html", {"form": form})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def document_edit(request: HttpRequest, pk: int) -> HttpResponse:
    document = own_document(request, pk)
    form = DocumentForm(request.POST or None, instance=document, owner=request.user)
    if form.is_valid():
        form.save()
        messages.success(request, _("%(document)s saved.") % {"document": document})
        return redirect("debrief:document-list")
    return render(request, "debrief/document_form.html", {"form": form, "document": document})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def document_delete(request: HttpRequest, pk: int) -> HttpResponse:
    document = own_document(request, pk)
    if request.method == "POST":
        delete_document(document=document)
        messages.success(request, _("%(document)s deleted.") % {"document": document})
        return redirect("debrief:document-list")
    return delete_after_confirmation(
        request,
        document,
        what=_("this document"),
        cancel_url=reverse("debrief:document-list"),
        success_url=reverse("debrief:document-list"),
        message="",
        consequences=_("The file is deleted; the applications stay as they are."),
    )


@require_safe
@login_required
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    return file_response(own_document(request, pk))


@require_safe
@adviser_required
def client_document_download(request: HttpRequest, client_id: int, pk: int) -> FileResponse:
    _ignored, document = client_for_adviser(
        request,
        client_id,
        viewed=gettext_lazy("Document: {}"),
        item=lambda client: get_object_or_404(Document.objects.for_user(client), pk=pk),
    )
    return file_response(document)


urlpatterns = [
    path("documents/", document_list, name="document-list"),
    path("documents/new/", document_new, name="document-new"),
    path("documents/<int:pk>/edit/", document_edit, name="document-edit"),
    path("documents/<int:pk>/delete/", document_delete, name="document-delete"),
    path("documents/<int:pk>/file/", document_download, name="document-download"),
    path(
        f"{CLIENT}/documents/<int:pk>/file/",
        client_document_download,
        name="adviser-document-download",
    ),
]
