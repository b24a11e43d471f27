"""The access log: evidence for a client of every look an adviser took at their record."""

from debrief.models import AccessLogEntry, User


def record_view(*, adviser: User, client: User, viewed: str, path: str) -> AccessLogEntry:
    # The name is copied so the entry still says who looked after the adviser's account is gone.
    return AccessLogEntry.objects.create(
        adviser=adviser,
        adviser_name=adviser.display_name or adviser.email,
        client=client,
        viewed=viewed[:300],
        path=path[:500],
    )
