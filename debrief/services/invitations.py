"""Inviting job seekers: a pasted or uploaded list becomes a batch the adviser previews, row by row
with its errors; nothing is sent until they confirm, and a batch is sent once.

    parse_lines / parse_csv ─► create_batch (draft rows) ─► confirm_batch ─► worker: send_batch

The worker handles each row the same way the adviser's "ask a client for access" does for an
address with an account (`consent.adviser_request`, whose notification the person gets), and
sends a one-time sign-up link to an address without one. Neither the preview nor anything the
adviser sees afterwards says which it was: whether an address has an account is not theirs to
know.
"""

import csv
import datetime
import io
import logging
import re
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import mailers
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from debrief.emails import compose, quoted_name
from debrief.i18n import language_of
from debrief.identity import normalise_email
from debrief.models import (
    TEXT_LIMITS,
    AdviserAccess,
    ClientInvitation,
    EnrolmentLink,
    InvitationBatch,
    User,
    invitation_lifetime,
    validate_display_name,
)
from debrief.replica import connection_for_reading
from debrief.services import consent, queue

logger = logging.getLogger(__name__)

Status = ClientInvitation.Status
NAME_LIMIT = TEXT_LIMITS["clientinvitation"]["name"]
LINE_LIMIT = TEXT_LIMITS["clientinvitation"]["typed"]
# More lines than this is not one cohort: the form refuses the list rather than store it.
MOST_LINES = 2 * ClientInvitation.MAX_ROWS
# One adviser's invitation email reaches an address at most once in this time, however many lists
# name it: a list sent again by mistake does not mail a person twice.
ONE_EMAIL_PER = datetime.timedelta(days=7)


@dataclass
class Row:
    line: int
    typed: str
    email: str = ""
    name: str = ""
    error: str = ""


class ListError(ValueError):
    """The list as a whole cannot be read (said next to the field; nothing is stored)."""


# What separates the address from the name on a pasted line: a comma, a tab (as a spreadsheet
# copies) or a semicolon (as one in a European locale saves); none can be in a plain address.
PASTED_SEPARATOR = re.compile(r"[,\t;]")


def split_pasted(line: str) -> tuple[str, str]:
    """`email, name`: split at the first separator, so a name may hold commas."""
    email, *rest = PASTED_SEPARATOR.split(line, maxsplit=1)
    return email.strip(), "".join(rest).strip()


def is_header(first_cell: str) -> bool:
    """ "Email", "E-mail address", "EMAIL_ADDRESS", "Emails"…: a first cell that names the column
    rather than being an address."""
    letters = re.sub(r"[^a-z]", "", first_cell.casefold())
    return "@" not in first_cell and "mail" in letters


def csv_delimiter(text: str) -> str:
    """A spreadsheet saving CSV in a locale whose decimal mark is a comma separates the cells
    with semicolons: the first line with something on it says which."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    if SEP_LINE.fullmatch(first.strip(" \r\n")):
        return first.strip(" \r\n")[4]
    return ";" if first.count(";") > first.count(",") else ","


# Excel's own hint on a CSV's first line ("sep=;"): it names the separator and is no person.
SEP_LINE = re.compile(r"sep=[,;\t]", re.IGNORECASE)


def parse_lines(text: str) -> list[Row]:
    """The pasted list: one person a line, blank lines skipped, numbered as the adviser sees
    them."""
    cells = []
    text = text.replace("\ufeff", "")  # A byte-order mark pasted with the text.
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            cells.append((number, line.strip(), *split_pasted(line)))
    return check_rows(cells)


def parse_csv(content: bytes) -> list[Row]:
    """An uploaded CSV: columns email and name (a header row is optional), UTF-8 (with or without
    Excel's byte-order mark). Line numbers are the file's, so a spreadsheet finds them."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ListError(
            _(
                "The file is not UTF-8 text. In your spreadsheet, save it as “CSV UTF-8” and "
                "choose it again."
            )
        ) from error
    if "\x00" in text:
        raise ListError(_("The file holds a null character: it is not a CSV file of text."))
    delimiter = csv_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, skipinitialspace=True)
    cells = []
    try:
        start = 1
        for record in reader:
            number, start = start, reader.line_num + 1
            if not any(cell.strip() for cell in record):
                continue
            if number == 1 and SEP_LINE.fullmatch(delimiter.join(record).strip(" ")):
                continue
            email = record[0].strip()
            name = ", ".join(cell.strip() for cell in record[1:] if cell.strip())
            typed = f"{email}, {name}" if name else email
            cells.append((number, typed, email, name))
    except csv.Error as error:
        raise ListError(
            _("The file could not be read as CSV near line %(line)s: %(error)s.")
            % {"line": start, "error": error}
        ) from error
    return check_rows(cells)


