"""Feedback requests: ask, follow up, record what the employer said, and act on it."""

import datetime
from itertools import groupby
from operator import attrgetter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from debrief.forms.feedback import (
    FeedbackAnswerForm,
    FeedbackFilterForm,
    FeedbackRecordForm,
    FeedbackRequestForm,
)
from debrief.models import AskKind, Debrief, FeedbackRequest, InboundMessage, Interview, Reason
from debrief.ratelimits import limit_creation
from debrief.services import contacts, drafts
from debrief.services.evidence import evidence_for
from debrief.services.feedback import feedback_record_received
from debrief.services.silence import silence_of
from debrief.views import once
from debrief.views.evidence import DRAFT_KINDS, LATER
from debrief.views.shared import (
    delete_after_confirmation,
    not_yet_context,
    paginate,
    query_string_without_page,
)

# FeedbackRequestQuerySet.with_priority's groups, in the words the list shows.
PRIORITY_LABELS = {
    0: gettext_lazy("Follow-up overdue"),
    1: gettext_lazy("Follow-up due"),
    2: gettext_lazy("Not sent yet"),
    3: gettext_lazy("Waiting for a reply"),
    4: gettext_lazy("Closed"),
}


def owned_feedback_request(request: HttpRequest, pk: int) -> FeedbackRequest:
    return get_object_or_404(
        FeedbackRequest.objects.for_user(request.user).select_related("interview__application"),
        pk=pk,
    )


def feedback_list_context(request: HttpRequest, owner) -> dict:
    """The owner's requests, what needs doing first, grouped under a label per priority."""
    today = timezone.localdate()
    filters = FeedbackFilterForm(request.GET)
    requests = filters.filter(
        FeedbackRequest.objects.for_user(owner)
        .with_priority(today)
        .select_related("interview__application")
    )
    page_obj = paginate(request, requests)
    groups = [
        (PRIORITY_LABELS[priority], list(rows))
        for priority, rows in groupby(page_obj, key=attrgetter("priority"))
    ]
    return {
        "filters": filters,
        "page_obj": page_obj,
        "groups": groups,
        "query_string": query_string_without_page(request),
        "today": today,
    }


def feedback_drafts(
    feedback_request: FeedbackRequest, *, sender_name: str, today: datetime.date
) -> list[dict]:
    """The emails that fit where the request stands, the most pressing first."""
    facts = drafts.facts_for(feedback_request, sender_name=sender_name)
    found = []
    if feedback_request.ended_without_feedback:
        found.append(
            {
                "key": "sar",
                "title": _("Ask for your interview notes (subject access request)"),
                "intro": _(
                    "The employer did not give feedback. Under UK GDPR you have the right to "
                    "the personal data they hold about you, including interview notes and "
                    "scores. They must answer within one month, free of charge. Send it to "
                    "their data protection officer if their privacy notice names one."
                ),
                "draft": drafts.subject_access_request(facts),
            }
        )
    if feedback_request.needs_more_detail:
        found.append(
            {
                "key": "more-detail",
                "title": _("Ask for more detail"),
                "intro": _("Their feedback was vague. It is reasonable to ask for specifics."),
                "draft": drafts.more_detail_email(facts),
            }
        )
    elif feedback_request.is_follow_up_due(today):
        found.append(
            {
                "key": "follow-up",
                "title": _("Follow-up email"),
                "intro": _("No reply yet. A short, friendly follow-up often gets one."),
                "draft": drafts.follow_up_email(facts),
            }
        )
    if feedback_request.status not in FeedbackRequest.Status.still_open():
        # They answered (or the request ended): the original email is history, not a next step.
        return with_mailto(found, feedback_request)
    request_draft = drafts.request_email(facts)
    if feedback_request.message:
        request_draft = drafts.Draft(subject=request_draft.subject, body=feedback_request.message)
    found.append(
        {
            "key": "request",
            "title": _("Feedback request email"),
            "intro": _("Polite, professional and assertive. Make it yours before you send it."),
            "draft": request_draft,
        }
    )
    return with_mailto(found, feedback_request)


def with_mailto(found: list[dict], feedback_request: FeedbackRequest) -> list[dict]:
    for draft in found:
        draft["mailto"] = draft["draft"].mailto(feedback_request.contact_email)
    return found


def feedback_detail_context(
    feedback_request: FeedbackRequest, *, sender_name: str, today: datetime.date
) -> dict:
    return {
        "feedback": feedback_request,
        "interview": feedback_request.interview,
        "application": feedback_request.interview.application,
        "is_overdue": feedback_request.is_overdue(today),
        "is_follow_up_due": feedback_request.is_follow_up_due(today),
        "reasons_within": [Reason(r).label for r in feedback_request.reasons_within_my_control()],
        "reasons_outside": [Reason(r).label for r in feedback_request.reasons_outside_my_control()],
        "action_items": list(feedback_request.action_items.all()),
        # Offered once their answer is here: the full self-assessment, if not yet complete.
        "self_assessment_complete": not feedback_request.is_received
        or Debrief.objects.complete().filter(interview_id=feedback_request.interview_id).exists(),
        "drafts": feedback_drafts(feedback_request, sender_name=sender_name, today=today),
    }


