"""What the dashboard says about the figures: the funnel, how often employers answer, where my
reading and theirs differ, and the line of encouragement that fits the moment. No queries: plain
values in, plain values out.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from debrief.models import (
    WHAT_YOU_NOW_KNOW,
    Application,
    Reason,
)
from debrief.services import progress
from debrief.services.dashboard_lists import Decision
from debrief.services.record_figures import percent

# How long a rejection or an offer sets the tone of the encouraging line.
RECENT_DAYS = 21


Status = Application.Status


@dataclass(frozen=True)
class FunnelStage:
    label: str
    count: int
    rate: int | None
    rate_text: str


@dataclass(frozen=True)
class ReadingDifference:
    label: str
    unexpected: int
    feared: int
    agreed: int
    within_my_control: bool


@dataclass(frozen=True)
class Encouragement:
    kind: str
    heading: str
    text: str
    known: tuple[tuple[str, str], ...] = ()
    interview_pk: int | None = None
    # After a "no": (label, url) of the steps not yet taken (debrief.services.progress).
    next_steps: tuple[tuple[str, str], ...] = ()


def funnel(figures: dict) -> tuple[FunnelStage, ...]:
    applied, interviewed, offers = figures["total"], figures["interviewed"], figures["offers"]
    interview_rate, offer_rate = percent(interviewed, applied), percent(offers, interviewed)
    return (
        FunnelStage(_("Applied"), applied, None, ""),
        FunnelStage(
            _("Interviewed"),
            interviewed,
            interview_rate,
            _("%(rate)s%% of applications") % {"rate": interview_rate}
            if interview_rate is not None
            else "",
        ),
        FunnelStage(
            _("Offer"),
            offers,
            offer_rate,
            _("%(rate)s%% of those interviewed") % {"rate": offer_rate}
            if offer_rate is not None
            else "",
        ),
    )


# The cold dashboard's lists are written in SQL: through the ORM each cost more to compile in
# Python (1-3 ms with their subqueries) than PostgreSQL takes to run it.


def feedback_response(figures: dict) -> dict:
    """How often employers answer: of the requests that ended, how many brought feedback."""
    received = figures["status_received"]
    declined = figures["status_declined"]
    no_response = figures["status_no_response"]
    waiting = figures["status_requested"] + figures["status_followed_up"]
    ended = received + declined + no_response
    largest = max(received, declined, no_response, waiting, figures["status_not_sent"])
    return {
        "rows": (
            ("received", _("Answered with feedback"), received),
            ("declined", _("Declined to give feedback"), declined),
            ("no_response", _("Never answered"), no_response),
            ("requested", _("Still waiting for a reply"), waiting),
            ("not_sent", _("Not sent yet"), figures["status_not_sent"]),
        ),
        "largest": largest,
        "ended": ended,
        "answered_rate": percent(received, ended),
        "sent": ended + waiting,
    }


def reading_differences(row: dict) -> tuple[ReadingDifference, ...]:
    differences = (
        ReadingDifference(
            label=str(reason.label),
            unexpected=row[f"unexpected_{reason.value}"],
            feared=row[f"feared_{reason.value}"],
            agreed=row[f"agreed_{reason.value}"],
            within_my_control=reason.is_within_my_control,
        )
        for reason in Reason
    )
    return tuple(d for d in differences if d.unexpected or d.feared or d.agreed)


def reading_summary(differences: tuple[ReadingDifference, ...]) -> dict:
    return {
        "unexpected": sum(d.unexpected for d in differences),
        "feared": sum(d.feared for d in differences),
        "agreed": sum(d.agreed for d in differences),
    }


def encouragement(
    *, figures: dict, decision: Decision | None, upcoming: list, today: datetime.date
) -> Encouragement:
    """One line that fits the moment, in the guide's words."""
    if not figures["total"]:
        return Encouragement(
            "start",
            _("Start with your first application"),
            _(
                "Add the jobs you have applied for. After each interview, debrief yourself while "
                "it is fresh and ask the employer for feedback: every step teaches you something."
            ),
        )
    recent = today - datetime.timedelta(RECENT_DAYS)
    if decision and decision.outcome_date >= recent:
        if decision.is_offer:
            return Encouragement(
                "offer",
                _("Congratulations on the offer from %(employer)s!")
                % {"employer": decision.employer},
                _("Your preparation paid off. Take the time you need to weigh it up."),
                interview_pk=decision.pk,
            )
        return Encouragement(
            "rejection",
            _("%(employer)s said no thank you — it's business, not personal.")
            % {"employer": decision.employer},
            _(
                "You are not back at the bottom of the ladder. What you now know that you did "
                "not before:"
            ),
            known=tuple((area, str(text)) for area, text in WHAT_YOU_NOW_KNOW.items()),
            interview_pk=decision.pk,
        )
    if upcoming:
        interview = upcoming[0]
        when = progress.with_year(timezone.localtime(interview.scheduled_at))
        return Encouragement(
            "upcoming",
            _("Next: %(employer)s, %(when)s.") % {"employer": interview.employer, "when": when},
            _(
                "Your preparation sheet gathers your lessons, your weakest areas and the STAR "
                "answers to rehearse."
            ),
            interview_pk=interview.pk,
        )
    if not figures["interviewed"]:
        return Encouragement(
            "applying",
            _("Every application teaches you how to land an interview."),
            _(
                "Keep applying, and note where each job came from: the sources that lead to "
                "interviews will show here."
            ),
        )
    return Encouragement(
        "steady",
        _("Keep going: you know more after every interview."),
        _("Debrief each interview, ask for feedback, and turn what you learn into actions."),
    )
