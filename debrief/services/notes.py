"""Adviser notes, as the client reads them."""

from django.db.models import Count

from debrief.models import AdviserNote, Interview, User


def notes_for_client(client: User, interview: Interview | None = None) -> list[AdviserNote]:
    """The notes advisers wrote about this client, newest first; only those about one interview
    when it is given. One query, with the adviser, the interview and the count of replies."""
    notes = (
        AdviserNote.objects.filter(client=client)
        .select_related("adviser", "interview__application")
        .annotate(reply_count=Count("replies"))
        .order_by("-created_at")
    )
    if interview is not None:
        notes = notes.filter(interview=interview)
    return list(notes)
