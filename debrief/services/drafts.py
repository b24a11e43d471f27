"""Drafted emails to an employer about an interview: pure functions of the facts, tested by content.

The guide's tone throughout: polite, professional and assertive, never grovelling. Each draft names
the role, the employer, the interview stage and date, asks a specific question and keeps the door
open.
"""

import datetime
import re
from dataclasses import dataclass
from urllib.parse import quote

from django.utils import timezone

from debrief.models import FeedbackRequest, Interview

# How a stage reads inside a sentence: "my first interview", "my assessment centre".
STAGE_PHRASES = {
    Interview.Stage.SCREENING: "screening interview",
    Interview.Stage.FIRST: "first interview",
    Interview.Stage.SECOND: "second interview",
    Interview.Stage.FINAL: "final interview",
    Interview.Stage.ASSESSMENT: "assessment centre",
    Interview.Stage.TECHNICAL: "technical interview",
    Interview.Stage.OTHER: "interview",
}


@dataclass(frozen=True)
class DraftFacts:
    role_title: str
    employer: str
    stage: str
    interview_date: datetime.date
    sender_name: str
    contact_name: str = ""
    requested_on: datetime.date | None = None

    @property
    def stage_phrase(self) -> str:
        return STAGE_PHRASES.get(self.stage, "interview")

    @property
    def greeting(self) -> str:
        if not self.contact_name:
            return "Dear Hiring Team,"
        return f"Dear {addressed_as(self.contact_name)},"

    @property
    def interview_on(self) -> str:
        return f"my {self.stage_phrase} on {long_date(self.interview_date)}"

    @property
    def interview(self) -> str:
        on = long_date(self.interview_date)
        return f"my {self.stage_phrase} for the {self.role_title} role on {on}"


@dataclass(frozen=True)
class Draft:
    subject: str
    body: str

    def mailto(self, to: str = "") -> str:
        return f"mailto:{quote(to, safe='@')}?subject={quote(self.subject)}&body={quote(self.body)}"


# A name that starts with one of these is greeted formally ("Dear Dr Patel,"), not by first name.
TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "lord", "lady"}
# Between interviewers' names as people type them: "Jo Bloggs (Head of Data), Sam Lee and Ann".
INTERVIEWER_SEPARATORS = re.compile(r"\s*(?:[,;/&+\n]|\band\b)\s*", re.IGNORECASE)


def addressed_as(name: str) -> str:
    """How a draft greets a person: by first name ("Jo Bloggs" → "Jo"), formally when the name
    starts with a title ("Dr Sam Patel" → "Dr Patel")."""
    words = name.split()
    if not words:
        return ""
    if words[0].rstrip(".").casefold() in TITLES and len(words) > 1:
        return f"{words[0]} {words[-1]}"
    return words[0]


def first_interviewer(interviewers: str) -> str:
    """The first person named in an interview's "Interviewers", without their job title in
    brackets: the likely person to ask for feedback."""
    for part in INTERVIEWER_SEPARATORS.split(re.sub(r"\([^)]*\)", "", interviewers)):
        name = " ".join(part.split())
        if name:
            return name
    return ""


def long_date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def facts_for(feedback_request: FeedbackRequest, *, sender_name: str) -> DraftFacts:
    """The facts a draft needs, read from a feedback request with its interview and application."""
    interview = feedback_request.interview
    return DraftFacts(
        role_title=interview.application.role_title,
        employer=interview.application.employer,
        stage=interview.stage,
        interview_date=timezone.localdate(interview.scheduled_at),
        sender_name=sender_name,
        contact_name=feedback_request.contact_name,
        requested_on=feedback_request.requested_on,
    )


def request_email(facts: DraftFacts) -> Draft:
    return Draft(
        subject=f"Feedback on my {facts.stage_phrase} – {facts.role_title}",
        body=f"""{facts.greeting}

Thank you for letting me know your decision about the {facts.role_title} role at {facts.employer}, \
and for the time you gave me at {facts.interview_on}.

I would value your feedback so that I can learn from this interview. In particular, what would \
have made me a stronger candidate for this role? Specific points about my answers, my skills and \
experience, or the way I came across would help me most.

A few lines by email would be ideal, or I would be glad to have a short call if that is easier \
for you.

Thank you again for considering my application. I enjoyed learning about {facts.employer} and \
would welcome the chance to apply for suitable roles with you in the future.

Kind regards,
{facts.sender_name}""",
    )


def follow_up_email(facts: DraftFacts) -> Draft:
    asked_on = f" on {long_date(facts.requested_on)}" if facts.requested_on else ""
    return Draft(
        subject=f"Following up: feedback on my {facts.stage_phrase} – {facts.role_title}",
        body=f"""{facts.greeting}

I am following up the message I sent{asked_on} asking for feedback on {facts.interview} at \
{facts.employer}.

Your view of what would have made me a stronger candidate would help me prepare for my next \
interview. Two or three specific points would be enough.

Thank you for your time. I remain interested in {facts.employer} and hope our paths cross again.

Kind regards,
{facts.sender_name}""",
    )


def more_detail_email(facts: DraftFacts) -> Draft:
    return Draft(
        subject=f"Re: feedback on my {facts.stage_phrase} – {facts.role_title}",
        body=f"""{facts.greeting}

Thank you for your feedback on {facts.interview} at {facts.employer}. I appreciate you taking the \
time to reply.

So that I can act on it, could you tell me a little more? In particular:
- which skills or experience would have made me a stronger candidate;
- whether there was a question where my answer fell short, and what you were looking for.

Even a short reply would help me prepare for my next interview. Thank you again, and I would \
welcome the chance to apply to {facts.employer} in the future.

Kind regards,
{facts.sender_name}""",
    )


def subject_access_request(facts: DraftFacts) -> Draft:
    """The last resort when an employer declines or never answers: UK GDPR, Article 15."""
    return Draft(
        subject=f"Subject access request – {facts.role_title} interview",
        body=f"""Dear Data Protection Officer,

I am making a subject access request under Article 15 of the UK General Data Protection \
Regulation (UK GDPR) for the personal data that {facts.employer} holds about me in connection \
with my application for the {facts.role_title} role, including {facts.interview_on}.

Please send me a copy of:
- the notes made by each interviewer during and after the interview;
- any scores, ratings or scoring sheets, and the criteria they were measured against;
- the results of any tests or assessments I took;
- emails and other correspondence about me as a candidate, including about the decision.

To help you find this information: my name is {facts.sender_name}, and I applied for the \
{facts.role_title} role and was interviewed on {long_date(facts.interview_date)}. Please contact \
me at this email address if you need anything else to identify me.

You must respond without undue delay and at the latest within one month of receiving this \
request. A subject access request is free of charge.

Thank you,
{facts.sender_name}""",
    )
