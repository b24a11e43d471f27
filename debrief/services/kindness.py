"""A gentle word when the search is hard: after several "no"s in a row, or a month of silence
from an employer asked for feedback. In the guide's words (business, not personal; talk to an
adviser if you have one), never a count of rejections: a tally shames, it does not help."""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from debrief.models import AdviserAccess, FeedbackRequest, Interview, User

# Three decisions in a row that were all a "no": the moment a kind word matters.
NOS_IN_A_ROW = 3
SILENT_FOR = datetime.timedelta(days=30)


@dataclass(frozen=True)
class KindWord:
    heading: str
    text: str
    has_adviser: bool


def after_a_no(user: User, today: datetime.date | None = None) -> KindWord | None:
    """The gentle message that fits, if any; two small queries, whatever the record's size."""
    today = today or timezone.localdate()
    latest = list(
        Interview.objects.filter(owner=user, outcome_date__isnull=False)
        .exclude(outcome=Interview.Outcome.AWAITING)
        .order_by("-outcome_date", "-scheduled_at")
        .values_list("outcome", flat=True)[:NOS_IN_A_ROW]
    )
    has_adviser = AdviserAccess.objects.filter(
        client=user, status=AdviserAccess.Status.ACTIVE
    ).exists()
    adviser = (
        _("Your adviser can see your record: a conversation with them may help.")
        if has_adviser
        else _("If you have a careers adviser, now is a good time to talk to them.")
    )
    if len(latest) == NOS_IN_A_ROW and all(o == Interview.Outcome.REJECTED for o in latest):
        return KindWord(
            _("A hard run — and still not personal"),
            _(
                "Several answers in a row have been “no thank you”. Each one was a "
                "business decision about a role, not a verdict on you: you, as a person and a "
                "candidate, are worthwhile and will be of value to the right employer. "
                "%(adviser)s"
            )
            % {"adviser": adviser},
            has_adviser,
        )
    silent = (
        FeedbackRequest.objects.for_user(user)
        .awaiting_reply()
        .filter(requested_on__lte=today - SILENT_FOR)
        .exists()
    )
    if silent:
        return KindWord(
            _("Silence is not a verdict"),
            _(
                "An employer has not replied for a month. Busy teams often never answer: it says "
                "nothing about you. Close it when you are ready and put your energy into the "
                "next application. %(adviser)s"
            )
            % {"adviser": adviser},
            has_adviser,
        )
    return None
