"""Interviews of an application."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from debrief.forms.applications import InterviewForm
from debrief.models import (
    Application,
    Debrief,
    FeedbackRequest,
    Interview,
    NotificationSettings,
)
from debrief.ratelimits import limit_creation
from debrief.services.interviews import interview_save
from debrief.services.notes import notes_for_client
from debrief.services.outcomes import OPEN_STATUSES, Decision, lesson_action
from debrief.services.silence import silence_of
from debrief.views import once
from debrief.views.shared import delete_after_confirmation


def interview_detail_context(interview: Interview) -> dict:
    try:
        debrief = Debrief.objects.prefetch_related("questions__star_answer").get(
            interview=interview
        )
    except Debrief.DoesNotExist:
        debrief = None
    feedback_requests = list(interview.feedback_requests.order_by("-created_at"))
    return {
        "interview": interview,
        "application": interview.application,
        "debrief": debrief,
        "lesson_action": lesson_action(debrief) if debrief else None,
        "feedback_requests": feedback_requests,
        "has_open_feedback": any(
            f.status in FeedbackRequest.Status.still_open() for f in feedback_requests
        ),
        "can_decide": interview.is_past
        and interview.outcome == Interview.Outcome.AWAITING
        and interview.application.status in OPEN_STATUSES,
    }


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@limit_creation
def interview_new(request: HttpRequest, application_pk: int) -> HttpResponse:
    application = get_object_or_404(Application.objects.for_user(request.user), pk=application_pk)
    if replay := once.already_saved(request):
        return replay
    form = once.protect(
        InterviewForm(
            request.POST or None,
            instance=Interview(application=application, owner=request.user),
            submit_label=_("Add interview"),
            time_zone=NotificationSettings.of(request.user).time_zone,
        )
    )
    if form.is_valid():

        def save() -> str:
            interview = interview_save(interview=form.save(commit=False))
            messages.success(request, after_save_message(interview))
            return interview.get_absolute_url()

        return once.save_once(request, save)
    return render(
        request, "debrief/interview_form.html", {"form": form, "application": application}
    )


@require_safe
@login_required
def interview_detail(request: HttpRequest, pk: int) -> HttpResponse:
    interview = get_object_or_404(
        Interview.objects.for_user(request.user).select_related("application"), pk=pk
    )
    context = interview_detail_context(interview)
    context["adviser_notes"] = notes_for_client(request.user, interview)
    context["silence"] = silence_of(interview, owner=request.user, today=timezone.localdate())
    return render(request, "debrief/interview_detail.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def interview_edit(request: HttpRequest, pk: int) -> HttpResponse:
    interview = get_object_or_404(
        Interview.objects.for_user(request.user).select_related("application"), pk=pk
    )
    form = InterviewForm(
        request.POST or None,
        instance=interview,
        time_zone=NotificationSettings.of(request.user).time_zone,
    )
    if form.is_valid():
        decided_now = "outcome" in form.changed_data
        interview = interview_save(interview=form.save(commit=False))
        application = interview.application
        application.refresh_from_db(fields=["status"])
        decision = Decision.for_status(application.status)
        if decided_now and decision and decision.interview_outcome == interview.outcome:
            # The same path as "I've been turned down": on to the next steps.
            messages.success(request, _("Interview saved. Here is what to do next."))
            return redirect("debrief:application-next-steps", application.pk)
        messages.success(request, after_save_message(interview))
        return redirect(interview)
    return render(
        request,
        "debrief/interview_form.html",
        {"form": form, "application": interview.application, "interview": interview},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def interview_delete(request: HttpRequest, pk: int) -> HttpResponse:
    interview = get_object_or_404(
        Interview.objects.for_user(request.user).select_related("application"), pk=pk
    )
    return delete_after_confirmation(
        request,
        interview,
        what=_("this interview"),
        cancel_url=interview.get_absolute_url(),
        success_url=interview.application.get_absolute_url(),
        message=_("Interview deleted."),
        consequences=_("Its debrief and feedback requests are deleted with it."),
    )


def after_save_message(interview: Interview) -> str:
    """What to do next: the guide's order is debrief while it's fresh, then ask for feedback."""
    if not interview.is_past:
        return _("Interview saved. Open its preparation sheet when you get ready for it.")
    if not hasattr(interview, "debrief"):
        return _("Interview saved. Write your debrief while it is fresh — it takes five minutes.")
    if interview.outcome == Interview.Outcome.REJECTED:
        return _("Interview saved. It's business, not personal: ask them for feedback next.")
    return _("Interview saved.")


urlpatterns = [
    path("applications/<int:application_pk>/interviews/new/", interview_new, name="interview-new"),
    path("interviews/<int:pk>/", interview_detail, name="interview-detail"),
    path("interviews/<int:pk>/edit/", interview_edit, name="interview-edit"),
    path("interviews/<int:pk>/delete/", interview_delete, name="interview-delete"),
]