def check_rows(cells: list[tuple[int, str, str, str]]) -> list[Row]:
    if cells and is_header(cells[0][2]):
        cells = cells[1:]
    if not cells:
        raise ListError(_("Paste at least one email address, or choose a CSV file with some."))
    if len(cells) > MOST_LINES:
        raise ListError(
            _(
                "That list has %(count)s people: invite at most %(most)s at once. Split it into "
                "smaller lists."
            )
            % {"count": f"{len(cells):,}", "most": ClientInvitation.MAX_ROWS}
        )
    long_lines = [str(number) for number, typed, *_ in cells if len(typed) > LINE_LIMIT]
    if long_lines:
        raise ListError(
            ngettext(
                "Line %(lines)s is longer than %(limit)s characters: one person a line, email "
                "then name.",
                "Lines %(lines)s are longer than %(limit)s characters: one person a line, email "
                "then name.",
                len(long_lines),
            )
            % {"lines": ", ".join(long_lines[:10]), "limit": LINE_LIMIT}
        )
    rows, first_line_of = [], {}
    for count, (number, typed, email, name) in enumerate(cells, start=1):
        row = Row(line=number, typed=typed)
        row.email, row.name, row.error = check_row(email, name)
        if not row.error and count > ClientInvitation.MAX_ROWS:
            row.error = _(
                "Over the limit of %(most)s people at once: invite this person in another list."
            ) % {"most": ClientInvitation.MAX_ROWS}
        if not row.error:
            if row.email in first_line_of:
                row.error = _("Duplicate: the same address is on line %(line)s.") % {
                    "line": first_line_of[row.email]
                }
            else:
                first_line_of[row.email] = number
        rows.append(row)
    return rows


def check_row(email: str, name: str) -> tuple[str, str, str]:
    """(normalised address, name, error)."""
    email = normalise_email(email)
    if not email:
        return "", "", _("No email address.")
    if len(email) > 254:
        return "", "", _("The email address is too long (254 characters at most).")
    try:
        validate_email(email)
    except ValidationError:
        return email, "", _("Not a valid email address.")
    if len(name) > NAME_LIMIT:
        return (
            email,
            "",
            _("The name is too long (%(most)s characters at most).") % {"most": NAME_LIMIT},
        )
    try:
        validate_display_name(name)
    except ValidationError as error:
        return email, "", _("The name cannot be used. %(reason)s") % {"reason": error.messages[0]}
    return email, name, ""


def create_batch(*, adviser: User, rows: list[Row]) -> InvitationBatch:
    """Keep the parsed list as a draft: nothing is sent."""
    with transaction.atomic():
        batch = InvitationBatch.objects.create(adviser=adviser)
        ClientInvitation.objects.bulk_create(
            ClientInvitation(
                batch=batch,
                line=row.line,
                typed=row.typed,
                email=row.email,
                name=row.name,
                error=row.error,
            )
            for row in rows
        )
    return batch


