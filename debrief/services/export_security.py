"""The parts of a person's export about who could reach their record and their account: the
handovers of their record between advisers, the addresses they shared it with, their security
log, and the devices and sessions signed in to their account. A fixed number of queries."""

from django.utils.translation import gettext as _

from debrief.models import Handover, KnownDevice, SecurityEvent, SharedAddress, User


def security_data(user: User) -> dict:
    return {
        "handovers": [
            {
                "from_adviser": handover.from_adviser.display_name,
                "to_adviser": handover.to_adviser.display_name,
                "careers_service": handover.organisation.name,
                "status": handover.status,
                "proposed_at": handover.proposed_at,
                "decided_at": handover.decided_at,
            }
            for handover in Handover.objects.filter(client=user).select_related(
                "from_adviser", "to_adviser", "organisation"
            )
        ],
        # By the address typed, as the sharing page lists them.
        "shared_with_addresses": [
            {"email": shared.email, "given_at": shared.given_at, "ended_at": shared.ended_at}
            for shared in SharedAddress.objects.filter(client=user)
        ],
        "security_log": [
            {
                "what": event.get_kind_display(),
                "by": _("you") if event.by_id == user.pk else (event.by_name or "Debrief"),
                "at": event.at,
            }
            for event in SecurityEvent.objects.filter(user=user)
        ],
        "signed_in_sessions": [
            {
                "browser_and_device": session.device,
                "network_address": session.ip_address,
                "signed_in_at": session.signed_in_at,
                "last_seen_at": session.last_seen_at,
            }
            for session in user.signed_in_sessions.all()
        ],
        "known_devices": [
            {"first_signed_in_at": device.first_seen_at}
            for device in KnownDevice.objects.filter(user=user)
        ],
    }
