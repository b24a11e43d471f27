"""Writing and reading a careers service's audit log (models/service_audit.py)."""

from django.utils.translation import gettext as _

from debrief.models import Organisation, ServiceAuditEntry, User

SHOWN = 200


def record(
    *, organisation: Organisation, actor: User | None, action: str, subject: str = ""
) -> ServiceAuditEntry:
    """One entry; call it inside the transaction of what it records, so both happen or neither."""
    return ServiceAuditEntry.objects.create(
        organisation=organisation,
        actor=actor,
        actor_name=f"{actor.display_name} ({actor.email})" if actor else _("Debrief support staff"),
        action=action,
        subject=subject[:300],
    )


def recent(*, organisation: Organisation) -> list[ServiceAuditEntry]:
    return list(ServiceAuditEntry.objects.for_service(organisation)[:SHOWN])
