"""A careers service's own pages, for its service admins: the staff with their caseload sizes,
invitations, deactivation, handover of clients (with each client's yes) and resetting an
adviser's two-step sign-in. The outcome report is in views/service_report.py.

Everything is looked up within the admin's own service: another service's member, invitation or
anything else is 404, as is every page for anyone who is not a current service admin.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from debrief.emails import site_url
from debrief.forms.service import HandoverForm, InviteStaffForm
from debrief.models import (
    AdviserAccess,
    Handover,
    Membership,
    Organisation,
    StaffInvitation,
    invitation_lifetime,
)
from debrief.ratelimits import limit_creation
from debrief.services import organisations


def service_admin_required(view):
    """Signed in (and, by the middleware, past two-step sign-in) as a current admin of a
    careers service; the view gets that service. Anyone else: 404."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_service_admin:
            raise Http404
        return view(request, request.user.current_membership.organisation, *args, **kwargs)

    return wrapper


def site(request: HttpRequest) -> str:
    """Where emailed links point: the configured site (DEBRIEF_SITE_URL), never the Host the
    request named, which a forged header could make another site's."""
    return site_url("/")


def own_member(organisation: Organisation, pk: int) -> Membership:
    try:
        return organisations.member(organisation=organisation, pk=pk)
    except Membership.DoesNotExist:
        raise Http404 from None


def own_invitation(organisation: Organisation, pk: int) -> StaffInvitation:
    try:
        return organisations.pending_invitation(organisation=organisation, pk=pk)
    except StaffInvitation.DoesNotExist:
        raise Http404 from None


HOME = "debrief:service-home"


