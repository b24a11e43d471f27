"""Sending the feedback request: the draft with "Open in my email app", "Copy" and "I've sent it"
on one page. The next steps after a "no" show it first; the reminder for a request left unsent
links to it ("Did you send it?"). A GET only shows; "I've sent it" (POST) saves the words as
sent and starts the follow-up clock from today."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from debrief.forms.outcomes import FeedbackSendForm
from debrief.models import AskKind, FeedbackRequest, User
from debrief.services import drafts
from debrief.services.evidence import evidence_for
from debrief.views.feedback import owned_feedback_request
from debrief.views.shared import safe_next


def send_context(
    feedback_request: FeedbackRequest,
    *,
    owner: User,
    landing: str,
    form: FeedbackSendForm | None = None,
) -> dict:
    """What the send form needs: the form (the request's words, or what was just typed), the
    subject and a mailto: link with the words as they stand, where to land once sent, and how
    often requests like it were answered (shown where the person decides to send it)."""
    form = form or FeedbackSendForm(instance=feedback_request)
    facts = drafts.facts_for(feedback_request, sender_name=owner.display_name)
    draft = drafts.Draft(
        subject=drafts.request_email(facts).subject,
        body=form["message"].value() or "",
    )
    return {
        "form": form,
        "feedback": feedback_request,
        "subject": draft.subject,
        "mailto": draft.mailto(form["contact_email"].value() or ""),
        "next": landing,
        "evidence": evidence_for(owner, timezone.localdate())[AskKind.REQUEST],
    }


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def feedback_send(request: HttpRequest, pk: int) -> HttpResponse:
    feedback_request = owned_feedback_request(request, pk)
    landing = safe_next(request, feedback_request.get_absolute_url())
    if request.method == "POST" and not feedback_request.is_not_sent:
        messages.info(request, already_sent(feedback_request))
        return redirect(landing)
    form = FeedbackSendForm(request.POST or None, instance=feedback_request)
    if form.is_valid():
        today = timezone.localdate()
        with transaction.atomic():
            form.save()
            sent = feedback_request.mark_sent(today)
        if sent:
            messages.success(
                request,
                _(
                    "Marked as sent today. If they have not replied by %(date)s, Debrief will "
                    "remind you to follow up: the follow-up is drafted for you."
                )
                % {"date": date_format(feedback_request.follow_up_due, "l j F")},
            )
        else:
            messages.info(request, already_sent(feedback_request))
        return redirect(landing)
    interview = feedback_request.interview
    return render(
        request,
        "debrief/feedbackrequest_send.html",
        {
            **send_context(
                feedback_request,
                owner=request.user,
                landing=landing,
                form=form,
            ),
            "interview": interview,
            "application": interview.application,
        },
    )


def already_sent(feedback_request: FeedbackRequest) -> str:
    feedback_request.refresh_from_db()
    if feedback_request.requested_on:
        return _("This request was already marked as sent on %(date)s: nothing was changed.") % {
            "date": date_format(feedback_request.requested_on, "j F Y")
        }
    return _("This request is no longer waiting to be sent: nothing was changed.")


urlpatterns = [
    path("feedback/<int:pk>/send/", feedback_send, name="feedback-send"),
]
