"""Joining a careers service's staff from an invitation's link (debrief.services.organisations:
an invitation makes no account; the link does, when its owner chooses a password)."""

from django.contrib import messages
from django.contrib.auth import login
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_safe

from debrief.forms.service import StaffJoinForm
from debrief.models import EnrolmentLink, StaffInvitation, User, invitation_lifetime
from debrief.ratelimits import limit_posts
from debrief.services import organisations
from debrief.views.two_step import ENROLMENT_LINK_SESSION

STAFF_INVITATION_SESSION = "staff_invitation"
TEMPLATE = "registration/staff_join.html"


def answer(request: HttpRequest, state: str, invitation: StaffInvitation | None = None):
    """The page for a link that cannot be used: why, and what to do."""
    status = {"expired": 410, "taken": 409}.get(state, 404)
    context = {
        "state": state,
        "invitation": invitation,
        "lifetime_days": invitation_lifetime().days,
    }
    return render(request, TEMPLATE, context, status=status)


@require_safe
def staff_invitation_open(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the email: remembered in the session, then the page without the token."""
    invitation = organisations.invitation_for_token(token)
    if invitation is None:
        return answer(request, "invalid")
    if invitation.has_expired:
        return answer(request, "expired", invitation)
    request.session[STAFF_INVITATION_SESSION] = invitation.pk
    return redirect("debrief:staff-join")


@sensitive_post_parameters("password1", "password2")
@require_http_methods(["GET", "HEAD", "POST"])
@limit_posts("signup")
def staff_join(request: HttpRequest) -> HttpResponse:
    pk = request.session.get(STAFF_INVITATION_SESSION)
    invitation = (
        StaffInvitation.objects.pending()
        .filter(pk=pk, token_hash__isnull=False)
        .select_related("organisation")
        .first()
        if pk is not None
        else None
    )
    if invitation is None:
        return answer(request, "invalid")
    if invitation.has_expired:
        return answer(request, "expired", invitation)
    if request.user.is_authenticated:
        # Someone signed in (to any account) neither uses the link up nor changes their account.
        return answer(request, "signed_in", invitation)
    if User.objects.with_email(invitation.email).exists():
        return answer(request, "taken", invitation)
    form = StaffJoinForm(
        request.POST or None,
        email=invitation.email,
        initial={"display_name": invitation.display_name},
    )
    if form.is_valid():
        try:
            user = organisations.join(
                invitation=invitation,
                display_name=form.cleaned_data["display_name"],
                password=form.cleaned_data["password1"],
            )
        except organisations.AddressTaken:
            return answer(request, "taken", invitation)
        except (organisations.ServiceError, IntegrityError):
            # Used a moment ago from another browser that held the same link.
            return answer(request, "invalid")
        del request.session[STAFF_INVITATION_SESSION]
        login(request, user, backend="debrief.auth.UserBackend")
        token = EnrolmentLink.issue(user=user, created_by=invitation.invited_by)
        request.session[ENROLMENT_LINK_SESSION] = EnrolmentLink.objects.get(
            token_hash=EnrolmentLink.hash(token)
        ).pk
        messages.success(request, _("Password saved. Now set up your authenticator app."))
        return redirect("debrief:adviser-2fa-setup")
    return render(request, TEMPLATE, {"state": "open", "invitation": invitation, "form": form})


urlpatterns = [
    path("join/", staff_join, name="staff-join"),
    path("join/<str:token>/", staff_invitation_open, name="staff-invitation-open"),
]
