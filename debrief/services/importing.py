"""Importing applications from another tracker or a spreadsheet.

    upload ─► start_import (draft: the file's cells, a proposed mapping) ─► the person changes
    the mapping and reads the preview (`plan`: every row, what it creates or why not)
    ─► confirm_import (once) ─► worker: run_import (in chunks, progress kept) ─► undo_import

Nothing but the draft batch is saved until the person confirms; a second confirmation finds the
batch confirmed and queues nothing. Applications are created with bulk inserts: the statement-level
triggers that keep the dashboard's counts fire for them as for any other insert."""

import datetime
import logging
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from debrief.models import (
    TEXT_LIMITS,
    Application,
    ImportBatch,
    ImportedApplication,
    Interview,
    StatusChange,
    User,
)
from debrief.services import queue
from debrief.services.import_files import Table
from debrief.services.import_layouts import (
    FIELD_BY_NAME,
    FIELDS,
    DateError,
    detect_layout,
    guess_day_first,
    parse_date,
    propose_mapping,
    status_for,
)

logger = logging.getLogger(__name__)

Status = ImportBatch.Status
LIMITS = TEXT_LIMITS["application"]
TEXT_FIELDS = ("employer", "role_title", "location", "source", "salary", "notes")
# An interview whose time the file does not give is put at this local time (the preview says so).
INTERVIEW_TIME = datetime.time(9, 0)
CHUNK = 500
# The interview's outcome that the application's status implies (an imported past interview is
# not left "awaiting" when the file says how it ended).
OUTCOME_FOR_STATUS = {
    Application.Status.OFFER: Interview.Outcome.OFFER,
    Application.Status.ACCEPTED: Interview.Outcome.OFFER,
    Application.Status.DECLINED: Interview.Outcome.OFFER,
    Application.Status.REJECTED: Interview.Outcome.REJECTED,
    Application.Status.WITHDRAWN: Interview.Outcome.WITHDRAWN,
}


def start_import(*, owner: User, file_name: str, table: Table) -> ImportBatch:
    """Keep the file's cells as a draft with the mapping its columns suggest: nothing else."""
    rule = detect_layout(table.header)
    mapping = propose_mapping(table.header)
    dates = [
        cells[index]
        for name in ("date_applied", "closing_date", "interview_date")
        if (index := mapping.get(name)) is not None
        for _, cells in table.rows
        if index < len(cells)
    ]
    return ImportBatch.objects.create(
        owner=owner,
        file_name=file_name[:255],
        layout=rule.layout,
        header=table.header,
        cells=[[line, cells] for line, cells in table.rows],
        mapping=mapping,
        day_first=guess_day_first(dates, rule.day_first),
    )


@dataclass
class PlannedRow:
    line: int
    typed: dict[str, str]
    values: dict = field(default_factory=dict)
    # Each interview's time, and whether the file gave the time of day.
    interviews: list[tuple[datetime.datetime, bool]] = field(default_factory=list)
    status_typed: str = ""
    error: str = ""
    # Why a row without an error is not imported (a wish-list entry, a duplicate).
    left_out: str = ""

    @property
    def imported(self) -> bool:
        return not self.error and not self.left_out

    @property
    def creates(self) -> str:
        if not self.imported:
            return ""
        interviews = []
        for moment, time_given in self.interviews:
            when = timezone.localtime(moment)
            day = date_format(when, "j M Y")
            interviews.append(
                _("an interview on %(day)s at %(time)s") % {"day": day, "time": f"{when:%H:%M}"}
                if time_given
                else _("an interview on %(day)s (time not given: 09:00)") % {"day": day}
            )
        if not interviews:
            return _("An application")
        return _("An application and %(interviews)s") % {"interviews": ", ".join(interviews)}


@dataclass
class Plan:
    rows: list[PlannedRow]
    # The file's status words → (Debrief's status label, how many rows, recognised).
    statuses: dict[str, tuple[str, int, bool]]

    @property
    def importable(self) -> list[PlannedRow]:
        return [row for row in self.rows if row.imported]

    @property
    def with_errors(self) -> list[PlannedRow]:
        return [row for row in self.rows if row.error]

    @property
    def left_out(self) -> list[PlannedRow]:
        return [row for row in self.rows if row.left_out]


# Debrief's own exports (export_csv.spreadsheet_safe) quote a cell that starts like a formula.
QUOTED_FORMULA = tuple("'" + mark for mark in ("=", "+", "-", "@", "\t", "\r"))


def unquoted(text: str) -> str:
    return text[1:] if text.startswith(QUOTED_FORMULA) else text


