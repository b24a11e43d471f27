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
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from debrief.models import FeedbackRequest, Interview

# How a stage reads inside a sentence, with its "my": "my first interview", "my assessment
# centre" (whole phrases, so a translation can mutate after its possessive: "fy nghyfweliad").
STAGE_PHRASES = {
    Interview.Stage.SCREENING: gettext_lazy("my screening interview"),
    Interview.Stage.FIRST: gettext_lazy("my first interview"),
    Interview.Stage.SECOND: gettext_lazy("my second interview"),
    Interview.Stage.FINAL: gettext_lazy("my final interview"),
    Interview.Stage.ASSESSMENT: gettext_lazy("my assessment centre"),
    Interview.Stage.TECHNICAL: gettext_lazy("my technical interview"),
    Interview.Stage.OTHER: gettext_lazy("my interview"),
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
        return str(STAGE_PHRASES.get(self.stage, STAGE_PHRASES[Interview.Stage.OTHER]))

    @property
    def greeting(self) -> str:
        if not self.contact_name:
            return _("Dear Hiring Team,")
        return _("Dear %(name)s,") % {"name": addressed_as(self.contact_name)}

    @property
    def interview_on(self) -> str:
        return _("%(my_stage)s on %(date)s") % {
            "my_stage": self.stage_phrase,
            "date": long_date(self.interview_date),
        }

    @property
    def words(self) -> dict[str, str]:
        """The placeholders every draft may use, in the language being written."""
        return {
            "greeting": self.greeting,
            "my_stage": self.stage_phrase,
            "role": self.role_title,
            "employer": self.employer,
            "sender": self.sender_name,
            "interview_on": self.interview_on,
            "interview": self.interview,
            "interview_date": long_date(self.interview_date),
            "asked_on": long_date(self.requested_on) if self.requested_on else "",
        }

    @property
    def interview(self) -> str:
        return _("%(my_stage)s for the %(role)s role on %(date)s") % {
            "my_stage": self.stage_phrase,
            "role": self.role_title,
            "date": long_date(self.interview_date),
        }


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
    return date_format(day, "j F Y")


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
        subject=_("Feedback on %(my_stage)s – %(role)s") % facts.words,
        body=_(
            "%(greeting)s\n\n"
            "Thank you for letting me know your decision about the %(role)s role at "
            "%(employer)s, and for the time you gave me at %(interview_on)s.\n\n"
            "I would value your feedback so that I can learn from this interview. In particular, "
            "what would have made me a stronger candidate for this role? Specific points about "
            "my answers, my skills and experience, or the way I came across would help me "
            "most.\n\n"
            "A few lines by email would be ideal, or I would be glad to have a short call if "
            "that is easier for you.\n\n"
            "Thank you again for considering my application. I enjoyed learning about "
            "%(employer)s and would welcome the chance to apply for suitable roles with you in "
            "the future.\n\n"
            "Kind regards,\n"
            "%(sender)s"
        )
        % facts.words,
    )


def follow_up_email(facts: DraftFacts) -> Draft:
    # Two whole sentences: with the day the message went, or without one.
    following_up = (
        _(
            "I am following up the message I sent on %(asked_on)s asking for feedback on "
            "%(interview)s at %(employer)s."
        )
        if facts.requested_on
        else _(
            "I am following up the message I sent asking for feedback on %(interview)s at "
            "%(employer)s."
        )
    ) % facts.words
    return Draft(
        subject=_("Following up: feedback on %(my_stage)s – %(role)s") % facts.words,
        body=_(
            "%(greeting)s\n\n"
            "%(following_up)s\n\n"
            "Your view of what would have made me a stronger candidate would help me prepare "
            "for my next interview. Two or three specific points would be enough.\n\n"
            "Thank you for your time. I remain interested in %(employer)s and hope our paths "
            "cross again.\n\n"
            "Kind regards,\n"
            "%(sender)s"
        )
        % {**facts.words, "following_up": following_up},
    )


def more_detail_email(facts: DraftFacts) -> Draft:
    return Draft(
        subject=_("Re: feedback on %(my_stage)s – %(role)s") % facts.words,
        body=_(
            "%(greeting)s\n\n"
            "Thank you for your feedback on %(interview)s at %(employer)s. I appreciate you "
            "taking the time to reply.\n\n"
            "So that I can act on it, could you tell me a little more? In particular:\n"
            "- which skills or experience would have made me a stronger candidate;\n"
            "- whether there was a question where my answer fell short, and what you were "
            "looking for.\n\n"
            "Even a short reply would help me prepare for my next interview. Thank you again, "
            "and I would welcome the chance to apply to %(employer)s in the future.\n\n"
            "Kind regards,\n"
            "%(sender)s"
        )
        % facts.words,
    )


def subject_access_request(facts: DraftFacts) -> Draft:
    """The last resort when an employer declines or never answers: UK GDPR, Article 15."""
    return Draft(
        subject=_("Subject access request – %(role)s interview") % facts.words,
        body=_(
            "Dear Data Protection Officer,\n\n"
            "I am making a subject access request under Article 15 of the UK General Data "
            "Protection Regulation (UK GDPR) for the personal data that %(employer)s holds "
            "about me in connection with my application for the %(role)s role, including "
            "%(interview_on)s.\n\n"
            "Please send me a copy of:\n"
            "- the notes made by each interviewer during and after the interview;\n"
            "- any scores, ratings or scoring sheets, and the criteria they were measured "
            "against;\n"
            "- the results of any tests or assessments I took;\n"
            "- emails and other correspondence about me as a candidate, including about the "
            "decision.\n\n"
            "To help you find this information: my name is %(sender)s, and I applied for the "
            "%(role)s role and was interviewed on %(interview_date)s. Please contact me at this "
            "email address if you need anything else to identify me.\n\n"
            "You must respond without undue delay and at the latest within one month of "
            "receiving this request. A subject access request is free of charge.\n\n"
            "Thank you,\n"
            "%(sender)s"
        )
        % facts.words,
    )
