"""The job seeker's dashboard: where the search stands and what needs doing next.

Assembly and caching here; the figures that depend only on the record and the date come from the
rows the database keeps (dashboard_counts) and a few short lists read along indexes
(dashboard_lists), what the page says about them from dashboard_panels. They are cached once per
record version and day as plain values (see record_figures), with the panels that show nothing
else rendered beside them as HTML strings. What depends on the time of day (the interviews coming
up and the ones just past) is read on every visit of an adviser's view, and for the job seeker's
own page once until it can next change (own_dashboard_panels, below, which caches the whole
body). The adviser notes and forwarded emails are not figures: the job seeker's view reads them
live (views/dashboard.py), so an edited note or a renamed adviser shows at once.
"""

import datetime
from dataclasses import replace

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from debrief import csrf_slot
from debrief.models import User
from debrief.services import progress
from debrief.services.dashboard_counts import (
    Counts,
    application_figures,
    counts_of,
    feedback_figures,
    interview_figures,
    star_coverage,
)
from debrief.services.dashboard_lists import (
    INTERVIEWS_AROUND_NOW_SQL,
    KEPT_FIGURES_SQL,
    PATTERNS_SQL,
    RECORD_LISTS_SQL,
    SILENCES_SQL,
    UPCOMING_DAYS,
    around_parameters,
    attention_from,
    feedback_due,
    interviews_needing_attention,
    latest_decision,
    list_from,
    lists_from,
    lists_parameters,
    rating_trends,
    undebriefed_before,
)
from debrief.services.dashboard_panels import (
    Status,
    encouragement,
    feedback_response,
    funnel,
    reading_differences,
    reading_summary,
)
from debrief.services.patterns import patterns
from debrief.services.record_figures import (
    FIGURES_CACHE_SECONDS,
    LabelledCount,
    open_actions_of,
    reason_split,
    record_cache_key,
)
from debrief.services.silence import silences_of
from debrief.templatetags.dashboard_cards import CARDS


def count_figures(counts: Counts) -> dict:
    """What the panels written from the kept figures alone show (COUNTS_PANELS)."""
    figures = application_figures(counts)
    feedback = feedback_figures(counts)
    differences = reading_differences(feedback)
    coverage = star_coverage(counts)
    return {
        "application_figures": figures,
        "is_new": figures["total"] == 0,
        "status_counts": tuple(
            LabelledCount(value, str(label), figures[f"status_{value}"])
            for value, label in Status.choices
        ),
        "applications_total": figures["total"],
        "applications_silent": figures["silent"],
        "funnel": funnel(figures),
        "feedback_overdue": feedback["overdue"],
        "feedback_response": feedback_response(feedback),
        "reasons": reason_split(feedback),
        "reading_compared": feedback["compared"],
        "reading_differences": differences,
        "reading_summary": reading_summary(differences),
        "star_coverage": coverage,
        "star_answers_total": sum(item.answers for item in coverage),
        "never_answered": figures["status_no_response"],
    }


def list_figures(lists: dict, counts: Counts, today: datetime.date, now: datetime.datetime) -> dict:
    """The short lists and the rating trends (dashboard_lists.RECORD_LISTS), with the kept
    figures they are shown beside."""
    trends = rating_trends(lists["trends"], interview_figures(counts))
    actions = open_actions_of(lists["actions"], counts("open_actions"))
    return {
        "undebriefed_earlier": undebriefed_before(lists["undebriefed"], now, trends["undebriefed"]),
        "latest_decision": latest_decision(lists["decision"]),
        "feedback_due": feedback_due(lists["due"], today),
        "rating_trends": trends,
        "open_actions": actions.shown,
        "open_actions_total": actions.total,
    }


# The panels that show nothing but the figures above: rendered with them for the job seeker's own
# view and cached beside them as HTML, a plain string (templatetags.dashboard_cards.panel).
# One cache entry per record version and day holds both, so the warm dashboard pastes these
# panels instead of rendering them (about half its time); what depends on the time of day (the
# interviews coming up and just past, the first card) and the adviser's notes are read and
# rendered on every visit. Each is written as soon as the rows it is written from are read.
COUNTS_PANELS = ("funnel", "status", "reasons", "reading", "feedback_response", "star")
LIST_PANELS = ("feedback_due", "trend", "actions")
PATTERN_PANELS = ("patterns",)
CACHED_PANELS = COUNTS_PANELS + LIST_PANELS + PATTERN_PANELS


def rendered(names: tuple[str, ...], figures: dict, today: datetime.date) -> dict[str, str]:
    context = {**figures, "today": today}
    # Plain str: the cache holds plain data, not Django's SafeString.
    return {name: str.__str__(CARDS[name](context)) for name in names}