def typed_values(batch: ImportBatch, cells: list[str]) -> dict[str, str]:
    return {
        name: unquoted(cells[index].strip()) if index < len(cells) else ""
        for name, index in batch.mapping.items()
        if name in FIELD_BY_NAME
    }


def check_row(row: PlannedRow, *, day_first: bool, source: str, today: datetime.date) -> None:
    typed, values = row.typed, row.values
    row.status_typed = typed.get("status", "")
    values["status"], _ignored = status_for(row.status_typed)
    if values["status"] is None:
        row.left_out = _("“%(status)s” means not applied yet: Debrief records applications.") % {
            "status": row.status_typed
        }
        return
    for name in TEXT_FIELDS:
        value = typed.get(name, "")
        if len(value) > LIMITS[name]:
            label = FIELD_BY_NAME[name].label
            row.error = _("%(field)s is longer than %(most)s characters.") % {
                "field": label,
                "most": f"{LIMITS[name]:,}",
            }
            return
        values[name] = value
    values["source"] = values["source"] or source
    for name in ("employer", "role_title", "date_applied"):
        if not typed.get(name):
            row.error = _("No %(field)s: this row has it empty.") % {
                "field": str(FIELD_BY_NAME[name].label).lower()
            }
            return
    url = typed.get("job_url", "")
    if url:
        try:
            URLValidator()(url)
        except ValidationError:
            row.error = _("The job link “%(url)s” is not a web address (https://…).") % {
                "url": url[:80]
            }
            return
        if len(url) > 500:
            row.error = _("The job link is longer than 500 characters.")
            return
    values["job_url"] = url
    try:
        values["date_applied"], _ignored = parse_date(typed["date_applied"], day_first=day_first)
        closing = typed.get("closing_date", "")
        values["closing_date"] = parse_date(closing, day_first=day_first)[0] if closing else None
        # Several interviews in one cell are separated by semicolons (as Debrief exports them).
        for interview in filter(None, map(str.strip, typed.get("interview_date", "").split(";"))):
            day, time = parse_date(interview, day_first=day_first)
            moment = timezone.make_aware(datetime.datetime.combine(day, time or INTERVIEW_TIME))
            row.interviews.append((moment, time is not None))
    except DateError as error:
        row.error = str(error)
        return
    if values["date_applied"] > today:
        row.error = _("The date applied (%(date)s) is in the future.") % {
            "date": date_format(values["date_applied"], "j M Y")
        }
    elif values["closing_date"] and values["closing_date"] < values["date_applied"]:
        row.error = _("The closing date cannot be before the date you applied.")


def duplicate_key(values: dict) -> tuple:
    return (
        values["employer"].casefold(),
        values["role_title"].casefold(),
        values["date_applied"],
    )


def plan(batch: ImportBatch, *, today: datetime.date | None = None) -> Plan:
    """Every row of the file: what it would create, or its error in words. Reads the owner's
    applications once, to leave out one already in their record."""
    today = today or timezone.localdate()
    rule = detect_layout(batch.header)
    rows = []
    for line, cells in batch.cells:
        row = PlannedRow(line=line, typed=typed_values(batch, cells))
        check_row(row, day_first=batch.day_first, source=rule.source, today=today)
        rows.append(row)
    candidates = [row for row in rows if row.imported]
    existing = set()
    if candidates:
        dates = [row.values["date_applied"] for row in candidates]
        existing = {
            (employer.casefold(), role_title.casefold(), applied)
            for employer, role_title, applied in Application.objects.for_user(batch.owner)
            .filter(date_applied__range=(min(dates), max(dates)))
            .values_list("employer", "role_title", "date_applied")
        }
    first_line = {}
    for row in candidates:
        key = duplicate_key(row.values)
        if key in existing:
            row.left_out = _("Already in your record (same employer, role and date applied).")
        elif key in first_line:
            row.left_out = _("The same application as line %(line)s.") % {"line": first_line[key]}
        else:
            first_line[key] = row.line
    labels = dict(Application.Status.choices)
    statuses: dict[str, tuple[str, int, bool]] = {}
    if "status" in batch.mapping:
        for row in rows:
            status, known = status_for(row.status_typed)
            label = str(labels[status]) if status else _("Left out: not applied yet")
            _ignored, count, _ignored = statuses.get(row.status_typed, ("", 0, known))
            statuses[row.status_typed] = (label, count + 1, known)
    return Plan(rows=rows, statuses=statuses)


