"""Progress first: the dashboard opens with the most hopeful true thing, and says in words how
the self-assessment has moved.

The first card, in order: an offer waiting for an answer; a "no" from the last week that is not
yet debriefed (the moment to learn from it); an interview this week with its preparation sheet;
otherwise the dashboard's usual line (the latest rejection only when nothing better is live), whose
rejection card then links to the next step not yet taken. No query of its own: what it needs
rides on the dashboard's latest-decision query (`decision_annotations`), cached as plain values in
dashboard_lists.Decision; the earliest ratings ride on its ratings query.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from debrief.models import Application, Debrief, FeedbackRequest, User

FRESH_DAYS = 7
THIS_WEEK_DAYS = 7
# A move this large in a rating's average is worth saying out loud.
NOTABLE_MOVE = 0.5
MOVEMENTS_SHOWN = 3


@dataclass
class FirstCard:
    kind: str
    heading: str
    text: str
    actions: tuple[tuple[str, str], ...] = ()  # (label, url), main first
    # A fresh "no" not yet debriefed still gets its card, second.
    then_usual: bool = False


@dataclass(frozen=True)
class Movement:
    label: str
    before: float
    now: float
    since: datetime.date

    @property
    def rose(self) -> bool:
        return self.now > self.before

    def __str__(self) -> str:
        return _("%(label)s: %(before).1f → %(now).1f since %(month)s") % {
            "label": self.label,
            "before": self.before,
            "now": self.now,
            "month": month(self.since),
        }


def month(day: datetime.date) -> str:
    return date_format(day, "F" if day.year == timezone.localdate().year else "F Y")


def decision_links(decision) -> tuple[tuple[str, str], ...]:
    """What to do next after a "no" (a dashboard_lists.Decision), in the guide's order and never a
    step already done: send the feedback request, the one-minute debrief, make its lesson an
    action. Each opens the next-steps page at its step, where one click finishes it."""
    steps = reverse("debrief:application-next-steps", args=[decision.application_pk])
    links = []
    if not decision.has_feedback:
        links.append((_("Send your feedback request (drafted)"), f"{steps}#feedback"))
    if not decision.has_debrief:
        links.append((_("Write your one-minute debrief"), f"{steps}#debrief"))
    elif not decision.has_action:
        links.append((_("Make your lesson an action"), f"{steps}#action"))
    return tuple(links)


def decision_annotations(owner: User) -> dict:
    """Annotations for the dashboard's latest-decision query, so the first card costs no query
    of its own: whether that interview has a debrief and a feedback request, and the latest
    application waiting at "offer" (correlated to nothing: PostgreSQL runs it once)."""
    offers = Application.objects.filter(owner=owner, status=Application.Status.OFFER).order_by(
        "-updated_at", "-id"
    )
    return {
        "has_debrief": Exists(Debrief.objects.filter(interview=OuterRef("pk"))),
        "has_feedback": Exists(FeedbackRequest.objects.filter(interview=OuterRef("pk"))),
        "offer_pk": Subquery(offers.values("pk")[:1]),
        "offer_employer": Subquery(offers.values("employer")[:1]),
        "offer_role": Subquery(offers.values("role_title")[:1]),
    }


def first_card(
    *, today: datetime.date, upcoming: list, usual, decision
) -> tuple[FirstCard | None, tuple[tuple[str, str], ...]]:
    """The most hopeful true thing when the dashboard's usual line (`usual`, an Encouragement)
    is not it (None keeps the usual line), and the next steps the usual rejection line offers.
    `decision` is the latest decided interview (a dashboard_lists.Decision); `upcoming` the
    dashboard's InterviewLines."""
    offer_pk = getattr(decision, "offer_pk", None)
    fresh = decision is not None and decision.outcome_date >= today - datetime.timedelta(FRESH_DAYS)
    if offer_pk and usual.kind != "offer":
        fresh_no = usual.kind == "rejection" and fresh and not decision.has_debrief
        card = FirstCard(
            "offer",
            _("You have an offer from %(employer)s") % {"employer": decision.offer_employer},
            _(
                "%(role)s. Take the time you need to weigh it up; when you decide, record it on "
                "the application."
            )
            % {"role": decision.offer_role},
            ((_("Open the offer"), reverse("debrief:application-detail", args=[offer_pk])),),
            then_usual=fresh_no,
        )
        return card, decision_links(decision) if fresh_no else ()
    if usual.kind != "rejection" or decision is None:
        return None, ()
    week_end = timezone.now() + datetime.timedelta(days=THIS_WEEK_DAYS)
    this_week = [i for i in upcoming if i.scheduled_at <= week_end]
    if this_week and not (fresh and not decision.has_debrief):
        interview = this_week[0]
        when = timezone.localtime(interview.scheduled_at)
        card = FirstCard(
            "upcoming",
            _("Interview this week: %(employer)s, %(day)s at %(time)s")
            % {
                "employer": interview.employer,
                "day": f"{date_format(when, 'l')} {with_year(when)}",
                "time": f"{when:%H:%M}",
            },
            _(
                "Your preparation sheet gathers your lessons, your weakest areas and the STAR "
                "answers to rehearse."
            ),
            (
                (
                    _("Open the preparation sheet"),
                    reverse("debrief:interview-prepare", args=[interview.pk]),
                ),
            ),
        )
        return card, ()
    return None, decision_links(decision)


def rejection_card(decision) -> FirstCard:
    return FirstCard(
        "rejection",
        _("%(employer)s said no thank you — it's business, not personal.")
        % {"employer": decision.employer},
        _(
            "You are not back at the bottom of the ladder: every interview teaches you something "
            "the next one can use."
        ),
        decision_links(decision),
    )


def movements(rating_trends: dict) -> list[Movement]:
    """How each self-assessment rating moved since the first debriefs, largest rise first: the
    average of the first two debriefs (`earliest`, from dashboard_lists.rating_trends) against
    the last two."""
    start = rating_trends.get("earliest")
    if not start or rating_trends["total"] < 3:
        return []
    since = timezone.localdate(start["when"])
    found = []
    for trend in rating_trends["trends"]:
        first = start["ratings"][trend.field]
        latest = [v for v in trend.values if v is not None][-2:]
        if not first or not latest:
            continue
        before = sum(first) / len(first)
        now = sum(latest) / len(latest)
        if abs(now - before) >= NOTABLE_MOVE:
            found.append(Movement(short_label(trend.label), before, now, since))
    # The largest moves, up first: a short list people read, not a table.
    return sorted(found, key=lambda m: m.now - m.before, reverse=True)[:MOVEMENTS_SHOWN]


def short_label(label: str) -> str:
    return {
        "Structured answers with STAR": "Structured answers (STAR)",
        "Expressed suitability (skills and experience)": "Expressed suitability",
    }.get(label, label)


def with_year(when: datetime.date) -> str:
    """'3 December', or '3 December 2027' outside the current year."""
    return date_format(when, "j F" if when.year == timezone.localdate().year else "j F Y")
