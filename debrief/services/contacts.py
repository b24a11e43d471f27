"""Contacts: the person to ask for feedback after an interview, and vCards (RFC 6350, version
3.0, which every address book reads) of one contact or all."""

from django.db.models import Case, IntegerField, Q, Value, When

from debrief.models import Contact, Interview
from debrief.models.contacts import HONORIFICS

# Who best answers "why not me?": someone who was in the room, then whoever decided, then the
# recruiter who set it up; a contact of the interview before one of the application.
FEEDBACK_ORDER = [
    Contact.Role.INTERVIEWER,
    Contact.Role.HIRING_MANAGER,
    Contact.Role.RECRUITER,
    Contact.Role.OTHER,
]


def feedback_contact(interview: Interview) -> Contact | None:
    """The contact to ask for feedback about this interview, if the person recorded one: one
    query. For the feedback request's contact name and email, and a greeting by first name
    (`Contact.first_name`)."""
    rank = Case(
        *(When(role=role, then=Value(n)) for n, role in enumerate(FEEDBACK_ORDER)),
        output_field=IntegerField(),
    )
    of_interview = Case(When(interviews=interview, then=Value(0)), default=Value(1))
    return (
        Contact.objects.for_user(interview.owner_id)
        .filter(Q(interviews=interview) | Q(applications=interview.application_id))
        .annotate(rank=rank, of_interview=of_interview)
        .order_by("of_interview", "rank", "id")
        .first()
    )


def escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(",", "\\,")
        .replace(";", "\\;")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Lines over 75 octets continue on the next line after a space (RFC 6350, 3.2)."""
    out, current = [], b""
    for char in line:
        encoded = char.encode()
        if len(current) + len(encoded) > 75:
            out.append(current.decode())
            current = b" "
        current += encoded
    out.append(current.decode())
    return "\r\n".join(out)


def vcard(contact: Contact) -> str:
    words = contact.name.split()
    prefix = words.pop(0) if len(words) > 2 and words[0].strip(".").casefold() in HONORIFICS else ""
    family, given = (words[-1], " ".join(words[:-1])) if len(words) > 1 else (contact.name, "")
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        f"FN:{escape(contact.name)}",
        f"N:{escape(family)};{escape(given)};;{escape(prefix)};",
    ]
    if contact.employer:
        lines.append(f"ORG:{escape(contact.employer)}")
    lines.append(f"TITLE:{escape(contact.get_role_display())}")
    if contact.email:
        lines.append(f"EMAIL;TYPE=INTERNET:{escape(contact.email)}")
    if contact.phone:
        lines.append(f"TEL;TYPE=WORK,VOICE:{escape(contact.phone)}")
    if contact.notes:
        lines.append(f"NOTE:{escape(contact.notes)}")
    lines.append("END:VCARD")
    return "".join(fold(line) + "\r\n" for line in lines)


def vcards(contacts) -> str:
    return "".join(vcard(contact) for contact in contacts)