def confirm_batch(*, batch: InvitationBatch, now: datetime.datetime | None = None) -> int:
    """Queue the batch's rows without errors, once: a second confirmation (double click, another
    tab, Back) finds the batch confirmed and queues nothing. Returns how many were queued."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = InvitationBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.is_confirmed:
            return 0
        locked.confirmed_at = now
        locked.save(update_fields=["confirmed_at"])
        rows = ClientInvitation.objects.filter(batch=locked, status=Status.DRAFT)
        rows.exclude(error="").update(status=Status.LEFT_OUT)
        queued = rows.filter(error="").update(status=Status.QUEUED)
        if queued:
            transaction.on_commit(lambda: queue.enqueue_invitation_batch(locked.pk))
    batch.confirmed_at = locked.confirmed_at
    return queued


def ask_one(*, adviser: User, email: str) -> InvitationBatch:
    """The caseload's "ask a client for access": a batch of one, confirmed at once, so that the
    worker does what it does for any list (a request to an account, a sign-up link to anyone
    else) and the adviser sees the same afterwards either way."""
    email, name, error = check_row(email, "")
    with transaction.atomic():
        batch = create_batch(
            adviser=adviser, rows=[Row(line=1, typed=email, email=email, name=name, error=error)]
        )
        confirm_batch(batch=batch)
    return batch


# Statuses of a row the adviser asked (the worker's outcome is not theirs to know).
ASKED = [Status.QUEUED, Status.SENT, Status.FAILED]


@dataclass(frozen=True, slots=True)
class Waiting:
    """An address the adviser asked, as the caseload lists it."""

    email: str
    asked_at: datetime.datetime


# The latest request to each address (DISTINCT ON), unless its owner shares their record now or
# did since: by the address the adviser typed. In SQL, not the ORM's: building and compiling the
# ORM's query took longer than running it, on every visit to the caseload.
WAITING_SQL = f"""
    SELECT latest.email, latest.confirmed_at, count(*) OVER ()
    FROM (
        SELECT DISTINCT ON (invitation.email) invitation.email, batch.confirmed_at
        FROM {ClientInvitation._meta.db_table} invitation
        JOIN {InvitationBatch._meta.db_table} batch ON batch.id = invitation.batch_id
        WHERE batch.adviser_id = %s AND batch.confirmed_at >= %s AND invitation.status = ANY(%s)
        ORDER BY invitation.email, batch.confirmed_at DESC, invitation.id DESC
    ) latest
    WHERE NOT EXISTS (
        SELECT FROM {AdviserAccess._meta.db_table} access
        JOIN {User._meta.db_table} client ON client.id = access.client_id
        WHERE access.adviser_id = %s AND client.email = latest.email
          AND (access.status = %s OR access.granted_at >= latest.confirmed_at)
    )
    ORDER BY latest.confirmed_at DESC, latest.email
    LIMIT %s
"""


def waiting_for_answer(
    *, adviser: User, now: datetime.datetime | None = None, shown: int | None = None
) -> tuple[list[Waiting], int]:
    """The addresses this adviser asked in the last `invitation_lifetime()`, each once (its
    latest request), newest first, that have not accepted: by the address the adviser typed, with
    nothing that differs between an address with an account, one without, and one whose owner
    declined. An address leaves the list only when its owner shares their record. The first
    `shown` of them (all when None), and how many there are: one query."""
    now = now or timezone.now()
    with connection_for_reading(ClientInvitation).cursor() as cursor:
        cursor.execute(
            WAITING_SQL,
            [
                adviser.pk,
                now - invitation_lifetime(),
                ASKED,
                adviser.pk,
                AdviserAccess.Status.ACTIVE,
                shown,
            ],
        )
        found = cursor.fetchall()
    return [Waiting(email, asked_at) for email, asked_at, _total in found], (
        found[0][2] if found else 0
    )


# A draft list (previewed, never confirmed) is kept this long, then deleted by the worker.
DRAFT_KEPT = datetime.timedelta(days=7)


def delete_stale_drafts(*, now: datetime.datetime | None = None) -> int:
    """Delete the lists never sent that were made more than `DRAFT_KEPT` ago (with their rows:
    the addresses and names typed). Returns how many lists went."""
    now = now or timezone.now()
    _ignored, by_model = InvitationBatch.objects.filter(
        confirmed_at__isnull=True, created_at__lt=now - DRAFT_KEPT
    ).delete()
    return by_model.get(InvitationBatch._meta.label, 0)


def claim(batch_id: int) -> list[ClientInvitation]:
    """The batch's queued rows, each claimed by one worker (a duplicate task gets none of them)."""
    with transaction.atomic():
        rows = list(
            ClientInvitation.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(batch_id=batch_id, status=Status.QUEUED)
            .select_related("batch__adviser__membership__organisation")
        )
        ClientInvitation.objects.filter(pk__in=[row.pk for row in rows]).update(
            status=Status.SENT, sent_at=timezone.now()
        )
    return rows


