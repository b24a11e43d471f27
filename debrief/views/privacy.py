"""The client's side of sharing and their data rights: who may read my record, who did, a copy
of everything, and deleting it all."""

import datetime
from collections.abc import Callable
from typing import NamedTuple

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from debrief.forms.privacy import DeleteAccountForm, GrantAccessForm
from debrief.models import AccessLogEntry, AdviserAccess, AdviserAccessChange, SharedAddress
from debrief.ratelimits import limit_creation
from debrief.services import consent, forget
from debrief.services.export import export_zip
from debrief.views.handover import proposed_handovers
from debrief.views.shared import paginate, query_string_without_page

# Said whatever the email: whether an address belongs to an adviser is not ours to reveal.
GRANTED_MESSAGE = gettext_lazy(
    "If {email} belongs to a Debrief careers adviser, they can now read your record. "
    "You can revoke their access here at any time."
)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@limit_creation
def sharing(request: HttpRequest) -> HttpResponse:
    form = GrantAccessForm(request.POST or None)
    if request.method == "POST" and not request.user.has_confirmed_email:
        messages.error(request, consent.CONFIRM_FIRST)
        return redirect("debrief:settings-sharing")
    if form.is_valid():
        email = form.cleaned_data["email"]
        consent.share_with_address(client=request.user, email=email)
        messages.success(request, GRANTED_MESSAGE.format(email=email))
        return redirect("debrief:settings-sharing")
    return render(request, "debrief/settings_sharing.html", sharing_context(request, form))


def sharing_context(request: HttpRequest, form: GrantAccessForm) -> dict:
    """What the sharing page lists. Consent given by typing an address is shown by that address
    only (SharedAddress), never by the adviser it reached, and its history too: the page says
    the same whether the address was an adviser's, a job seeker's or nobody's."""
    shared = list(SharedAddress.objects.filter(client=request.user))
    by_address = {row.access_id for row in shared if row.access_id}
    open_statuses = [AdviserAccess.Status.PENDING, AdviserAccess.Status.ACTIVE]
    accesses = [
        access
        for access in AdviserAccess.objects.filter(client=request.user, status__in=open_statuses)
        .select_related("adviser__membership__organisation")
        .order_by("-created_at")
        if access.pk not in by_address
    ]
    changes = [
        SharingEvent(
            change.changed_at,
            change.access.adviser.display_name,
            change.status,
            change.changed_by_id == request.user.pk,
            change.changed_by.display_name if change.changed_by else "",
        )
        for change in AdviserAccessChange.objects.filter(access__client=request.user)
        .exclude(access_id__in=by_address)
        .select_related("access__adviser", "changed_by")
    ]
    for row in shared:
        changes.append(SharingEvent(row.given_at, row.email, AdviserAccess.Status.ACTIVE, True, ""))
        if row.ended_at:
            changes.append(
                SharingEvent(row.ended_at, row.email, AdviserAccess.Status.REVOKED, True, "")
            )
    return {
        "form": form,
        "pending": [a for a in accesses if a.status == AdviserAccess.Status.PENDING],
        "active": [a for a in accesses if a.status == AdviserAccess.Status.ACTIVE],
        "shared": [row for row in shared if row.ended_at is None],
        "changes": sorted(changes, key=lambda event: event.at, reverse=True),
        "handovers": proposed_handovers(request.user),
    }


class SharingEvent(NamedTuple):
    """One line of the consent history: when, with whom (a name, or the address typed), what,
    and whether the client did it (else who)."""

    at: datetime.datetime
    who: str
    status: str
    by_you: bool
    by_name: str


@require_POST
@login_required
def sharing_address_stop(request: HttpRequest, pk: int) -> HttpResponse:
    shared = get_object_or_404(SharedAddress.objects.filter(client=request.user), pk=pk)
    try:
        consent.stop_sharing_with_address(shared=shared)
    except consent.ConsentError as error:
        messages.error(request, _("Nothing changed. %(reason)s") % {"reason": error})
    else:
        messages.success(
            request,
            _("You stopped sharing your record with %(email)s.") % {"email": shared.email},
        )
    return redirect("debrief:settings-sharing")


def change_consent(
    request: HttpRequest, pk: int, change: Callable[..., AdviserAccess], done: str
) -> HttpResponse:
    """Apply a consent change to one of the client's accesses. The service checks the access is
    still in the state the button was shown for: a second click or a second tab is told what
    happened instead of failing."""
    access = get_object_or_404(
        AdviserAccess.objects.filter(client=request.user).select_related("adviser"), pk=pk
    )
    try:
        change(access=access)
    except consent.ConsentError as error:
        messages.error(request, _("Nothing changed. %(reason)s") % {"reason": error})
    else:
        messages.success(request, done.format(adviser=access.adviser))
    return redirect("debrief:settings-sharing")


@require_POST
@login_required
def sharing_accept(request: HttpRequest, pk: int) -> HttpResponse:
    return change_consent(
        request, pk, consent.client_accept, gettext_lazy("{adviser} can now read your record.")
    )


@require_POST
@login_required
def sharing_decline(request: HttpRequest, pk: int) -> HttpResponse:
    return change_consent(
        request,
        pk,
        consent.client_decline,
        gettext_lazy("You declined {adviser}'s request. They cannot see your record."),
    )


@require_POST
@login_required
def sharing_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    return change_consent(
        request,
        pk,
        consent.client_revoke,
        gettext_lazy("{adviser} can no longer see your record."),
    )


@require_safe
@login_required
def access_log(request: HttpRequest) -> HttpResponse:
    page = paginate(request, AccessLogEntry.objects.filter(client=request.user))
    return render(
        request,
        "debrief/settings_access_log.html",
        {"page_obj": page, "query_string": query_string_without_page(request)},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def export(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return render(request, "debrief/settings_export.html")
    filename = f"debrief-export-{timezone.localdate():%Y-%m-%d}.zip"
    return HttpResponse(
        export_zip(request.user),
        content_type="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@sensitive_post_parameters("password")
@login_required
def delete_account(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST or None, user=request.user, request=request)
    if form.is_valid():
        user = request.user
        logout(request)
        forget.delete_account(user=user)
        messages.success(request, _("Your account and all your data have been deleted. Good luck."))
        return redirect("debrief:home")
    return render(request, "debrief/settings_delete_account.html", {"form": form})


urlpatterns = [
    path("settings/sharing/", sharing, name="settings-sharing"),
    path("settings/sharing/<int:pk>/accept/", sharing_accept, name="settings-sharing-accept"),
    path("settings/sharing/<int:pk>/decline/", sharing_decline, name="settings-sharing-decline"),
    path("settings/sharing/<int:pk>/revoke/", sharing_revoke, name="settings-sharing-revoke"),
    path(
        "settings/sharing/addresses/<int:pk>/stop/",
        sharing_address_stop,
        name="settings-sharing-address-stop",
    ),
    path("settings/access-log/", access_log, name="settings-access-log"),
    path("settings/export/", export, name="settings-export"),
    path("settings/delete-account/", delete_account, name="settings-delete-account"),
]
