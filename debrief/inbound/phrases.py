"""The phrases that suggest why an employer said no, by the guide's reasons.

Employers' rejection emails use a small stock of phrases. When one of these appears in an email a
person pastes or forwards, Debrief *suggests* the reason beside it, showing the words that matched;
the person ticks the reasons that are right. Nothing is ticked for them, because a phrase can be
kind boilerplate ("we had a very strong field") or say the opposite ("not for lack of experience").

How to extend it: add lower-case phrases under the reason they point to. A phrase matches whole
words, case and spacing ignored ("more  Relevant experience" matches "more relevant experience").
Keep phrases specific enough that a polite email does not match them by accident: "enthusiasm" alone
would match "we enjoyed your enthusiasm".
"""

from debrief.models import Reason

REASON_PHRASES: dict[Reason, tuple[str, ...]] = {
    Reason.STRONGER_CANDIDATE: (
        "another candidate",
        "other candidates",
        "stronger candidate",
        "stronger candidates",
        "more suitable candidate",
        "candidate who more closely",
        "candidates who more closely",
        "candidates whose",
        "very strong field",
        "strong field of candidates",
        "highly competitive",
        "high volume of applications",
        "high number of applications",
        "large number of applications",
        "decided to offer the role to",
        "decided to move forward with",
        "decided to proceed with",
    ),
    Reason.EXPERIENCE_GAP: (
        "more experience",
        "more relevant experience",
        "more direct experience",
        "more experienced",
        "level of experience",
        "lack of experience",
        "not enough experience",
        "limited experience",
        "industry experience",
        "sector experience",
        "years of experience",
        "hands-on experience",
    ),
    Reason.SKILLS_GAP: (
        "skill set",
        "skillset",
        "technical skills",
        "the skills required",
        "skills we are looking for",
        "skills we were looking for",
        "technical assessment",
        "technical test",
        "depth of knowledge",
    ),
    Reason.QUALIFICATIONS: (
        "qualification",
        "qualifications",
        "qualified by experience",
        "professional certification",
        "degree in",
        "chartered status",
        "accreditation",
    ),
    Reason.TEAM_FIT: (
        "team fit",
        "cultural fit",
        "culture fit",
        "fit with the team",
        "fit within the team",
        "fit for the team",
        "our values",
        "team dynamic",
    ),
    Reason.RETENTION: (
        "overqualified",
        "over-qualified",
        "over qualified",
        "long-term",
        "longer-term",
        "long term",
        "commitment to the role",
        "career aspirations",
        "career goals",
    ),
    Reason.IMPRESSION: (
        "nervous",
        "nerves",
        "more confident",
        "lack of confidence",
        "more examples",
        "specific examples",
        "more detail in your answers",
        "more structured",
        "better prepared",
        "more prepared",
        "research into",
    ),
    Reason.UNEXPECTED_REQUIREMENT: (
        "driving licence",
        "driving license",
        "security clearance",
        "right to work",
        "visa sponsorship",
        "sponsorship",
        "relocate",
        "relocation",
        "notice period",
        "salary expectations",
        "availability",
        "essential requirement",
        "essential criteria",
    ),
}
