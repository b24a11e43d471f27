"""Lessons that carry forward: the employer's own words in the actions made from their feedback."""

import re

from django.utils.translation import gettext as _

from debrief.models import ActionItem, Reason

# Words an employer uses when they give each reason, to find the sentence that says it.
REASON_WORDS = {
    Reason.SKILLS_GAP: ["skill", "knowledge", "technical", "proficien", "familiar", "lack"],
    Reason.EXPERIENCE_GAP: ["experience", "years", "background", "track record"],
    Reason.QUALIFICATIONS: ["qualif", "degree", "certif", "chartered", "accredit"],
    Reason.IMPRESSION: ["nerv", "confiden", "impression", "came across", "enthusias", "rushed"],
    Reason.UNEXPECTED_REQUIREMENT: ["requirement", "required", "essential", "licen", "must"],
    Reason.OTHER: [],
}

SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")
MAX_TEXT = ActionItem._meta.get_field("text").max_length


def their_words(feedback_text: str, reason: str) -> str:
    """The sentence of the employer's feedback that gives this reason ("" if none does)."""
    sentences = [s.strip() for s in SENTENCE.findall(feedback_text or "") if s.strip()]
    words = REASON_WORDS.get(reason, [])
    for sentence in sentences:
        lowered = sentence.lower()
        if any(word in lowered for word in words):
            return sentence
    return sentences[0] if reason == Reason.OTHER and sentences else ""


def with_their_words(text: str, feedback_text: str, reason: str) -> str:
    """An action's text followed by what the employer said, within the action's length."""
    quote = their_words(feedback_text, reason)
    if not quote:
        return text
    words = _("%(action)s — they said: “%(quote)s”")
    room = MAX_TEXT - len(words % {"action": text, "quote": ""})
    if room < 20:
        return text
    if len(quote) > room:
        quote = quote[: room - 1].rstrip() + "…"
    return words % {"action": text, "quote": quote}
