"""The access log: evidence for a client of every look an adviser, or Debrief's support staff,
took at their record."""

from debrief.models import AccessLogEntry, User


def record_view(
    *, viewer: User, client: User, viewed: str, path: str, by_staff: bool = False
) -> AccessLogEntry:
    """Write one entry in the client's access log. Advisers' reads come through
    `client_for_adviser`, staff reads (`by_staff`) through the admin (debrief/admin.py)."""
    return AccessLogEntry.objects.create(
        viewer=viewer,
        viewer_name=viewer.display_name or viewer.email,
        viewer_role=AccessLogEntry.Role.STAFF if by_staff else AccessLogEntry.Role.ADVISER,
        client=client,
        viewed=viewed[:300],
        path=path[:500],
    )
