"""A consenting client's record, read-only, for their adviser: the job seeker's own context
functions and templates, rendered with `record_client` so links lead to these pages and no
control that changes data is shown. Each page is written to the client's access log by
`client_for_adviser`."""

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from debrief.forms.adviser import AdviserNoteForm
from debrief.models import AdviserNote, Application, FeedbackRequest, Interview, StarAnswer, User
from debrief.services.dashboard import dashboard_context
from debrief.views import once
from debrief.views.actions import action_list_context
from debrief.views.adviser import CLIENT, adviser_required, client_for_adviser
from debrief.views.applications import application_detail_context, application_list_context
from debrief.views.feedback import feedback_detail_context, feedback_list_context
from debrief.views.interviews import interview_detail_context
from debrief.views.star import star_detail_context, star_list_context

# The record's sections: the page that opens each, and the pages that belong to it.
RECORD_SECTIONS = [
    ("adviser-dashboard", gettext_lazy("Dashboard and notes"), ["adviser-note-thread"]),
    (
        "adviser-application-list",
        gettext_lazy("Applications"),
        ["adviser-application-detail", "adviser-interview-detail", "adviser-interview-prepare"],
    ),
    ("adviser-feedback-list", gettext_lazy("Feedback"), ["adviser-feedback-detail"]),
    ("adviser-star-list", gettext_lazy("STAR answers"), ["adviser-star-detail"]),
    ("adviser-action-list", gettext_lazy("Actions"), []),
    (
        "adviser-together",
        gettext_lazy("Appointments and suggestions"),
        [
            "adviser-next-contact",
            "adviser-suggestion-new",
            "adviser-appointment-new",
            "adviser-appointment-edit",
            "adviser-appointment-cancel",
            "adviser-appointment-delete",
            "adviser-brief",
        ],
    ),
    (
        "adviser-case-notes",
        gettext_lazy("Case notes (private)"),
        ["adviser-case-note-edit", "adviser-case-note-delete"],
    ),
]


def record_sections(request: HttpRequest, client: User) -> list[dict]:
    page = request.resolver_match.url_name
    return [
        {
            "url": reverse(f"debrief:{name}", args=[client.pk]),
            "label": label,
            "current": "page" if page == name else "true" if page in pages else "",
        }
        for name, label, pages in RECORD_SECTIONS
    ]


def render_record(request: HttpRequest, client: User, template: str, context: dict) -> HttpResponse:
    """A job seeker's page, with its own template and context, as the adviser reads it."""
    return render(
        request,
        "debrief/adviser_record.html",
        {
            **context,
            "record_template": template,
            "record_client": client,
            "record_sections": record_sections(request, client),
        },
    )


def notes_context(request: HttpRequest, client: User, interview: Interview | None = None) -> dict:
    """The adviser's own notes on this client (about this interview, if given) and a form for
    a new one."""
    notes = (
        AdviserNote.objects.filter(adviser=request.user, client=client)
        .select_related("adviser", "interview__application")
        .annotate(reply_count=Count("replies"))
        .order_by("-created_at")
    )
    if interview is not None:
        notes = notes.filter(interview=interview)
    return {
        "adviser_notes": list(notes),
        "note_form": once.protect(AdviserNoteForm(client=client, initial={"interview": interview})),
    }


# Read-only pages: GET and HEAD only (405 for anything else), each logged by client_for_adviser.


@require_safe
@adviser_required
def client_dashboard(request: HttpRequest, client_id: int) -> HttpResponse:
    client, _ = client_for_adviser(request, client_id, viewed=gettext_lazy("Dashboard"))
    context = {**dashboard_context(client, timezone.localdate()), **notes_context(request, client)}
    return render_record(request, client, "debrief/dashboard.html", context)


@require_safe
@adviser_required
def client_application_list(request: HttpRequest, client_id: int) -> HttpResponse:
    client, _ = client_for_adviser(request, client_id, viewed=gettext_lazy("Applications"))
    context = application_list_context(request, client, client)
    return render_record(request, client, "debrief/application_list.html", context)


@require_safe
@adviser_required
def client_application_detail(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    client, application = client_for_adviser(
        request,
        client_id,
        viewed=gettext_lazy("Application: {}"),
        item=lambda client: get_object_or_404(Application.objects.for_user(client), pk=pk),
    )
    return render_record(
        request, client, "debrief/application_detail.html", application_detail_context(application)
    )


@require_safe
@adviser_required
def client_interview_detail(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    client, interview = client_for_adviser(
        request,
        client_id,
        viewed=gettext_lazy("Interview: {}"),
        item=lambda client: get_object_or_404(
            Interview.objects.for_user(client).select_related("application"), pk=pk
        ),
    )
    return render_record(
        request,
        client,
        "debrief/interview_detail.html",
        {**interview_detail_context(interview), **notes_context(request, client, interview)},
    )


@require_safe
@adviser_required
def client_feedback_list(request: HttpRequest, client_id: int) -> HttpResponse:
    client, _ = client_for_adviser(request, client_id, viewed=gettext_lazy("Feedback requests"))
    return render_record(
        request, client, "debrief/feedbackrequest_list.html", feedback_list_context(request, client)
    )


@require_safe
@adviser_required
def client_feedback_detail(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    client, feedback_request = client_for_adviser(
        request,
        client_id,
        viewed=gettext_lazy("Feedback request: {.interview}"),
        item=lambda client: get_object_or_404(
            FeedbackRequest.objects.for_user(client).select_related("interview__application"),
            pk=pk,
        ),
    )
    context = feedback_detail_context(
        feedback_request, sender_name=client.display_name, today=timezone.localdate()
    )
    return render_record(request, client, "debrief/feedbackrequest_detail.html", context)


@require_safe
@adviser_required
def client_star_list(request: HttpRequest, client_id: int) -> HttpResponse:
    client, _ = client_for_adviser(request, client_id, viewed=gettext_lazy("STAR answers"))
    return render_record(
        request, client, "debrief/staranswer_list.html", star_list_context(request, client)
    )


@require_safe
@adviser_required
def client_star_detail(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    client, answer = client_for_adviser(
        request,
        client_id,
        viewed=gettext_lazy("STAR answer: {}"),
        item=lambda client: get_object_or_404(StarAnswer.objects.for_user(client), pk=pk),
    )
    return render_record(
        request, client, "debrief/staranswer_detail.html", star_detail_context(answer)
    )


@require_safe
@adviser_required
def client_action_list(request: HttpRequest, client_id: int) -> HttpResponse:
    client, _ = client_for_adviser(request, client_id, viewed=gettext_lazy("Action items"))
    return render_record(
        request, client, "debrief/actionitem_list.html", action_list_context(request, client)
    )


urlpatterns = [
    path(f"{CLIENT}/", client_dashboard, name="adviser-dashboard"),
    path(f"{CLIENT}/applications/", client_application_list, name="adviser-application-list"),
    path(
        f"{CLIENT}/applications/<int:pk>/",
        client_application_detail,
        name="adviser-application-detail",
    ),
    path(
        f"{CLIENT}/interviews/<int:pk>/", client_interview_detail, name="adviser-interview-detail"
    ),
    path(f"{CLIENT}/feedback/", client_feedback_list, name="adviser-feedback-list"),
    path(f"{CLIENT}/feedback/<int:pk>/", client_feedback_detail, name="adviser-feedback-detail"),
    path(f"{CLIENT}/star/", client_star_list, name="adviser-star-list"),
    path(f"{CLIENT}/star/<int:pk>/", client_star_detail, name="adviser-star-detail"),
    path(f"{CLIENT}/actions/", client_action_list, name="adviser-action-list"),
]
