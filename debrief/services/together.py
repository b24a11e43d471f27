"""Working together: actions an adviser suggests and the client accepts or declines, the thread
under an adviser's note, and the next-contact date of an adviser and client.

Appointments are one model's rows written by the adviser's form; they need no workflow here.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from debrief.models import ActionItem, ActionSuggestion, AdviserAccess, AdviserNote, NoteReply, User
from debrief.services import notify


class TogetherError(ValueError):
    """A change the current state does not allow (said to the person, nothing changes)."""


def suggestion_create(
    *, adviser: User, client: User, text: str, area: str, due_date: datetime.date | None
) -> ActionSuggestion:
    with transaction.atomic():
        suggestion = ActionSuggestion.objects.create(
            adviser=adviser, client=client, text=text, area=area, due_date=due_date
        )
        notify.action_suggested(suggestion)
    return suggestion


def _pending(suggestion: ActionSuggestion) -> ActionSuggestion:
    locked = ActionSuggestion.objects.select_for_update().get(pk=suggestion.pk)
    if locked.status != ActionSuggestion.Status.PENDING:
        raise TogetherError(
            _("You have already %(status)s it.") % {"status": locked.get_status_display().lower()}
        )
    return locked


def suggestion_accept(*, suggestion: ActionSuggestion) -> ActionItem:
    """The suggestion becomes one of the client's own actions, marked as suggested by the
    adviser; a second click is told it was accepted already."""
    with transaction.atomic():
        suggestion = _pending(suggestion)
        item = ActionItem.objects.create(
            owner_id=suggestion.client_id,
            text=suggestion.text,
            area=suggestion.area,
            due_date=suggestion.due_date,
            suggested_by_id=suggestion.adviser_id,
        )
        suggestion.status = ActionSuggestion.Status.ACCEPTED
        suggestion.decided_at = timezone.now()
        suggestion.action_item = item
        suggestion.save(update_fields=["status", "decided_at", "action_item"])
    return item


def suggestion_decline(*, suggestion: ActionSuggestion) -> None:
    with transaction.atomic():
        suggestion = _pending(suggestion)
        suggestion.status = ActionSuggestion.Status.DECLINED
        suggestion.decided_at = timezone.now()
        suggestion.save(update_fields=["status", "decided_at"])


NOT_SHARED = gettext_lazy(
    "You no longer share your record with {adviser}, so they cannot read a reply. Share it again "
    "from your settings to answer."
)


def adviser_can_read(note: AdviserNote) -> bool:
    """Whether the note's adviser may read a reply: the client still shares with them and no
    careers service has deactivated them. Otherwise a reply would reach someone who cannot
    open it (and tell them of a client who stopped sharing)."""
    adviser = User.objects.select_related("membership").get(pk=note.adviser_id)
    return User.objects.clients_of(adviser).filter(pk=note.client_id).exists()


def reply_to_note(*, note: AdviserNote, author: User, text: str) -> NoteReply:
    """A reply by the note's client or its adviser (the views check who may); at most
    NoteReply.MAX_PER_NOTE in a thread, counted under the note's row lock."""
    if author.pk not in (note.client_id, note.adviser_id):
        raise TogetherError(_("Only the client and the adviser of a note can reply to it."))
    if author.pk == note.client_id and not adviser_can_read(note):
        raise TogetherError(NOT_SHARED.format(adviser=note.adviser.display_name))
    with transaction.atomic():
        AdviserNote.objects.select_for_update().get(pk=note.pk)
        if NoteReply.objects.filter(note=note).count() >= NoteReply.MAX_PER_NOTE:
            raise TogetherError(
                _("This thread has reached %(most)s replies: start a new note instead.")
                % {"most": NoteReply.MAX_PER_NOTE}
            )
        reply = NoteReply.objects.create(note=note, author=author, text=text)
        notify.note_replied(reply, note)
    return reply


def set_next_contact(*, adviser: User, client: User, on: datetime.date | None) -> bool:
    """The next-contact date on the pair's active consent; False if there is none."""
    return bool(
        AdviserAccess.objects.active()
        .filter(adviser=adviser, client=client)
        .update(next_contact_on=on, updated_at=timezone.now())
    )
