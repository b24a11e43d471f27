"""Later asks about a feedback request — more detail, a subject access request — marked sent and
answered in one click each, so the evidence (services/evidence.py) counts them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from debrief.models import AskKind, FeedbackAsk, FeedbackRequest

# The feedback page's draft keys (views/feedback.feedback_drafts), by kind of ask.
DRAFT_KINDS = {
    "request": AskKind.REQUEST,
    "follow-up": AskKind.FOLLOW_UP,
    "more-detail": AskKind.MORE_DETAIL,
    "sar": AskKind.SUBJECT_ACCESS,
}
LATER = {AskKind.MORE_DETAIL: "more-detail", AskKind.SUBJECT_ACCESS: "subject-access"}


@require_POST
@login_required
def ask_sent(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    feedback_request = get_object_or_404(FeedbackRequest.objects.for_user(request.user), pk=pk)
    _ignored, created = FeedbackAsk.objects.get_or_create(
        feedback_request=feedback_request, kind=kind, defaults={"sent_on": timezone.localdate()}
    )
    if created:
        messages.success(
            request,
            _("Marked as sent today: %(kind)s.") % {"kind": str(AskKind(kind).label).lower()},
        )
    else:
        messages.error(request, _("You marked this as sent already: nothing was changed."))
    return redirect(feedback_request)


@require_POST
@login_required
def ask_answered(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    ask = get_object_or_404(
        FeedbackAsk.objects.for_user(request.user), feedback_request_id=pk, kind=kind
    )
    if ask.answered_on is None:
        ask.answered_on = max(timezone.localdate(), ask.sent_on)
        ask.save(update_fields=["answered_on"])
        messages.success(request, _("Marked as answered today."))
    else:
        messages.error(request, _("You marked this as answered already: nothing was changed."))
    return redirect(ask.get_absolute_url())


urlpatterns = [
    *(
        path(f"feedback/<int:pk>/{slug}/{step}/", view, {"kind": kind}, name=f"ask-{slug}-{step}")
        for kind, slug in LATER.items()
        for step, view in (("sent", ask_sent), ("answered", ask_answered))
    ),
]
