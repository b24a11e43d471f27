"""Reading a job ad: the employer, the role, the closing date and where it was found, from the
page's title, its address and its text (pasted, or the selection a bookmarklet sends). Only what
is found is filled in; the person checks the form before saving."""

import contextlib
import datetime
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from debrief.models import TEXT_LIMITS
from debrief.services.import_layouts import DateError, parse_date

LIMITS = TEXT_LIMITS["application"]
# Job boards by their address, named as a work coach knows them.
BOARDS = {
    "linkedin.com": "LinkedIn",
    "indeed.com": "Indeed",
    "indeed.co.uk": "Indeed",
    "reed.co.uk": "Reed",
    "totaljobs.com": "Totaljobs",
    "cv-library.co.uk": "CV-Library",
    "findajob.dwp.gov.uk": "Find a job (DWP)",
    "civilservicejobs.service.gov.uk": "Civil Service Jobs",
    "jobs.nhs.uk": "NHS Jobs",
    "glassdoor.co.uk": "Glassdoor",
    "glassdoor.com": "Glassdoor",
    "guardianjobs.co.uk": "Guardian Jobs",
    "jobs.ac.uk": "jobs.ac.uk",
}
SITE_SUFFIX = re.compile(
    r"\s+[|–—-]\s+(?:[\w .]*(?:jobs?|\.com|\.co\.uk|linkedin|indeed)[\w .]*)$", re.I
)
LABELS = {
    "employer": r"(?:company|employer|organisation|organization|hiring organisation)",
    "role_title": r"(?:job title|role|position|vacancy)",
    "location": r"(?:location|based in|place of work)",
    "salary": r"(?:salary|pay|wage)",
    "closing_date": r"(?:closing date|closes|apply by|deadline|application deadline)",
}


@dataclass
class AdFacts:
    employer: str = ""
    role_title: str = ""
    location: str = ""
    salary: str = ""
    closing_date: datetime.date | None = None
    source: str = ""
    job_url: str = ""
    ad_text: str = ""

    def initial(self) -> dict:
        return {name: value for name, value in vars(self).items() if value}


def board(url: str) -> str:
    host = (urlsplit(url).hostname or "").removeprefix("www.").removeprefix("uk.")
    for domain, name in BOARDS.items():
        if host == domain or host.endswith("." + domain):
            return name
    return ""


def from_title(title: str) -> tuple[str, str, str]:
    """(role, employer, location) from "Data Analyst - Acme Ltd - Leeds | Indeed.com", "Data
    Analyst at Acme Ltd | LinkedIn", "Acme Ltd hiring Data Analyst in Leeds | LinkedIn"."""
    title = re.split(r"\s+\|\s+", title.strip())[0]
    title = SITE_SUFFIX.sub("", title).strip()
    if match := re.fullmatch(r"(.+?) hiring (.+?)(?: in (.+))?", title):
        return match[2], match[1], match[3] or ""
    if match := re.fullmatch(r"(.+?) (?:job )?at (.+?)(?: in (.+))?", title):
        return match[1], match[2], match[3] or ""
    parts = [part.strip() for part in re.split(r"\s+[–—-]\s+", title) if part.strip()]
    if len(parts) >= 2:
        return parts[0], parts[1], parts[2] if len(parts) > 2 else ""
    return title, "", ""


def labelled(text: str, label: str) -> str:
    match = re.search(rf"^\s*{label}\s*[:\-–]\s*(.+?)\s*$", text, re.I | re.M)
    return match[1] if match else ""


def read_ad(*, title: str = "", url: str = "", text: str = "") -> AdFacts:
    text = text.replace("\x00", "").strip()
    facts = AdFacts(source=board(url), ad_text=text[: LIMITS["ad_text"]])
    if url.startswith(("https://", "http://")) and len(url) <= 500:
        facts.job_url = url
    facts.role_title, facts.employer, facts.location = from_title(title)
    for name in ("employer", "role_title", "location", "salary"):
        found = labelled(text, LABELS[name])
        if found:
            setattr(facts, name, found)
    closing = labelled(text, LABELS["closing_date"])
    if closing:
        # A date the ad words another way ("when filled") is left for the person to type.
        with contextlib.suppress(DateError):
            facts.closing_date = parse_date(closing, day_first=True)[0]
    for name in ("employer", "role_title", "location", "salary"):
        setattr(facts, name, getattr(facts, name)[: LIMITS[name]])
    return facts
