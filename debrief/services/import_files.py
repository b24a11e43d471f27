"""Reading an uploaded spreadsheet for an import, refusing what is not one.

The type is judged from the content, never the name alone: a workbook is a zip archive with
`xl/workbook.xml`; anything else must be UTF-8 (or UTF-16 with its byte-order mark) text. Refused
with a sentence that says what to do: macros, formula cells, an old `.xls`, a damaged or oversized
file, an archive that unpacks to far more than it holds, text in another encoding. openpyxl parses
the workbook's XML through defusedxml (installed), so entity expansion is refused too.
"""

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass

import openpyxl
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.utils.exceptions import InvalidFileException

from debrief.models import ImportBatch
from debrief.services.archives import has_macros, unpacks_too_far
from debrief.services.invitations import SEP_LINE, csv_delimiter

MAX_BYTES = 5 * 1024 * 1024
TEXT_NAMES = (".csv", ".txt", ".tsv")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class FileRefused(ValueError):
    """The file as a whole cannot be imported (said next to the field; nothing is stored)."""


@dataclass
class Table:
    header: list[str]
    # (line number in the file, cells as text); blank rows left out.
    rows: list[tuple[int, list[str]]]


def read_table(name: str, content: bytes) -> Table:
    lower = name.lower()
    if len(content) > MAX_BYTES:
        raise FileRefused(
            _(
                "The file is %(size)s MB: Debrief imports files up to %(most)s MB (2,000 "
                "applications take well under 1 MB). Save only the sheet with your applications, "
                "without pictures, and choose it again."
            )
            % {"size": f"{len(content) / 1024 / 1024:.1f}", "most": MAX_BYTES // 1024 // 1024}
        )
    if not content.strip():
        raise FileRefused(_("The file is empty."))
    if lower.endswith((".xlsm", ".xltm", ".xlsb")):
        raise FileRefused(MACROS)
    if content.startswith(OLE_MAGIC) or lower.endswith(".xls"):
        raise FileRefused(
            _(
                "This is an older Excel file (.xls) or another Office document. Open it in your "
                "spreadsheet and save it as an Excel workbook (.xlsx) or as “CSV UTF-8”."
            )
        )
    if content.startswith(b"PK\x03\x04"):
        if not lower.endswith(".xlsx"):
            raise FileRefused(
                _("This file is an archive, not a CSV file. Choose a .csv or .xlsx file.")
            )
        table = read_workbook(content)
    elif lower.endswith(TEXT_NAMES) or "." not in lower:
        table = read_csv(content)
    else:
        raise FileRefused(
            _(
                "Debrief imports CSV files (.csv) and Excel workbooks (.xlsx). Save your "
                "spreadsheet as one of them and choose it again."
            )
        )
    if not table.header or not table.rows:
        raise FileRefused(
            _(
                "The file has no rows under its first line. The first line names the columns "
                "(e.g. Employer, Role title, Date applied) and each line below is one application."
            )
        )
    if len(table.rows) > ImportBatch.MAX_ROWS:
        raise FileRefused(
            _(
                "The file has %(rows)s rows: import at most %(most)s at once. Split it into "
                "smaller files."
            )
            % {"rows": f"{len(table.rows):,}", "most": f"{ImportBatch.MAX_ROWS:,}"}
        )
    return table


MACROS = gettext_lazy(
    "This workbook contains macros, which Debrief never opens. Save it as an Excel workbook "
    "without macros (.xlsx) or as “CSV UTF-8”, and choose it again."
)


def decode(content: bytes) -> str:
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return content.decode("utf-16")
        except UnicodeDecodeError:
            pass
    else:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            pass
        else:
            if "\x00" in text:
                raise FileRefused(
                    _(
                        "The file holds binary data, not text: it is not a CSV file. Choose a .csv "
                        "or .xlsx file."
                    )
                )
            return text
    raise FileRefused(
        _(
            "The file is not UTF-8 text, so some letters (such as £ or é) would come out wrong. "
            "In your spreadsheet, save it as “CSV UTF-8” and choose it again."
        )
    )


def read_csv(content: bytes) -> Table:
    text = decode(content)
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = "\t" if first.count("\t") > first.count(",") + first.count(";") else None
    delimiter = delimiter or csv_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records, start = [], 1
    try:
        for record in reader:
            number, start = start, reader.line_num + 1
            if not any(cell.strip() for cell in record):
                continue
            if not records and SEP_LINE.fullmatch(delimiter.join(record).strip()):
                continue
            records.append((number, [cell.strip() for cell in record]))
            if len(records) > ImportBatch.MAX_ROWS + 1:
                break
    except csv.Error as error:
        raise FileRefused(
            _("The file could not be read as CSV near line %(line)s: %(error)s.")
            % {"line": start, "error": error}
        ) from error
    return table_of(records, count=sum(1 for _ in reader) if len(records) > 1 else 0)


def table_of(records: list[tuple[int, list[str]]], count: int = 0) -> Table:
    """The first line names the columns; `count` is rows not read (past the limit), so that
    the refusal says how many the file has."""
    if not records:
        return Table([], [])
    (_ignored, header), rows = records[0], records[1:]
    header = [cell or f"Column {index}" for index, cell in enumerate(header, start=1)]
    rows = rows + [(0, [])] * count
    return Table(header, rows)


def check_archive(archive: zipfile.ZipFile) -> None:
    names = {name.lower() for name in archive.namelist()}
    if "xl/workbook.xml" not in names:
        raise FileRefused(_("This archive is not an Excel workbook. Choose a .csv or .xlsx file."))
    if has_macros(archive):
        raise FileRefused(MACROS)
    if unpacks_too_far(archive):
        raise FileRefused(
            _(
                "This workbook unpacks to far more than its size (a “zip bomb”), so Debrief does "
                "not open it. Save your applications as a new workbook or as “CSV UTF-8”."
            )
        )


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d" if value.time() == datetime.time() else "%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_workbook(content: bytes) -> Table:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            check_archive(archive)
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError) as error:
        raise FileRefused(
            _(
                "The workbook is damaged and cannot be read. Open it in your spreadsheet, save it "
                "again as .xlsx or “CSV UTF-8”, and choose it again."
            )
        ) from error
    try:
        sheet = workbook.worksheets[0]
        records = []
        for number, row in enumerate(sheet.iter_rows(), start=1):
            formula = next((cell for cell in row if cell.data_type == "f"), None)
            if formula is not None:
                raise FileRefused(
                    _(
                        "Cell %(cell)s holds a formula. Debrief imports values only: copy the "
                        "sheet and “paste values”, or save it as “CSV UTF-8”, and choose it again."
                    )
                    % {"cell": formula.coordinate}
                )
            texts = [cell_text(cell.value) for cell in row]
            if any(texts):
                records.append((number, texts))
            if len(records) > ImportBatch.MAX_ROWS + 1:
                more = sum(1 for row in sheet.iter_rows(min_row=number + 1, values_only=True))
                return table_of(records, count=more)
    finally:
        workbook.close()
    return table_of(records)
