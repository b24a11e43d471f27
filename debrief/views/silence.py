"""The silence clock: one click to close a silent item with "no response" or to keep waiting,
and each person's waiting times (services/silence.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from debrief.forms.silence import ReplySettingsForm
from debrief.models import ReplySettings
from debrief.services import silence
from debrief.views.shared import safe_next

CLOSED = {
    "application": gettext_lazy(
        "Closed as “no response”. Silence is about their process, not about you."
    ),
    "interview": gettext_lazy(
        "Closed as “no response”: counted as an employer who never answered, not as a rejection."
    ),
    "feedback": gettext_lazy(
        "Closed as “no response”. You can still ask for your interview notes: see below."
    ),
}
WAITING = gettext_lazy("Fine: Debrief will not ask about this one again.")
NOT_WAITING = gettext_lazy("That no longer waits for a reply: nothing was changed.")


@require_POST
@login_required
def silence_answer(request: HttpRequest, kind: str, pk: int, close: bool) -> HttpResponse:
    item = get_object_or_404(silence.owned_items(request.user, kind), pk=pk)
    changed = silence.silence_answer(
        owner=request.user, item=item, close=close, today=timezone.localdate()
    )
    if not changed:
        messages.error(request, NOT_WAITING)
    else:
        messages.success(request, CLOSED[kind] if close else WAITING)
    return redirect(safe_next(request, item.get_absolute_url()))


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def reply_settings(request: HttpRequest) -> HttpResponse:
    form = ReplySettingsForm(request.POST or None, instance=ReplySettings.of(request.user))
    if form.is_valid():
        form.save()
        messages.success(request, _("Your settings are saved."))
        return redirect("debrief:settings-replies")
    return render(request, "debrief/settings_replies.html", {"form": form})


urlpatterns = [
    *(
        path(
            f"silence/{kind}/<int:pk>/{answer}/",
            silence_answer,
            {"kind": kind, "close": answer == "close"},
            name=f"silence-{kind}-{answer}",
        )
        for kind in silence.KINDS
        for answer in ("close", "wait")
    ),
    path("settings/replies/", reply_settings, name="settings-replies"),
]
