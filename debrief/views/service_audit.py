"""A careers service's audit log, for every admin of the service, and the role change it records
(the report's reads and the deactivations are recorded where they happen)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from debrief.models import Membership, Organisation
from debrief.services import organisations, service_audit
from debrief.views.service import HOME, own_member, service_admin_required


@require_safe
@service_admin_required
def audit_log(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    return render(
        request,
        "debrief/service_audit.html",
        {
            "organisation": organisation,
            "entries": service_audit.recent(organisation=organisation),
            "shown": service_audit.SHOWN,
        },
    )


@require_POST
@service_admin_required
def member_role(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    membership = own_member(organisation, pk)
    role = request.POST.get("role", "")
    try:
        changed = organisations.change_role(membership=membership, role=role, by=request.user)
    except organisations.ServiceError as error:
        messages.error(request, _("Nothing changed. %(reason)s") % {"reason": error})
    else:
        messages.success(
            request,
            _("%(name)s is now %(role)s. The audit log records it.")
            % {
                "name": changed.user.display_name,
                "role": str(Membership.Role(changed.role).label).lower(),
            },
        )
    return redirect(HOME)


urlpatterns = [
    path("service/audit/", audit_log, name="service-audit"),
    path("service/staff/<int:pk>/role/", member_role, name="service-member-role"),
]