@require_safe
@login_required
def feedback_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "debrief/feedbackrequest_list.html", feedback_list_context(request, request.user)
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@limit_creation
def feedback_new(request: HttpRequest, pk: int) -> HttpResponse:
    interview = get_object_or_404(
        Interview.objects.for_user(request.user).select_related("application"), pk=pk
    )
    if replay := once.already_saved(request):
        return replay
    if not interview.is_past:
        return render(request, "debrief/not_yet.html", not_yet_context(interview, "feedback"))
    # The contact recorded for this interview (an interviewer first), if any, is whom to ask;
    # otherwise the first interviewer entered earlier, greeted by first name.
    contact = contacts.feedback_contact(interview)
    feedback_request = FeedbackRequest(
        interview=interview,
        contact_name=contact.name if contact else drafts.first_interviewer(interview.interviewers),
        contact_email=contact.email if contact else "",
    )
    draft = drafts.request_email(
        drafts.facts_for(feedback_request, sender_name=request.user.display_name)
    )
    form = once.protect(
        FeedbackRequestForm(
            request.POST or None,
            instance=feedback_request,
            # Not sent until the user says so ("I sent it today" on the next page): follow-ups and
            # response rates count only requests that really went out.
            initial={
                "contact_name": feedback_request.contact_name,
                "channel": FeedbackRequest.Channel.EMAIL,
                "status": FeedbackRequest.Status.NOT_SENT,
                "message": draft.body,
            },
        )
    )
    if form.is_valid():

        def save() -> str:
            feedback_request = form.save(commit=False)
            if normalised(feedback_request.message) == draft.body:
                # The draft was sent back untouched: greet the contact the user has just named.
                facts = drafts.facts_for(feedback_request, sender_name=request.user.display_name)
                feedback_request.message = drafts.request_email(facts).body
            feedback_request.save()
            messages.success(request, after_save_message(feedback_request))
            return feedback_request.get_absolute_url()

        return once.save_once(request, save)
    open_request = (
        interview.feedback_requests.filter(status__in=FeedbackRequest.Status.still_open())
        .order_by("-created_at")
        .first()
    )
    return render(
        request,
        "debrief/feedbackrequest_form.html",
        {
            "form": form,
            "interview": interview,
            "application": interview.application,
            "open_request": open_request,
            "evidence": evidence_for(request.user, timezone.localdate())[AskKind.REQUEST],
        },
    )


@require_safe
@login_required
def feedback_detail(request: HttpRequest, pk: int) -> HttpResponse:
    feedback_request = owned_feedback_request(request, pk)
    today = timezone.localdate()
    context = feedback_detail_context(
        feedback_request, sender_name=request.user.display_name, today=today
    )
    context["silence"] = silence_of(feedback_request, owner=request.user, today=today)
    evidence = evidence_for(request.user, today)
    later = None
    for draft in context["drafts"]:
        kind = DRAFT_KINDS[draft["key"]]
        draft["evidence"] = evidence[kind]
        if kind in LATER:
            if later is None:
                later = {ask.kind: ask for ask in feedback_request.later_asks.all()}
            draft["later"] = {"slug": LATER[kind], "ask": later.get(kind)}
    return render(request, "debrief/feedbackrequest_detail.html", context)