def figures_and_attention(
    user: User, today: datetime.date, now: datetime.datetime
) -> tuple[dict, dict]:
    """Everything on the dashboard that depends only on the record and the date (plain values,
    cached by dashboard_context) with its panels rendered, and the interviews around `now`.

    Five statements sent at once in a pipeline (connection.pipeline): the server runs them one
    after the other while the panels are written from the rows of those it has run. The
    patterns, the longest to run and the quickest to write, come last.
    """
    parameters = lists_parameters(user, today, now)
    with (
        connection.prepared_cursor() as kept,
        connection.prepared_cursor() as lists,
        connection.prepared_cursor() as silences,
        connection.prepared_cursor() as around,
        connection.prepared_cursor() as details,
    ):
        kept.execute(KEPT_FIGURES_SQL, parameters)
        lists.execute(RECORD_LISTS_SQL, parameters)
        silences.execute(SILENCES_SQL, parameters)
        around.execute(INTERVIEWS_AROUND_NOW_SQL, around_parameters(user, now, since=now))
        details.execute(PATTERNS_SQL, parameters)
        counts = counts_of(list_from(kept.fetchone()))
        figures = count_figures(counts)
        panels = rendered(COUNTS_PANELS, figures, today)
        figures |= list_figures(lists_from(lists.fetchone()), counts, today, now)
        panels |= rendered(LIST_PANELS, figures, today)
        # Rendered on every visit (its buttons carry the CSRF token), read with the figures.
        figures["silences"] = silences_of(list_from(silences.fetchone()), today)
        interviews = attention_from(around.fetchall(), figures["undebriefed_earlier"])
        figures["patterns"] = patterns(list_from(details.fetchone()))
        panels |= rendered(PATTERN_PANELS, figures, today)
    return {**figures, "panels": panels}, interviews


def dashboard_context(
    user: User, today: datetime.date, now: datetime.datetime | None = None
) -> dict:
    now = now or timezone.now()
    key = record_cache_key("dashboard", user, today)
    figures = cache.get(key)
    if figures is None:
        figures, interviews = connection.pipelined(lambda: figures_and_attention(user, today, now))
        cache.set(key, figures, FIGURES_CACHE_SECONDS)
    else:
        interviews = interviews_needing_attention(user, now, figures["undebriefed_earlier"])
    usual = encouragement(
        figures=figures["application_figures"],
        decision=figures["latest_decision"],
        upcoming=interviews["upcoming"],
        today=today,
    )
    first_card, next_steps = progress.first_card(
        today=today,
        upcoming=interviews["upcoming"],
        usual=usual,
        decision=figures["latest_decision"],
    )
    return {
        **figures,
        **interviews,
        "today": today,
        "upcoming_days": UPCOMING_DAYS,
        "encouragement": replace(usual, next_steps=next_steps),
        "first_card": first_card,
        "movements": progress.movements(figures["rating_trends"]),
    }


# --- The job seeker's own dashboard, rendered whole -----------------------------------------------
#
# Everything dashboard_panels.html shows the job seeker is a function of the record (its version),
# the day, the language and the interviews around now, which change only when an interview starts
# or enters the UPCOMING_DAYS window (`attention_changes_at`, which interviews_needing_attention
# returns with the lists). So the rendered panels are cached under the version, day and language
# until that moment: a warm visit reads no interview and renders none of it (about three quarters
# of its time). What is per visit goes in slots: the CSRF token (debrief/csrf_slot.py) and the
# page's own address in the silence question's forms, and the two panels read live ("They said
# no?" for forwarded emails, "From your adviser"). None of the slots can be written by a
# person's text: it is escaped, so it never holds a quote or a "<".
NEXT_SLOT = 'name="next" value="/next-path-slot"'
LIVE_SLOTS = {"inbound": "<!--slot:inbound-->", "from_adviser": "<!--slot:from-adviser-->"}


class SlotRequest:
    """What the cached panels are rendered with in place of the request (`request.get_full_path`
    in includes/silence.html)."""

    @staticmethod
    def get_full_path() -> str:
        return "/next-path-slot"


def own_dashboard_panels(user: User, today: datetime.date, now: datetime.datetime) -> str:
    """dashboard_panels.html for the job seeker, with the slots above in place of what is per
    visit (fill_slots fills them)."""
    key = record_cache_key("dashboard-page", user, today)
    entry = cache.get(key)
    if entry is not None and (entry["until"] is None or now < entry["until"]):
        return entry["html"]
    context = dashboard_context(user, today, now)
    until = context["attention_changes_at"]
    context = {
        **context,
        "slots": {name: mark_safe(slot) for name, slot in LIVE_SLOTS.items()},
        "csrf_token": csrf_slot.SLOT_TOKEN,
        "request": SlotRequest(),
    }
    # A plain str: the cache holds plain data, not Django's SafeString.
    html = str.__str__(render_to_string("debrief/includes/dashboard_panels.html", context))
    cache.set(key, {"until": until, "html": html}, FIGURES_CACHE_SECONDS)
    return html


def fill_slots(html: str, request: HttpRequest, live: dict) -> str:
    """The cached panels with this visit's CSRF token, address and live panels (`live`, from
    dashboard_live.live_panels) in their slots."""
    html = csrf_slot.with_token(html, request)
    if NEXT_SLOT in html:
        html = html.replace(NEXT_SLOT, f'name="next" value="{escape(request.get_full_path())}"')
    panels = {
        "inbound": ("debrief/includes/dashboard_inbound.html", live["inbound"]["items"]),
        "from_adviser": ("debrief/includes/from_your_adviser.html", live["from_adviser"]),
    }
    for name, (template, shown) in panels.items():
        rendered = render_to_string(template, live, request) if shown else ""
        html = html.replace(LIVE_SLOTS[name], rendered)
    return html
