"""Applications: the list, one application with its interviews and stage history, and its forms."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods, require_safe

from debrief.forms.applications import ApplicationFilterForm, ApplicationForm
from debrief.models import Application, ApplicationStatusCount, Interview
from debrief.ratelimits import limit_creation
from debrief.services.outcomes import OPEN_STATUSES, Decision, application_save
from debrief.templatetags.debrief_tags import short_date
from debrief.views import once
from debrief.views.shared import delete_after_confirmation, paginate, query_string_without_page


def count_of(related) -> Coalesce:
    """The number of rows of a queryset correlated with OuterRef, as an annotation."""
    return Coalesce(
        Subquery(related.values("application").annotate(count=Count("pk")).values("count")), 0
    )


def known_count(filters: ApplicationFilterForm, counts: dict, total: int) -> int | None:
    """How many applications the list shows, when the counts by status already say: a search
    needs counting; a status filter, or none, does not (a second pass over the record saved)."""
    if not filters.is_valid():
        return total
    if filters.cleaned_data["q"]:
        return None
    status = filters.cleaned_data["status"]
    return counts.get(status, 0) if status else total


@dataclass(frozen=True)
class ApplicationRow:
    """One line of the list, ready to print: the template does no lookups, tags or filters
    per row (they were most of the page's rendering time)."""

    url: str
    role_title: str
    employer: str
    location: str
    status: str
    status_label: str
    applied: str
    interview_count: int
    pending_interviews: int
    # "They said no" on an application still open, for its owner (never in an adviser's view).
    decision_url: str


ROW_FIELDS = (
    "pk",
    "role_title",
    "employer",
    "location",
    "status",
    "date_applied",
    "interview_count",
    "pending_interviews",
)


def detail_url_maker(client):
    """A function of an application's id giving its page's address: reversed once, not per row.
    Under an adviser's view of `client`, the adviser's read-only page."""
    name, args = (
        ("debrief:adviser-application-detail", [client.pk])
        if client is not None
        else ("debrief:application-detail", [])
    )
    sample = reverse(name, args=[*args, 1])
    if not sample.endswith("/1/"):  # a changed URL pattern: reverse each row
        return lambda pk: reverse(name, args=[*args, pk])
    prefix = sample[: -len("1/")]
    return lambda pk: f"{prefix}{pk}/"


def application_rows(values: list[tuple], client=None) -> list[ApplicationRow]:
    url = detail_url_maker(client)
    labels = dict(Application.Status.choices)
    turned_down = reverse("debrief:application-decision", args=[1, "turned-down"])

    def decision_url(pk: int, status: str) -> str:
        if client is not None or status not in OPEN_STATUSES:
            return ""
        return turned_down.replace("/1/", f"/{pk}/", 1)

    return [
        ApplicationRow(
            url=url(pk),
            role_title=role_title,
            employer=employer,
            location=location,
            status=status,
            status_label=str(labels.get(status, status)),
            applied=short_date(date_applied),
            interview_count=interview_count,
            pending_interviews=pending_interviews,
            decision_url=decision_url(pk, status),
        )
        for (
            pk,
            role_title,
            employer,
            location,
            status,
            date_applied,
            interview_count,
            pending_interviews,
        ) in values
    ]


def application_list_context(request: HttpRequest, owner, client=None) -> dict:
    """The list of `owner`'s applications; `client` when an adviser reads them (its links go to
    the adviser's read-only pages)."""
    filters = ApplicationFilterForm(request.GET)
    # Counted per row shown (correlated subqueries run for the page's rows only), not by
    # grouping every application of the record: 14 ms less a page at 10,000 applications.
    interviews = Interview.objects.filter(application=OuterRef("pk")).order_by()
    applications = filters.filter(
        Application.objects.for_user(owner).annotate(
            interview_count=count_of(interviews),
            pending_interviews=count_of(interviews.filter(outcome=Interview.Outcome.AWAITING)),
        )
    )
    # Kept by the database (ApplicationStatusCount): a few rows, not a count of the whole record.
    counts = ApplicationStatusCount.of(owner)
    status_counts = [
        (value, label, counts.get(value, 0)) for value, label in Application.Status.choices
    ]
    total = sum(counts.values())
    page = paginate(
        request, applications.values_list(*ROW_FIELDS), count=known_count(filters, counts, total)
    )
    page.object_list = application_rows(list(page.object_list), client)
    return {
        "filters": filters,
        "page_obj": page,
        "query_string": query_string_without_page(request),
        "status_counts": status_counts,
        "total_count": total,
        "current_status": filters.cleaned_data.get("status", "") if filters.is_valid() else "",
        "current_sort": filters.cleaned_data.get("sort", "") if filters.is_valid() else "",
    }


def application_detail_context(application: Application) -> dict:
    interviews = (
        application.interviews.select_related("debrief")
        .annotate(feedback_count=Count("feedback_requests"))
        .order_by("scheduled_at")
    )
    return {
        "application": application,
        "interviews": interviews,
        "status_changes": application.status_changes.all(),
        "is_open": application.status in OPEN_STATUSES,
        "decision": Decision.for_status(application.status),
    }


@require_safe
@login_required
def application_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "debrief/application_list.html", application_list_context(request, request.user)
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@limit_creation
def application_new(request: HttpRequest) -> HttpResponse:
    if replay := once.already_saved(request):
        return replay
    form = once.protect(ApplicationForm(request.POST or None, submit_label="Add application"))
    if form.is_valid():

        def save() -> str:
            application = form.save(commit=False)
            application.owner = request.user
            if application_save(application=application):
                messages.success(request, f"Added {application}.")
                return reverse("debrief:application-next-steps", args=[application.pk])
            messages.success(request, f"Added {application}. Good luck!")
            return application.get_absolute_url()

        return once.save_once(request, save)
    return render(request, "debrief/application_form.html", {"form": form})


@require_safe
@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(Application.objects.for_user(request.user), pk=pk)
    return render(
        request, "debrief/application_detail.html", application_detail_context(application)
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def application_edit(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(Application.objects.for_user(request.user), pk=pk)
    form = ApplicationForm(request.POST or None, instance=application)
    if form.is_valid():
        if application_save(application=form.save(commit=False)):
            messages.success(request, "Application saved. Here is what to do next.")
            return redirect("debrief:application-next-steps", application.pk)
        messages.success(request, "Application saved.")
        return redirect(application)
    return render(
        request, "debrief/application_form.html", {"form": form, "application": application}
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def application_delete(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(Application.objects.for_user(request.user), pk=pk)
    interview_count = application.interviews.count()
    return delete_after_confirmation(
        request,
        application,
        what="this application",
        cancel_url=application.get_absolute_url(),
        success_url=reverse("debrief:application-list"),
        message=f"Deleted {application}.",
        consequences=(
            f"Its {interview_count} interview{pluralize(interview_count)}, with their debriefs "
            "and feedback requests, are deleted with it."
            if interview_count
            else ""
        ),
    )


urlpatterns = [
    path("applications/", application_list, name="application-list"),
    path("applications/new/", application_new, name="application-new"),
    path("applications/<int:pk>/", application_detail, name="application-detail"),
    path("applications/<int:pk>/edit/", application_edit, name="application-edit"),
    path("applications/<int:pk>/delete/", application_delete, name="application-delete"),
]
