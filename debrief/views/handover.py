"""The client's answer to a careers service's proposed handover, on their sharing page: accept
(their consent moves from one adviser to the other) or decline (nothing changes hands)."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from debrief.models import AdviserAccess, Handover, User
from debrief.services import consent, organisations


def proposed_handovers(client: User) -> list[Handover]:
    """The proposals the client can still answer: open, and about an adviser they still share
    with (one they stopped sharing with has nothing to hand over)."""
    still_shares = AdviserAccess.objects.active().filter(
        client=client, adviser=OuterRef("from_adviser")
    )
    return list(
        Handover.objects.open()
        .filter(Exists(still_shares), client=client)
        .select_related("from_adviser", "to_adviser", "organisation")
        .order_by("-proposed_at", "-id")
    )


def answer(request: HttpRequest, pk: int, change: Callable[..., Handover], done: str):
    handover = get_object_or_404(
        Handover.objects.filter(client=request.user).select_related("from_adviser", "to_adviser"),
        pk=pk,
    )
    try:
        change(handover=handover)
    except consent.ConsentError as error:
        messages.error(request, _("Nothing changed. %(reason)s") % {"reason": error})
    else:
        messages.success(
            request,
            done.format(
                old=handover.from_adviser.display_name, new=handover.to_adviser.display_name
            ),
        )
    return redirect("debrief:settings-sharing")


@require_POST
@login_required
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    return answer(
        request,
        pk,
        organisations.accept_handover,
        gettext_lazy("{new} can now read your record, and {old} no longer can."),
    )


@require_POST
@login_required
def decline(request: HttpRequest, pk: int) -> HttpResponse:
    return answer(
        request,
        pk,
        organisations.decline_handover,
        gettext_lazy("You declined the handover to {new}: nothing changed."),
    )


urlpatterns = [
    path("settings/sharing/handovers/<int:pk>/accept/", accept, name="settings-handover-accept"),
    path("settings/sharing/handovers/<int:pk>/decline/", decline, name="settings-handover-decline"),
]