def invitation_link(token: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("debrief:invitation-open", args=[token])


def send_batch(batch_id: int) -> dict[str, int]:
    """The worker's part. An address with a job seeker's account gets the adviser's sharing
    request (and its usual notification); an address with no account gets a one-time sign-up
    link, unless this adviser emailed it one in the last week; any other address (an adviser's,
    one not confirmed) gets nothing. The rows all end "sent" either way."""
    rows = claim(batch_id)
    if not rows:
        return {"requests": 0, "emails": 0, "failed": 0}
    adviser = rows[0].batch.adviser
    taken = {
        user.email: user
        for user in User.objects.filter(email__in=[row.email for row in rows]).select_related(
            "membership"
        )
    }
    outcome = {"requests": 0, "emails": 0, "failed": 0}
    new_addresses = []
    for row in rows:
        user = taken.get(row.email)
        if user is None:
            new_addresses.append(row)
        elif adviser.may_act_as_adviser and consent.find_client(user.email) is not None:
            try:
                consent.adviser_request(adviser=adviser, client=user)
                outcome["requests"] += 1
            except consent.ConsentError:
                pass
    if not adviser.may_act_as_adviser:
        return outcome
    recently_emailed = set(
        ClientInvitation.objects.filter(
            batch__adviser=adviser,
            email__in=[row.email for row in new_addresses],
            token_hash__isnull=False,
            sent_at__gte=timezone.now() - ONE_EMAIL_PER,
        )
        .exclude(batch_id=batch_id)
        .values_list("email", flat=True)
    )
    with mailers.default as mailer:
        for row in new_addresses:
            if row.email in recently_emailed:
                continue
            token = secrets.token_urlsafe(32)
            ClientInvitation.objects.filter(pk=row.pk).update(
                token_hash=EnrolmentLink.hash(token),
                expires_at=timezone.now() + invitation_lifetime(),
            )
            try:
                mailer.send_messages([invitation_email(adviser, row, token)])
            except Exception:
                logger.exception("client invitation %s could not be sent", row.pk)
                ClientInvitation.objects.filter(pk=row.pk).update(status=Status.FAILED)
                outcome["failed"] += 1
            else:
                outcome["emails"] += 1
    return outcome


def invitation_email(adviser: User, row: ClientInvitation, token: str):
    membership = adviser.current_membership
    return compose(
        to=row.email,
        subject=gettext_lazy("A careers adviser invited you to Debrief"),  # in `language`
        template="emails/client_invitation.txt",
        # The person invited has no account (no language of their own yet): the adviser's, so
        # a Welsh-speaking service invites in Welsh. Sent by the worker, not in a request.
        language=language_of(adviser),
        context={
            "adviser": quoted_name(adviser),
            "service": f"“{membership.organisation.name}”" if membership else "",
            "link": invitation_link(token),
            "days": invitation_lifetime().days,
        },
    )


def invitation_for(token: str) -> ClientInvitation | None:
    """The sent, unused invitation whose link this is, expired or not (`expired`)."""
    return (
        ClientInvitation.objects.filter(
            token_hash=EnrolmentLink.hash(token), status=Status.SENT, used_at__isnull=True
        )
        .select_related("batch__adviser")
        .first()
    )


def attach_waiting(client: User) -> int:
    """The person has just confirmed their address (however they signed up): every adviser's
    invitation still usable for it becomes that adviser's request on their sharing page, as if
    they had followed its link. How many requests now wait."""
    waiting = 0
    for invitation in ClientInvitation.objects.usable().filter(email=client.email):
        waiting += accept_invitation(invitation=invitation, client=client)
    return waiting


def accept_invitation(*, invitation: ClientInvitation, client: User) -> bool:
    """The invited person (their account has the invited address, and following the link proved
    they read it) now has the adviser's request waiting on their sharing page. The link is used
    up. False if it was used already or the adviser can no longer ask."""
    with transaction.atomic():
        invitation = (
            ClientInvitation.objects.select_for_update()
            .usable()
            .filter(pk=invitation.pk)
            .select_related("batch__adviser")
            .first()
        )
        if invitation is None or invitation.email != client.email:
            return False
        invitation.used_at = timezone.now()
        invitation.save(update_fields=["used_at"])
        client.confirm_email()
        adviser = invitation.batch.adviser
        if not adviser.may_act_as_adviser or client.is_adviser:
            return False
        consent.adviser_request(adviser=adviser, client=client)
        return True