@require_safe
@service_admin_required
def home(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    members = list(organisations.staff(organisation=organisation))
    waiting = organisations.pending_handovers_by_adviser(organisation=organisation)
    for membership in members:
        membership.handovers_waiting = waiting.get(membership.user_id, 0)
    invitations = StaffInvitation.objects.pending().filter(organisation=organisation)
    return render(
        request,
        "debrief/service_home.html",
        {
            "organisation": organisation,
            "members": members,
            "invitations": list(invitations.order_by("-sent_at", "-id")),
            "total_clients": sum(m.active_clients for m in members if m.is_current),
            "handover_days": Handover.LIFETIME.days,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@service_admin_required
@limit_creation
def invite(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    form = InviteStaffForm(request.POST or None)
    if form.is_valid():
        email = form.cleaned_data["email"]
        try:
            organisations.invite(
                organisation=organisation,
                email=email,
                name=form.cleaned_data["display_name"],
                role=form.cleaned_data["role"],
                by=request.user,
                site=site(request),
            )
        except organisations.ServiceError as error:
            form.add_error("email", str(error))
        else:
            # The same words whether or not the address has an account.
            days = invitation_lifetime().days
            messages.success(
                request,
                ngettext(
                    "Invitation sent to %(email)s. It shows below until they accept; the link "
                    "works once, for %(days)s day.",
                    "Invitation sent to %(email)s. It shows below until they accept; the link "
                    "works once, for %(days)s days.",
                    days,
                )
                % {"email": email, "days": days},
            )
            return redirect(HOME)
    return render(
        request, "debrief/service_invite.html", {"form": form, "organisation": organisation}
    )


@require_POST
@service_admin_required
@limit_creation
def invitation_resend(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    invitation = own_invitation(organisation, pk)
    organisations.resend(invitation=invitation, by=request.user, site=site(request))
    messages.success(
        request,
        _("Invitation sent again to %(email)s. The earlier link no longer works.")
        % {"email": invitation.email},
    )
    return redirect(HOME)


def confirm(request: HttpRequest, **context) -> HttpResponse:
    return render(request, "debrief/service_confirm.html", {"cancel_url": reverse(HOME), **context})


@require_http_methods(["GET", "HEAD", "POST"])
@service_admin_required
def invitation_cancel(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    invitation = own_invitation(organisation, pk)
    if request.method == "POST":
        organisations.cancel(invitation=invitation)
        messages.success(
            request, _("Invitation to %(email)s cancelled.") % {"email": invitation.email}
        )
        return redirect(HOME)
    return confirm(
        request,
        title=_("Cancel the invitation to %(email)s?") % {"email": invitation.email},
        consequences=_("The link in their email stops working. You can invite them again later."),
        button=_("Cancel invitation"),
        back=_("Keep it"),
    )


@require_http_methods(["GET", "HEAD", "POST"])
@service_admin_required
def member_deactivate(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    membership = own_member(organisation, pk)
    name = membership.user.display_name
    if not membership.is_current:
        return redirect(HOME)
    if request.method == "POST":
        try:
            organisations.deactivate(membership=membership, by=request.user)
        except organisations.ServiceError as error:
            messages.error(request, _("Nothing changed. %(reason)s") % {"reason": error})
        else:
            messages.success(
                request,
                _("%(name)s is deactivated: they can no longer open any page of Debrief.")
                % {"name": name},
            )
        return redirect(HOME)
    last_admin = organisations.is_last_admin(membership)
    return confirm(
        request,
        title=_("Deactivate %(name)s?") % {"name": name},
        consequences=_(
            "They lose access to every client's record and to Debrief's pages at once, "
            "including any page open now. Their clients' consent stays the clients' own: "
            "propose a handover to another adviser, which each client accepts or declines. "
            "Handovers proposed to them and not yet answered are withdrawn."
        ),
        refusal=(
            _(
                "You are the service's only admin, so you cannot deactivate yourself: invite "
                "another admin first."
            )
            if last_admin
            else ""
        ),
        button=_("Deactivate %(name)s") % {"name": name},
        back=_("Keep them"),
        danger=True,
    )


@require_POST
@service_admin_required
def member_reactivate(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    membership = own_member(organisation, pk)
    organisations.reactivate(membership=membership, by=request.user)
    messages.success(
        request,
        _("%(name)s is active again. Clients who still share with them are back on their caseload.")
        % {"name": membership.user.display_name},
    )
    return redirect(HOME)


@require_http_methods(["GET", "HEAD", "POST"])
@service_admin_required
def member_handover(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    leaving = own_member(organisation, pk)
    form = HandoverForm(request.POST or None, organisation=organisation, leaving=leaving)
    if form.is_valid():
        to = form.cleaned_data["to"]
        try:
            count = organisations.propose_handover(
                from_member=leaving,
                to_member=to,
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except organisations.ServiceError as error:
            form.add_error("to", str(error))
        else:
            messages.success(
                request,
                ngettext(
                    "Handover to %(to)s proposed to %(count)s client of %(leaving)s. Each "
                    "client chooses; their record moves only if they accept.",
                    "Handover to %(to)s proposed to %(count)s clients of %(leaving)s. Each "
                    "client chooses; their record moves only if they accept.",
                    count,
                )
                % {
                    "to": to.user.display_name,
                    "count": count,
                    "leaving": leaving.user.display_name,
                },
            )
            return redirect(HOME)
    sharing = leaving.user.client_accesses.filter(status=AdviserAccess.Status.ACTIVE).count()
    return render(
        request,
        "debrief/service_handover.html",
        {
            "form": form,
            "leaving": leaving,
            "sharing": sharing,
            "organisation": organisation,
            "handover_days": Handover.LIFETIME.days,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@service_admin_required
def member_handover_withdraw(
    request: HttpRequest, organisation: Organisation, pk: int
) -> HttpResponse:
    leaving = own_member(organisation, pk)
    name = leaving.user.display_name
    waiting = organisations.pending_handovers_by_adviser(organisation=organisation).get(
        leaving.user_id, 0
    )
    if request.method == "POST":
        count = organisations.withdraw_handovers(from_member=leaving)
        messages.success(
            request,
            ngettext(
                "%(count)s handover proposal for %(name)s's clients withdrawn. Those clients no "
                "longer see it; nothing changed hands.",
                "%(count)s handover proposals for %(name)s's clients withdrawn. Those clients "
                "no longer see them; nothing changed hands.",
                count,
            )
            % {"count": count, "name": name},
        )
        return redirect(HOME)
    if not waiting:
        return redirect(HOME)
    return confirm(
        request,
        title=_("Withdraw the handover of %(name)s's clients?") % {"name": name},
        consequences=ngettext(
            "%(count)s client of %(name)s has not answered yet. Their proposal disappears from "
            "their sharing page and nothing changes hands. Clients who already accepted keep "
            "their new adviser.",
            "%(count)s clients of %(name)s have not answered yet. Their proposal disappears "
            "from their sharing page and nothing changes hands. Clients who already accepted "
            "keep their new adviser.",
            waiting,
        )
        % {"count": waiting, "name": name},
        button=_("Withdraw the proposals"),
        back=_("Keep them"),
    )


@require_http_methods(["GET", "HEAD", "POST"])
@service_admin_required
@limit_creation  # Each reset emails a link: not in bulk.
def member_reset_two_step(
    request: HttpRequest, organisation: Organisation, pk: int
) -> HttpResponse:
    membership = own_member(organisation, pk)
    name = membership.user.display_name
    if membership.user_id == request.user.pk:
        # An admin who lost their phone signs in with a recovery code or asks another admin.
        raise Http404
    if not membership.is_current:
        # A deactivated member signs in nowhere: no enrolment link goes to them.
        return redirect(HOME)
    if request.method == "POST":
        organisations.reset_two_step(membership=membership, by=request.user, site=site(request))
        messages.success(
            request,
            _(
                "%(name)s's two-step sign-in is reset. We emailed them a new enrolment link; "
                "their security log shows you did it."
            )
            % {"name": name},
        )
        return redirect(HOME)
    return confirm(
        request,
        title=_("Reset %(name)s's two-step sign-in?") % {"name": name},
        consequences=_(
            "Their authenticator app and recovery codes stop working, and they are asked for a "
            "code again on their next page. We email them a one-time link to set up a new app. "
            "Their own security log records that you did this."
        ),
        button=_("Reset two-step sign-in"),
        back=_("Keep it"),
        danger=True,
    )


urlpatterns = [
    path("service/", home, name="service-home"),
    path("service/invite/", invite, name="service-invite"),
    path(
        "service/invitations/<int:pk>/resend/", invitation_resend, name="service-invitation-resend"
    ),
    path(
        "service/invitations/<int:pk>/cancel/", invitation_cancel, name="service-invitation-cancel"
    ),
    path("service/staff/<int:pk>/deactivate/", member_deactivate, name="service-member-deactivate"),
    path("service/staff/<int:pk>/reactivate/", member_reactivate, name="service-member-reactivate"),
    path("service/staff/<int:pk>/handover/", member_handover, name="service-member-handover"),
    path(
        "service/staff/<int:pk>/handover/withdraw/",
        member_handover_withdraw,
        name="service-member-handover-withdraw",
    ),
    path(
        "service/staff/<int:pk>/reset-two-step/",
        member_reset_two_step,
        name="service-member-reset",
    ),
]