def confirm_import(*, batch: ImportBatch, now: datetime.datetime | None = None) -> int:
    """Queue the import, once: a second confirmation (double click, another tab, Back) finds it
    confirmed and queues nothing. Returns how many applications it will create."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if not locked.is_draft:
            return 0
        total = len(plan(locked).importable)
        if not total:
            return 0
        locked.status, locked.confirmed_at, locked.total = Status.QUEUED, now, total
        locked.save(update_fields=["status", "confirmed_at", "total"])
        transaction.on_commit(lambda: queue.enqueue_import(locked.pk))
    return total


def claim(batch_id: int) -> ImportBatch | None:
    """The queued batch, for one worker only (a duplicate task finds it taken)."""
    with transaction.atomic():
        batch = (
            ImportBatch.objects.select_for_update(skip_locked=True)
            .filter(pk=batch_id, status=Status.QUEUED)
            .select_related("owner")
            .first()
        )
        if batch is not None:
            batch.status = Status.RUNNING
            batch.save(update_fields=["status"])
    return batch


def create_rows(batch: ImportBatch, rows: list[PlannedRow]) -> None:
    owner = batch.owner
    applications = Application.objects.bulk_create(
        Application(owner=owner, **row.values) for row in rows
    )
    changes, interviews = [], []
    for row, application in zip(rows, applications, strict=True):
        applied_on = application.date_applied
        changes.append(
            StatusChange(
                application=application, status=Application.Status.APPLIED, changed_on=applied_on
            )
        )
        if application.status != Application.Status.APPLIED:
            later = timezone.localdate(row.interviews[-1][0]) if row.interviews else applied_on
            changes.append(
                StatusChange(
                    application=application,
                    status=application.status,
                    changed_on=max(later, applied_on),
                )
            )
        # The last interview ended as the application did; the ones before it led to the next.
        for number, (moment, _ignored) in enumerate(row.interviews, start=1):
            outcome = Interview.Outcome.PROGRESSED
            if number == len(row.interviews):
                outcome = OUTCOME_FOR_STATUS.get(application.status, Interview.Outcome.AWAITING)
            interviews.append(
                Interview(
                    application=application, owner=owner, scheduled_at=moment, outcome=outcome
                )
            )
    StatusChange.objects.bulk_create(changes)
    Interview.objects.bulk_create(interviews)
    ImportedApplication.objects.bulk_create(
        ImportedApplication(batch=batch, application=application, line=row.line)
        for row, application in zip(rows, applications, strict=True)
    )


def run_import(batch_id: int) -> int:
    """The worker's part: create the planned rows in chunks, each committed with the progress
    the page shows. A failure takes back what the import created. Returns how many it created."""
    batch = claim(batch_id)
    if batch is None:
        return 0
    rows = plan(batch).importable[: batch.total]
    try:
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            with transaction.atomic():
                create_rows(batch, chunk)
                batch.done = start + len(chunk)
                batch.save(update_fields=["done"])
    except Exception:
        logger.exception("import %s failed", batch_id)
        with transaction.atomic():
            Application.objects.filter(import_link__batch=batch).delete()
            ImportBatch.objects.filter(pk=batch.pk).update(
                status=Status.FAILED, done=0, finished_at=timezone.now()
            )
        return 0
    batch.total = batch.done = len(rows)
    batch.status, batch.finished_at = Status.DONE, timezone.now()
    batch.save(update_fields=["total", "done", "status", "finished_at"])
    return len(rows)


class UndoRefused(ValueError):
    pass


def undo_import(*, batch: ImportBatch, now: datetime.datetime | None = None) -> int:
    """Delete every application the import created (with their interviews and anything added to
    them since), within `ImportBatch.UNDO_WITHIN` of its end. Returns how many went."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.status == Status.UNDONE:
            return 0
        if not locked.can_undo(now):
            raise UndoRefused(
                _(
                    "An import can be undone for %(days)s days after it finished: delete the "
                    "applications one by one instead."
                )
                % {"days": ImportBatch.UNDO_WITHIN.days}
            )
        _ignored, deleted = Application.objects.filter(
            owner=locked.owner, import_link__batch=locked
        ).delete()
        locked.status, locked.undone_at = Status.UNDONE, now
        locked.save(update_fields=["status", "undone_at"])
    return deleted.get(Application._meta.label, 0)


# A file read and never imported keeps the cells of the person's file: a week, then it goes.
DRAFT_KEPT = datetime.timedelta(days=7)


def delete_stale_drafts(*, now: datetime.datetime | None = None) -> int:
    """Delete the imports never confirmed that were started more than `DRAFT_KEPT` ago."""
    now = now or timezone.now()
    deleted, _ignored = ImportBatch.objects.filter(
        status=Status.DRAFT, created_at__lt=now - DRAFT_KEPT
    ).delete()
    return deleted


def mapping_fields() -> list[tuple[str, str, bool]]:
    return [(field.name, field.label, field.required) for field in FIELDS]
