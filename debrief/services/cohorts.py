"""Working with a caseload of 60 or more: tags (cohorts) an adviser gives their clients, the
needs-attention list, a note or an appointment (a workshop, a group session) to everyone in a tag
at once, and the caseload as CSV.

Only the adviser's current clients (active consent: `User.objects.clients_of`) can be tagged,
written to or exported; a client who stops sharing drops out of every tag's reach at once (their
tagging stays, unseen, and comes back if they share again).
"""

import csv
import datetime
import io
from dataclasses import dataclass

from django.core.paginator import Page
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from debrief.models import (
    AccessLogEntry,
    AdviserNote,
    Appointment,
    ClientTag,
    ClientTagging,
    GroupSession,
    User,
)
from debrief.services import appointments, notify
from debrief.services.caseload import CaseloadRow, Filters, caseload_page, read_rows
from debrief.services.needs_attention import Signals, signals

ATTENTION_SHOWN = 25


class CohortError(ValueError):
    """Said to the adviser next to the field; nothing changes."""


@dataclass(frozen=True)
class CaseloadView:
    """What the caseload page shows: a page of rows in the asked order, each with its reasons,
    upcoming interviews and tags filled in, and the first clients needing attention."""

    page: Page
    rows: list[CaseloadRow]
    signals: dict[int, Signals]
    tags: list[ClientTag]
    attention: list[CaseloadRow]
    attention_total: int
    # Until when the page is kept (services/caseload_body.py).
    changes_at: datetime.datetime | None


def tags_for(adviser: User) -> list[ClientTag]:
    return list(ClientTag.objects.filter(adviser=adviser))


def filled(rows: list[CaseloadRow], found: dict[int, Signals]) -> list[CaseloadRow]:
    """The rows with what the table shows of their signals, worked out here once so the
    template only prints attributes."""
    for row in rows:
        signal = found[row.client.pk]
        row.reasons = "; ".join(signal.reasons)
        row.upcoming, row.next_interview = signal.upcoming, signal.next_interview
    return rows


def caseload_view(
    *,
    adviser: User,
    filters: Filters,
    now: datetime.datetime,
    today: datetime.date,
    tags: list[ClientTag],
    asked_page: str | None,
) -> CaseloadView:
    """The page of the caseload: the page of rows with their figures, outcomes and tags, the
    first clients needing attention, the counts and, for the clients shown only, what needs
    their attention (one query over the whole caseload), put in words here; beside the tags the
    filter form has read."""
    page, read = caseload_page(
        adviser=adviser,
        filters=filters,
        now=now,
        today=today,
        asked_page=asked_page,
        attention_shown=ATTENTION_SHOWN,
    )
    rows, attention = page.object_list, read.attention
    on_page = {row.client.pk for row in rows}
    found = signals(
        rows=rows + [row for row in attention if row.client.pk not in on_page],
        found=read.found,
        now=now,
    )
    for row in attention:
        row.reasons = "; ".join(found[row.client.pk].reasons)
    return CaseloadView(
        page=page,
        rows=filled(rows, found),
        signals=found,
        tags=tags,
        attention=attention,
        attention_total=read.needing_attention,
        changes_at=read.changes_at,
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


ALREADY_BUSY = gettext_lazy("You already have an appointment then: choose another time.")
# What every seat of a group session shares, as the adviser gave it.
SEAT_FIELDS = (
    "date",
    "time",
    "length_minutes",
    "kind",
    "place",
    "address",
    "phone",
    "video_link",
    "agenda",
)


def invite_tag(*, tag: ClientTag, details: Appointment) -> tuple[GroupSession, int]:
    """The same appointment (kind, start, length, place, agenda: `details`, unsaved) for
    everyone in the tag who shares with the adviser now: one GroupSession, and for each client
    an Appointment of their own, booked as a one-to-one is (services/appointments.py: the email
    with every detail and the calendar invitation; their answer shows on the diary). The first
    seat holds the adviser's time; the database refuses the whole session if that time is taken
    (nothing is saved, nobody emailed: the emails leave once the transaction commits)."""
    if details.starts_at is None or not appointments.is_coming(details):
        raise CohortError(_("Invite them to a time to come, with a start time."))
    try:
        with transaction.atomic():
            recipients = clients_in(tag)
            if not recipients:
                raise CohortError(_("Nobody in this tag shares their record with you now."))
            session = GroupSession.objects.create(adviser=tag.adviser, tag=tag, tag_name=tag.name)
            for seat, client in enumerate(recipients):
                appointment = Appointment(
                    **{name: getattr(details, name) for name in SEAT_FIELDS},
                    adviser=tag.adviser,
                    client=client,
                    group_session=session,
                    holds_slot=seat == 0,
                )
                if seat == 0 and appointments.clashes(appointment) is not None:
                    raise CohortError(ALREADY_BUSY)
                appointments.appointment_book(appointment=appointment)
    except IntegrityError as error:
        # Taken between the check and the insert: the exclusion constraint decided.
        raise CohortError(ALREADY_BUSY) from error
    return session, len(recipients)


def sessions_of(tag: ClientTag) -> list[dict]:
    """The group sessions sent to this tag, latest first, with how the clients answered: one
    grouped query."""
    answers = (
        Appointment.objects.filter(group_session__tag=tag)
        .values("group_session", "date", "time", "kind", "response")
        .annotate(seats=Count("id", filter=Q(cancelled_at__isnull=True)))
        .order_by("-date", "-time", "-group_session")
    )
    found: dict[int, dict] = {}
    for row in answers:
        session = found.setdefault(
            row["group_session"],
            {
                "date": row["date"],
                "time": row["time"],
                "kind": Appointment.Kind(row["kind"]).label,
                "answers": {},
            },
        )
        if row["seats"]:
            label = Appointment.Response(row["response"]).label
            session["answers"][label] = session["answers"].get(label, 0) + row["seats"]
    return list(found.values())


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


def caseload_csv(
    *,
    adviser: User,
    filters: Filters,
    now: datetime.datetime,
    today: datetime.date,
    path: str,
) -> str:
    """Every row the filters give (not a page), as CSV (numbers numeric), and an entry in each
    client's access log: an export is a read of every record in it."""
    read = read_rows(adviser=adviser, filters=filters, now=now, today=today)
    rows = read.rows
    found = signals(rows=rows, found=read.found, now=now)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        signal = found[row.client.pk]
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
                "; ".join(row.tags),
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
        for row in rows
    )
    return "\ufeff" + out.getvalue()