def render_form(
    request: HttpRequest, template: str, form, feedback_request: FeedbackRequest
) -> HttpResponse:
    """A form about a request in hand, with what its page names: the interview, the application."""
    return render(
        request,
        template,
        {
            "form": form,
            "feedback": feedback_request,
            "interview": feedback_request.interview,
            "application": feedback_request.interview.application,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def feedback_edit(request: HttpRequest, pk: int) -> HttpResponse:
    feedback_request = owned_feedback_request(request, pk)
    if "answer" in request.GET:
        # The old "I have their answer" address: their answer has its own form now.
        return redirect("debrief:feedback-answer", feedback_request.pk)
    form = FeedbackRecordForm(request.POST or None, instance=feedback_request)
    if form.is_valid():
        form.save()
        messages.success(request, after_save_message(feedback_request))
        return redirect("debrief:feedback-detail", feedback_request.pk)
    return render_form(request, "debrief/feedbackrequest_form.html", form, feedback_request)


def reasons_in_their_no(owner, feedback_request: FeedbackRequest) -> list[str]:
    """The reasons the person ticked in the employer's email when recording the "no" after this
    interview (debrief.inbound.filing.confirm): given once, not asked for again."""
    given = (
        InboundMessage.objects.for_user(owner)
        .filter(interview_id=feedback_request.interview_id, status=InboundMessage.Status.CONFIRMED)
        .values_list("reasons", flat=True)
    )
    ticked = {reason for reasons in given for reason in reasons}
    return [reason for reason in Reason.values if reason in ticked]


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def feedback_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """Their answer, captured once (FeedbackAnswerForm)."""
    feedback_request = owned_feedback_request(request, pk)
    form = FeedbackAnswerForm(
        request.POST or None,
        instance=feedback_request,
        reasons_in_their_no=reasons_in_their_no(request.user, feedback_request),
    )
    if form.is_valid():
        created = feedback_record_received(
            feedback_request=form.save(commit=False),
            reasons=form.cleaned_data["reasons"],
            create_actions_for=form.cleaned_data["create_actions"],
        )
        message = after_save_message(feedback_request)
        if created:
            count = len(created)
            added = ngettext(
                "%(count)s action item added to your list.",
                "%(count)s action items added to your list.",
                count,
            ) % {"count": count}
            # Two whole sentences, one after the other.
            message = f"{message} {added}"
        messages.success(request, message)
        return redirect("debrief:feedback-detail", feedback_request.pk)
    return render_form(request, "debrief/feedbackrequest_answer.html", form, feedback_request)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def feedback_delete(request: HttpRequest, pk: int) -> HttpResponse:
    feedback_request = owned_feedback_request(request, pk)
    return delete_after_confirmation(
        request,
        feedback_request,
        what=_("this feedback request"),
        cancel_url=feedback_request.get_absolute_url(),
        success_url=reverse("debrief:interview-detail", args=[feedback_request.interview_id]),
        message=_("Feedback request deleted."),
        consequences=_("Action items you created from it stay on your list."),
    )


# One-click updates: (the model's state change, what the user is told when it applied).
QUICK_ACTIONS = {
    "sent": (
        FeedbackRequest.mark_sent,
        gettext_lazy("Marked as sent today. Debrief will remind you to follow up in a week."),
    ),
    "followed-up": (
        FeedbackRequest.mark_followed_up,
        gettext_lazy("Marked as followed up today. Give them another week to reply."),
    ),
    "no-response": (
        FeedbackRequest.mark_no_response,
        gettext_lazy(
            "Marked as no response. You can still ask for your interview notes: see below."
        ),
    ),
}


@require_POST
@login_required
def feedback_mark(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    feedback_request = owned_feedback_request(request, pk)
    mark, message = QUICK_ACTIONS[action]
    if mark(feedback_request, timezone.localdate()):
        messages.success(request, message)
    else:
        messages.error(request, _("That no longer applies to this request: nothing was changed."))
    return redirect("debrief:feedback-detail", feedback_request.pk)


def normalised(text: str) -> str:
    """Text as drafted, whatever line endings the browser sent back."""
    return text.replace("\r\n", "\n")


def after_save_message(feedback_request: FeedbackRequest) -> str:
    status = FeedbackRequest.Status
    if feedback_request.needs_more_detail:
        return _("Their answer is saved. It was vague: Debrief drafted a request for more detail.")
    if feedback_request.is_received:
        return _("Their answer is saved.")
    if feedback_request.status == status.DECLINED:
        return _(
            "Saved: they declined to give feedback. You can still ask for your interview notes."
        )
    if feedback_request.status == status.NOT_SENT:
        return _("Feedback request saved. Send it, then press “I sent it today”.")
    if feedback_request.status in status.awaiting_reply() and feedback_request.follow_up_due:
        return _("Feedback request saved. Follow up on %(date)s if they have not replied.") % {
            "date": date_format(feedback_request.follow_up_due, "j F Y")
        }
    return _("Feedback request saved.")


urlpatterns = [
    path("feedback/", feedback_list, name="feedback-list"),
    path("interviews/<int:pk>/feedback/new/", feedback_new, name="feedback-new"),
    path("feedback/<int:pk>/", feedback_detail, name="feedback-detail"),
    path("feedback/<int:pk>/edit/", feedback_edit, name="feedback-edit"),
    path("feedback/<int:pk>/answer/", feedback_answer, name="feedback-answer"),
    path("feedback/<int:pk>/delete/", feedback_delete, name="feedback-delete"),
    path("feedback/<int:pk>/sent/", feedback_mark, {"action": "sent"}, name="feedback-sent"),
    path(
        "feedback/<int:pk>/followed-up/",
        feedback_mark,
        {"action": "followed-up"},
        name="feedback-followed-up",
    ),
    path(
        "feedback/<int:pk>/no-response/",
        feedback_mark,
        {"action": "no-response"},
        name="feedback-no-response",
    ),
]
