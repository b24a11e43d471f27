"""What an imported file's columns and cells mean: the layouts Debrief knows (Huntr's, Teal's and
LinkedIn's exports, and a spreadsheet with Debrief's own column names), dates in UK, US and ISO
forms, and other trackers' statuses in Debrief's words."""

import datetime
import re
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from debrief.models import ApplicationStatus, ImportLayout

Status = ApplicationStatus


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    # Column names that mean this field, normalised (`normalise`), most likely first.
    aliases: tuple[str, ...]
    required: bool = False


FIELDS = (
    Field(
        "employer",
        gettext_lazy("Employer"),
        ("employer", "company", "companyname", "organisation"),
        True,
    ),
    Field(
        "role_title",
        gettext_lazy("Role title"),
        ("roletitle", "jobtitle", "title", "jobposition", "role"),
        True,
    ),
    Field(
        "date_applied",
        gettext_lazy("Date applied"),
        ("dateapplied", "applicationdate", "appliedat", "applieddate", "applied", "appliedon"),
        True,
    ),
    Field("status", gettext_lazy("Status"), ("status", "list", "stage", "applicationstatus")),
    Field("location", gettext_lazy("Location"), ("location", "city")),
    Field("job_url", gettext_lazy("Job link"), ("joblink", "joburl", "url", "link", "postingurl")),
    Field("source", gettext_lazy("Source"), ("source", "howfound", "foundon", "jobboard")),
    Field(
        "closing_date",
        gettext_lazy("Closing date"),
        ("closingdate", "deadline", "applicationdeadline"),
    ),
    Field(
        "salary",
        gettext_lazy("Salary"),
        ("salary", "salaryrange", "pay", "maxsalary", "compensation"),
    ),
    Field("notes", gettext_lazy("Notes"), ("notes", "note", "comments")),
    Field(
        "interview_date",
        gettext_lazy("Interview date"),
        ("interviewdate", "interviewat", "interview"),
    ),
)
FIELD_BY_NAME = {field.name: field for field in FIELDS}


def normalise(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.casefold())


@dataclass(frozen=True)
class LayoutRule:
    layout: str
    # Normalised column names that, all present, say the file is this layout.
    signature: frozenset[str]
    # How its numeric dates are written (None: UK, unless the cells say otherwise).
    day_first: bool = True
    # The source of every row without one (LinkedIn's list is of LinkedIn applications).
    source: str = ""


LAYOUTS = (
    LayoutRule(
        ImportLayout.LINKEDIN,
        frozenset({"applicationdate", "companyname", "jobtitle", "joburl", "resumename"}),
        day_first=False,
        source="LinkedIn",
    ),
    LayoutRule(ImportLayout.TEAL, frozenset({"company", "jobposition", "status", "excitement"})),
    LayoutRule(ImportLayout.HUNTR, frozenset({"company", "jobtitle", "list", "board"})),
    LayoutRule(ImportLayout.PLAIN, frozenset({"employer", "roletitle", "dateapplied"})),
)


def detect_layout(header: list[str]) -> LayoutRule:
    names = {normalise(name) for name in header}
    for rule in LAYOUTS:
        if rule.signature <= names:
            return rule
    return LayoutRule(ImportLayout.OTHER, frozenset())


def propose_mapping(header: list[str]) -> dict[str, int]:
    """Each field's column, by its name; a column serves one field at most."""
    names = [normalise(name) for name in header]
    mapping, taken = {}, set()
    for field in FIELDS:
        for alias in field.aliases:
            index = next(
                (i for i, name in enumerate(names) if name == alias and i not in taken), None
            )
            if index is not None:
                mapping[field.name], _ignored = index, taken.add(index)
                break
    return mapping


# --- Statuses -----------------------------------------------------------------------------------

# Another tracker's word (normalised) → Debrief's status, or None: not applied yet (a wish list,
# a bookmark), which Debrief does not record as an application.
NOT_APPLIED = None
# The other trackers write English: Debrief's own labels are read in English, whatever language
# is active when this module is first imported (a first request may well be in Welsh).
with translation.override("en-gb"):
    ENGLISH_LABELS = {normalise(str(status.label)): status.value for status in Status}
