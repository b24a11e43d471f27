"""Working with a caseload of 60 or more: tags (cohorts) an adviser gives their clients, the
needs-attention list, a note to everyone in a tag at once, and the caseload as CSV.

Only the adviser's current clients (active consent: `User.objects.clients_of`) can be tagged,
written to or exported; a client who stops sharing drops out of every tag's reach at once (their
tagging stays, unseen, and comes back if they share again).
"""

import csv
import datetime
import io
from dataclasses import dataclass

from django.db import transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from debrief.models import AccessLogEntry, AdviserNote, ClientTag, ClientTagging, User
from debrief.services import notify
from debrief.services.needs_attention import Signals, signals

ATTENTION_SHOWN = 25


class CohortError(ValueError):
    """Said to the adviser next to the field; nothing changes."""


@dataclass(frozen=True)
class CaseloadView:
    """What the caseload page adds to the rows: each shown in the caseload's own order."""

    rows: list
    signals: dict[int, Signals]
    tags_of: dict[int, list[str]]
    tags: list[ClientTag]
    attention: list
    attention_total: int


def tags_for(adviser: User) -> list[ClientTag]:
    return list(ClientTag.objects.filter(adviser=adviser))


def caseload_view(
    *,
    adviser: User,
    rows: list,
    now: datetime.datetime,
    today: datetime.date,
    tags: list[ClientTag],
    tag: ClientTag | None = None,
    attention_only: bool = False,
) -> CaseloadView:
    """Two queries whatever the caseload's size (the signals, the taggings), beside the tags
    the filter form has read."""
    tags_of: dict[int, list[str]] = {}
    in_tag = set()
    for client_id, tag_id, name in (
        ClientTagging.objects.filter(tag__adviser=adviser)
        .order_by(Lower("tag__name"))
        .values_list("client_id", "tag_id", "tag__name")
    ):
        tags_of.setdefault(client_id, []).append(name)
        if tag is not None and tag_id == tag.pk:
            in_tag.add(client_id)
    if tag is not None:
        rows = [row for row in rows if row.client.pk in in_tag]
    found = signals(adviser=adviser, rows=rows, now=now, today=today)
    attention = [row for row in rows if found[row.client.pk].reasons]
    if attention_only:
        rows = attention
    return CaseloadView(
        rows=rows,
        signals=found,
        tags_of=tags_of,
        tags=tags,
        attention=attention[:ATTENTION_SHOWN],
        attention_total=len(attention),
    )


def tag_clients(*, adviser: User, name: str, client_ids: list[int]) -> tuple[ClientTag, int]:
    """Add the chosen clients (current clients only) to the tag of that name, made if new;
    returns the tag and how many were added."""
    name = " ".join(name.split())
    if not name:
        raise CohortError(_("Give the tag a name."))
    clients = list(
        User.objects.clients_of(adviser).filter(pk__in=client_ids).values_list("pk", flat=True)
    )
    if not clients:
        raise CohortError(_("Choose at least one of your clients."))
    with transaction.atomic():
        tag = ClientTag.objects.filter(adviser=adviser, name__iexact=name).first()
        if tag is None:
            if ClientTag.objects.filter(adviser=adviser).count() >= ClientTag.MAX_PER_ADVISER:
                raise CohortError(
                    _("You have %(most)s tags, the most: reuse or delete one.")
                    % {"most": ClientTag.MAX_PER_ADVISER}
                )
            tag = ClientTag.objects.create(adviser=adviser, name=name)
        added = ClientTagging.objects.bulk_create(
            [ClientTagging(tag=tag, client_id=pk) for pk in clients], ignore_conflicts=True
        )
    return tag, len(added)


def clients_in(tag: ClientTag) -> list[User]:
    """The tag's clients who share with its adviser now, by name."""
    return list(
        User.objects.clients_of(tag.adviser)
        .filter(pk__in=ClientTagging.objects.filter(tag=tag).values("client_id"))
        .order_by(Lower("display_name"), "email")
    )


def untag(*, tag: ClientTag, client_id: int) -> None:
    ClientTagging.objects.filter(tag=tag, client_id=client_id).delete()


def message_tag(*, tag: ClientTag, text: str) -> int:
    """The same note to everyone in the tag who shares with the adviser now, each emailed as a
    note is; returns how many."""
    with transaction.atomic():
        recipients = clients_in(tag)
        notes = AdviserNote.objects.bulk_create(
            [AdviserNote(adviser=tag.adviser, client=client, text=text) for client in recipients]
        )
        for note in notes:
            notify.note_added(note)
    return len(notes)


CSV_COLUMNS = [
    "Name",
    "Email",
    "Sharing since",
    "Next contact",
    "Applications",
    "Interviews in the last 30 days",
    "Upcoming interviews",
    "Next interview",
    "Overdue follow-ups",
    "Open actions",
    "Last activity",
    "Needs attention",
    "Tags",
]


def caseload_csv(*, adviser: User, view: CaseloadView, path: str) -> str:
    """The rows as CSV (numbers numeric), and an entry in each client's access log: an export
    is a read of every record in it."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for row in view.rows:
        signal = view.signals[row.client.pk]
        writer.writerow(
            [
                row.client.display_name,
                row.client.email,
                f"{row.shared_since:%Y-%m-%d}" if row.shared_since else "",
                f"{row.next_contact:%Y-%m-%d}" if row.next_contact else "",
                row.applications,
                row.recent_interviews,
                signal.upcoming,
                f"{signal.next_interview:%Y-%m-%d %H:%M}" if signal.next_interview else "",
                row.overdue_follow_ups,
                row.open_actions,
                f"{row.last_activity:%Y-%m-%d}" if row.last_activity else "",
                "; ".join(signal.reasons),
                "; ".join(view.tags_of.get(row.client.pk, [])),
            ]
        )
    AccessLogEntry.objects.bulk_create(
        AccessLogEntry(
            viewer=adviser,
            viewer_name=adviser.display_name or adviser.email,
            viewer_role=AccessLogEntry.Role.ADVISER,
            client_id=row.client.pk,
            viewed=gettext_lazy("Caseload export (CSV): your figures and next contact"),
            path=path[:500],
        )
        for row in view.rows
    )
    return "\ufeff" + out.getvalue()
