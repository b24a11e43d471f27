"""Reading a rejection email: which application it is about, when it came and what it says.

`read_rejection(text, owner=...)` takes what a person pasted or forwarded and suggests; it never
records anything. The person sees the suggestion on the "They said no" page and confirms it.

- The application: among the person's applications still waiting for a decision, the one whose
  employer is named in the email (its name, or its web domain as the sender's address), the role
  title breaking ties; none when nothing matches (the person chooses).
- The date: the forwarded email's own "Date:"/"Sent:" line, else the message's Date header, never
  a day in the future.
- The reasons: debrief.inbound.phrases, each with the words that matched.
- What they said: the employer's words, without the forwarding headers around them.
"""

import datetime
import email.utils
import re
from dataclasses import dataclass, field

from django.utils import timezone

from debrief.inbound.phrases import REASON_PHRASES
from debrief.models import Application, Interview, Reason, User
from debrief.services.outcomes import OPEN_STATUSES, latest_interview_for_decision

HEADER_LINE = re.compile(
    r"^[\s>*]*(from|sent|date|subject|to|cc)[\s*]*:[\s*]*(.*?)\s*$", re.IGNORECASE
)
MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
MONTH = "(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+{MONTH},?\s+(\d{{4}})\b", re.I)
MONTH_DAY_YEAR = re.compile(rf"\b{MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I)
ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
# Day first, as in the UK.
SLASHED_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")

# Company names' legal and filler words: "Acme Ltd" is named as "Acme" in its emails.
NAME_FILLER = frozenset(
    [
        "the",
        "ltd",
        "limited",
        "plc",
        "llp",
        "llc",
        "inc",
        "incorporated",
        "co",
        "company",
        "corp",
        "corporation",
        "group",
        "holdings",
        "uk",
        "gb",
        "international",
        "services",
        "and",
        "&",
        "of",
    ]
)
# Senders whose domain says nothing about the employer: personal mail and recruiting systems.
SHARED_DOMAINS = frozenset(
    [
        "gmail",
        "googlemail",
        "outlook",
        "hotmail",
        "live",
        "msn",
        "yahoo",
        "icloud",
        "me",
        "aol",
        "proton",
        "protonmail",
        "gmx",
        "greenhouse",
        "greenhouse-mail",
        "lever",
        "hire",
        "workday",
        "myworkday",
        "myworkdayjobs",
        "smartrecruiters",
        "teamtailor",
        "workable",
        "ashbyhq",
        "recruitee",
        "bamboohr",
        "icims",
        "taleo",
        "successfactors",
        "jobvite",
        "applytojob",
        "indeed",
        "linkedin",
        "reed",
        "totaljobs",
        "cv-library",
        "mail",
        "email",
        "noreply",
        "no-reply",
        "careers",
        "jobs",
        "recruitment",
        "talent",
        "hr",
        "co",
        "com",
        "org",
        "net",
        "uk",
        "ac",
        "gov",
        "nhs",
        "io",
    ]
)


@dataclass(frozen=True)
class ReasonFound:
    reason: Reason
    phrase: str  # the words of the email that matched, as written there

    @property
    def label(self) -> str:
        return str(self.reason.label)


@dataclass(frozen=True)
class Suggestion:
    application: Application | None
    interview: Interview | None
    decided_on: datetime.date | None
    reasons: tuple[ReasonFound, ...]
    said: str
    sender: str = ""
    subject: str = ""
    candidates: tuple[Application, ...] = field(default=())


@dataclass(frozen=True)
class Headers:
    sender: str = ""
    date: str = ""
    subject: str = ""


def words(text: str) -> str:
    """Lower case, one space between words: what phrases and names are matched against."""
    return " " + " ".join(re.findall(r"[\w'&-]+", text.casefold())) + " "


def split_forward(text: str) -> tuple[Headers, str]:
    """The first block of mail headers in the text (a forward's "From:/Date:/Subject:") and the
    words after it up to the next such block (the quoted history), without quote marks."""
    lines = text.splitlines()
    start = end = None
    found: dict[str, str] = {}
    for number, line in enumerate(lines):
        match = HEADER_LINE.match(line)
        if match and (match[2] or start is not None):
            name = match[1].lower()
            if start is None:
                if name != "from":
                    continue
                start = number
            if match[2]:  # an empty "Cc:" is part of the block, with nothing to keep
                found.setdefault("date" if name == "sent" else name, match[2])
            end = number
        elif start is not None and (line.strip() or number - (end or 0) > 1):
            break
    if start is None or not ({"date", "subject"} & found.keys()):
        return Headers(), unquote(lines)
    rest = lines[end + 1 :]
    for number, line in enumerate(rest):
        match = HEADER_LINE.match(line)
        if match and match[1].lower() == "from" and number + 1 < len(rest):
            following = HEADER_LINE.match(rest[number + 1])
            if following and following[1].lower() in ("sent", "date", "to", "subject"):
                rest = rest[:number]
                break
    return Headers(found.get("from", ""), found.get("date", ""), found.get("subject", "")), unquote(
        rest
    )


# Plain-text mail is wrapped at about 72 characters: a line this long was cut by the sender's mail
# program, not by its writer, and is joined to the next again.
WRAPPED_AT = 60


def unquote(lines: list[str]) -> str:
    """The lines without quote marks, each paragraph's wrapped lines joined."""
    kept: list[str] = []
    for line in (re.sub(r"^(>\s?)+", "", line).rstrip() for line in lines):
        if kept and line and len(kept[-1]) >= WRAPPED_AT:
            kept[-1] = f"{kept[-1]} {line.lstrip()}"
        else:
            kept.append(line)
    return "\n".join(kept).strip()


def date_in(value: str) -> datetime.date | None:
    """The date a "Date:" or "Sent:" line gives, in the site's time zone when it says a time."""
    value = value.strip()
    if not value:
        return None
    try:
        when = email.utils.parsedate_to_datetime(value.replace(" at ", " "))
    except (TypeError, ValueError, IndexError):
        when = None
    if when is not None:
        return timezone.localdate(when) if when.tzinfo else when.date()
    for pattern, order in (
        (DAY_MONTH_YEAR, ("day", "month", "year")),
        (MONTH_DAY_YEAR, ("month", "day", "year")),
        (ISO_DATE, ("year", "month", "day")),
        (SLASHED_DATE, ("day", "month", "year")),
    ):
        match = pattern.search(value)
        if match is None:
            continue
        parts = dict(zip(order, match.groups(), strict=True))
        month = parts["month"]
        month = int(month) if month.isdigit() else MONTHS[month.lower()]
        try:
            return datetime.date(int(parts["year"]), month, int(parts["day"]))
        except ValueError:
            return None
    return None


def name_words(employer: str) -> str:
    kept = [word for word in words(employer).split() if word not in NAME_FILLER]
    return " ".join(kept)


def compact(text: str) -> str:
    return re.sub(r"[\W_]", "", text.casefold())


def domain_labels(domain: str) -> set[str]:
    """The parts of a domain that can name an employer: "mail.acme-corp.co.uk" → {"acmecorp"}."""
    labels = (compact(label) for label in domain.casefold().split("."))
    return {label for label in labels if label and label not in SHARED_DOMAINS}


def sender_domain(sender: str) -> str:
    return email.utils.parseaddr(sender)[1].rpartition("@")[2]


def job_domain(job_url: str) -> str:
    return job_url.split("//")[-1].split("/")[0].rpartition("@")[2].split(":")[0]


def score(application: Application, text_names: str, text_words: str, labels: set[str]) -> int:
    """How surely the email is about this application: its employer named (3), the sender's
    domain being the employer's or its job link's (3), its role title named as well (1)."""
    name = name_words(application.employer)
    points = 0
    if len(compact(name)) >= 2 and f" {name} " in text_names:
        points += 3
    job_labels = domain_labels(job_domain(application.job_url))
    if labels and (compact(name) in labels or labels & job_labels):
        points += 3
    role = words(application.role_title).strip()
    if points and role and f" {role} " in text_words:
        points += 1
    return points


def find_reasons(text_words: str, text: str) -> tuple[ReasonFound, ...]:
    found = []
    for reason, phrases in REASON_PHRASES.items():
        for phrase in phrases:
            if words(phrase) in text_words:
                found.append(ReasonFound(reason, as_written(phrase, text)))
                break
    return tuple(found)


def as_written(phrase: str, text: str) -> str:
    """The phrase as the email writes it (its case, its spacing), for the person to recognise."""
    pattern = r"\W+".join(re.escape(part) for part in re.findall(r"[\w'&-]+", phrase))
    match = re.search(pattern, text, re.IGNORECASE)
    return " ".join(match[0].split()) if match else phrase


def read_rejection(
    text: str,
    *,
    owner: User,
    sender: str = "",
    subject: str = "",
    sent_at: datetime.datetime | None = None,
) -> Suggestion:
    """What a rejection email says, as suggestions for the person to confirm.

    `sender`, `subject` and `sent_at` are the received message's own headers, if any; headers in
    the text (a forwarded or pasted email's) come first, being the employer's.
    """
    headers, said = split_forward(text)
    sender = headers.sender or sender
    subject = headers.subject or subject
    decided_on = date_in(headers.date)
    if decided_on is None and sent_at is not None:
        decided_on = timezone.localdate(sent_at)
    if decided_on is not None and decided_on > timezone.localdate():
        decided_on = None
    text_words = words(f"{sender}\n{subject}\n{text}")
    text_names = f" {name_words(text_words)} "
    labels = domain_labels(sender_domain(sender))
    candidates = tuple(
        Application.objects.for_user(owner)
        .filter(status__in=OPEN_STATUSES)
        .only("pk", "employer", "role_title", "job_url", "status", "date_applied", "owner_id")
        .order_by("-updated_at", "-pk")
    )
    scored = [
        (score(application, text_names, text_words, labels), application)
        for application in candidates
    ]
    best = max(scored, key=lambda pair: pair[0], default=(0, None))
    application = best[1] if best[0] > 0 else None
    return Suggestion(
        application=application,
        interview=latest_interview_for_decision(application) if application else None,
        decided_on=decided_on,
        reasons=find_reasons(words(said or text), said or text),
        said=said,
        sender=sender,
        subject=subject,
        candidates=candidates,
    )
