"""Inviting job seekers: the adviser's list, its preview and its one confirmation; and the
invited person's side, the one-time link that leads to sign-up with the request waiting.

Nothing the adviser sees says whether an address has an account: the preview checks only what
was typed, and every row sent reads "Sent" whatever the worker did with it.
"""

from django.contrib import messages
from django.contrib.auth import login
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from debrief.forms.together import InvitationListForm, InvitedSignUpForm
from debrief.models import ClientInvitation, InvitationBatch, invitation_lifetime
from debrief.ratelimits import invitations_left_today, limit_creation, limit_posts
from debrief.services import invitations
from debrief.views.adviser import adviser_required

Status = ClientInvitation.Status
# The invitation a visitor followed, kept in their session so the token leaves the address bar.
INVITATION_SESSION = "client_invitation"


def sent_message(count: int) -> str:
    return ngettext(
        "%(count)s invitation is on its way. Whoever already has a Debrief account sees your "
        "request on their sharing page; anyone else gets a link to create one, with your "
        "request waiting. Your caseload shows each person once they accept.",
        "%(count)s invitations are on their way. Whoever already has a Debrief account sees "
        "your request on their sharing page; anyone else gets a link to create one, with your "
        "request waiting. Your caseload shows each person once they accept.",
        count,
    ) % {"count": count}


def own_batch(request: HttpRequest, pk: int) -> InvitationBatch:
    return get_object_or_404(InvitationBatch.objects.filter(adviser=request.user), pk=pk)


def earlier_lists(request: HttpRequest):
    return (
        InvitationBatch.objects.filter(adviser=request.user, confirmed_at__isnull=False)
        .annotate(
            sent=Count("rows", filter=Q(rows__status__in=invitations.ASKED)),
            left_out=Count("rows", filter=Q(rows__status=Status.LEFT_OUT)),
        )
        .order_by("-confirmed_at")[:20]
    )


@require_http_methods(["GET", "HEAD", "POST"])
@adviser_required
@limit_creation
def invitation_new(request: HttpRequest) -> HttpResponse:
    initial = {}
    draft_id = request.GET.get("from", "")
    if draft_id.isascii() and draft_id.isdigit():
        draft = InvitationBatch.objects.filter(
            adviser=request.user, pk=draft_id, confirmed_at__isnull=True
        ).first()
        if draft is not None:
            initial["people"] = "\n".join(draft.rows.values_list("typed", flat=True))
    form = InvitationListForm(request.POST or None, request.FILES or None, initial=initial)
    if form.is_valid():
        batch = invitations.create_batch(adviser=request.user, rows=form.rows)
        return redirect(batch)
    return render(
        request,
        "debrief/invitation_new.html",
        {
            "form": form,
            "batches": earlier_lists(request),
            "max_rows": ClientInvitation.MAX_ROWS,
        },
    )


@require_safe
@adviser_required
def invitation_batch(request: HttpRequest, pk: int) -> HttpResponse:
    batch = own_batch(request, pk)
    rows = list(batch.rows.all())
    with_errors = [row for row in rows if row.error]
    return render(
        request,
        "debrief/invitation_batch.html",
        {
            "batch": batch,
            "rows": rows,
            "with_errors": with_errors,
            "valid_count": len(rows) - len(with_errors),
            "left_today": invitations_left_today(request.user),
        },
    )


@require_POST
@adviser_required
def invitation_send(request: HttpRequest, pk: int) -> HttpResponse:
    batch = own_batch(request, pk)
    if not batch.is_confirmed:
        valid = batch.rows.filter(error="").count()
        left = invitations_left_today(request.user)
        if valid > left:
            messages.error(
                request,
                ngettext(
                    "Nothing was sent. You can invite %(left)s more person today (1,000 a day): "
                    "send a shorter list, or this one tomorrow.",
                    "Nothing was sent. You can invite %(left)s more people today (1,000 a day): "
                    "send a shorter list, or this one tomorrow.",
                    left,
                )
                % {"left": left},
            )
            return redirect(batch)
    queued = invitations.confirm_batch(batch=batch)
    if queued:
        messages.success(request, sent_message(queued))
    else:
        messages.info(request, _("This list was sent already: nobody was invited twice."))
    return redirect(batch)


# --- The invited person -------------------------------------------------------------------------


def session_invitation(request: HttpRequest) -> ClientInvitation | None:
    pk = request.session.get(INVITATION_SESSION)
    if pk is None:
        return None
    return ClientInvitation.objects.usable().filter(pk=pk).select_related("batch__adviser").first()


def invalid(request: HttpRequest) -> HttpResponse:
    return render(request, "registration/invitation.html", {"invalid": True}, status=404)


@require_safe
def invitation_open(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the email: remembered in the session, then the page without the token."""
    invitation = invitations.invitation_for(token)
    if invitation is None:
        return invalid(request)
    if invitation.has_expired:
        return render(
            request,
            "registration/invitation.html",
            {
                "expired": True,
                "invitation": invitation,
                "adviser": invitation.batch.adviser,
                "lifetime_days": invitation_lifetime().days,
            },
            status=410,
        )
    request.session[INVITATION_SESSION] = invitation.pk
    return redirect("debrief:invitation-accept")


def accepted(request: HttpRequest, invitation: ClientInvitation, *, waiting: bool) -> HttpResponse:
    request.session.pop(INVITATION_SESSION, None)
    if waiting:
        messages.success(
            request,
            _(
                "%(adviser)s's request is waiting for you below. Nothing is shared until you "
                "accept it."
            )
            % {"adviser": invitation.batch.adviser.display_name},
        )
    else:
        messages.info(
            request,
            _(
                "%(adviser)s can no longer ask for access to records, so no request is "
                "waiting. Nothing is shared."
            )
            % {"adviser": invitation.batch.adviser.display_name},
        )
    return redirect("debrief:settings-sharing")


@sensitive_post_parameters("password1", "password2")
@require_http_methods(["GET", "HEAD", "POST"])
@limit_posts("signup")
def invitation_accept(request: HttpRequest) -> HttpResponse:
    invitation = session_invitation(request)
    if invitation is None:
        return invalid(request)
    context = {"invitation": invitation, "adviser": invitation.batch.adviser}
    if request.user.is_authenticated:
        if request.user.email != invitation.email:
            return render(request, "registration/invitation.html", {**context, "other": True})
        if request.method == "POST":
            waiting = invitations.accept_invitation(invitation=invitation, client=request.user)
            return accepted(request, invitation, waiting=waiting)
        return render(request, "registration/invitation.html", context)
    form = InvitedSignUpForm(
        request.POST or None, email=invitation.email, initial={"display_name": invitation.name}
    )
    if form.is_valid():
        try:
            with transaction.atomic():
                user = form.save()
                waiting = invitations.accept_invitation(invitation=invitation, client=user)
        except IntegrityError:
            form.add_error(None, form.taken_message)
        else:
            login(request, user, backend="debrief.auth.UserBackend")
            return accepted(request, invitation, waiting=waiting)
    login_url = f"{reverse('login')}?next={reverse('debrief:invitation-accept')}"
    return render(
        request,
        "registration/invitation.html",
        {**context, "form": form, "login_url": login_url},
    )


urlpatterns = [
    path("adviser/invitations/", invitation_new, name="invitation-new"),
    path("adviser/invitations/<int:pk>/", invitation_batch, name="invitation-batch"),
    path("adviser/invitations/<int:pk>/send/", invitation_send, name="invitation-send"),
    path("invitation/", invitation_accept, name="invitation-accept"),
    path("invitation/<str:token>/", invitation_open, name="invitation-open"),
]