STATUS_WORDS: dict[str, str | None] = {
    **{normalise(status.value): status.value for status in Status},
    **ENGLISH_LABELS,
    "": Status.APPLIED,
    "submitted": Status.APPLIED,
    "applicationsent": Status.APPLIED,
    "interview": Status.INTERVIEWING,
    "interviews": Status.INTERVIEWING,
    "phonescreen": Status.INTERVIEWING,
    "screening": Status.INTERVIEWING,
    "assessment": Status.INTERVIEWING,
    "negotiating": Status.OFFER,
    "offered": Status.OFFER,
    "offerreceived": Status.OFFER,
    "hired": Status.ACCEPTED,
    "declinedoffer": Status.DECLINED,
    "notselected": Status.REJECTED,
    "unsuccessful": Status.REJECTED,
    "turneddown": Status.REJECTED,
    "iwithdrew": Status.WITHDRAWN,
    "withdrew": Status.WITHDRAWN,
    "noresponse": Status.NO_RESPONSE,
    "ghosted": Status.NO_RESPONSE,
    "noreply": Status.NO_RESPONSE,
    "wishlist": NOT_APPLIED,
    "bookmarked": NOT_APPLIED,
    "saved": NOT_APPLIED,
    "applying": NOT_APPLIED,
    "toapply": NOT_APPLIED,
}


def status_for(text: str) -> tuple[str | None, bool]:
    """(Debrief's status or None for "not applied yet", whether the word was recognised). A word
    Debrief does not know is recorded as Applied, and the preview says so."""
    key = normalise(text)
    if key in STATUS_WORDS:
        return STATUS_WORDS[key], True
    return Status.APPLIED, False


# --- Dates --------------------------------------------------------------------------------------

ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2}))?")
NUMERIC = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})\b")
TIME = re.compile(r"(\d{1,2})[:.](\d{2})\s*([ap]\.?m\.?)?", re.IGNORECASE)
WORD_FORMATS = ("%d %B %Y", "%d %b %Y", "%B %d %Y", "%b %d %Y", "%d %b %y", "%d %B")


class DateError(ValueError):
    pass


def numeric_parts(text: str) -> tuple[int, int] | None:
    match = NUMERIC.match(text.strip())
    return (int(match[1]), int(match[2])) if match else None


def guess_day_first(texts: list[str], default: bool) -> bool:
    """A numeric date with a first part over 12 is day first; a second part over 12, month
    first: the file's own cells settle what its layout only suggests."""
    for text in texts:
        parts = numeric_parts(text)
        if parts and parts[0] > 12 >= parts[1]:
            return True
        if parts and parts[1] > 12 >= parts[0]:
            return False
    return default


def parse_time(rest: str) -> datetime.time | None:
    match = TIME.search(rest)
    if not match:
        return None
    hour, minute = int(match[1]), int(match[2])
    if match[3]:
        hour = hour % 12 + (12 if match[3].lower().startswith("p") else 0)
    try:
        return datetime.time(hour, minute)
    except ValueError:
        return None


def parse_date(text: str, *, day_first: bool) -> tuple[datetime.date, datetime.time | None]:
    """A date in ISO form (2026-11-03, with a time or not), numeric (03/11/2026, 3.11.26: day
    first unless told otherwise) or in words (3 Nov 2026, November 3, 2026)."""
    text = text.strip()
    try:
        if match := ISO.match(text):
            year, month, day = int(match[1]), int(match[2]), int(match[3])
            time = datetime.time(int(match[4]), int(match[5])) if match[4] else None
            return datetime.date(year, month, day), time
        if match := NUMERIC.match(text):
            first, second, year = int(match[1]), int(match[2]), int(match[3])
            year += 2000 if year < 100 else 0
            day, month = (first, second) if day_first else (second, first)
            return datetime.date(year, month, day), parse_time(text[match.end() :])
    except ValueError as error:
        raise DateError(
            _("“%(typed)s” is not a date on the calendar.") % {"typed": text}
        ) from error
    words = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text.replace(",", " "))
    words = " ".join(words.split()[:3])
    for form in WORD_FORMATS[:-1]:
        try:
            return datetime.datetime.strptime(words, form).date(), None
        except ValueError:
            continue
    raise DateError(
        _("“%(typed)s” is not a date Debrief can read: write it as 03/11/2026 or 2026-11-03.")
        % {"typed": text}
    )
