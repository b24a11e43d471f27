"""Which of an adviser's clients need attention, and why, in words; and each client's upcoming
interviews (the caseload's column).

The reasons, from the guide's hour after a "no" to the slower signs of a stalled search:
- a "no" (an interview turned down) in the last 30 days with no debrief after 3 days (an older
  one is the past: the 21 days without activity say more, and looking further back read every
  interview a client ever had, 10 ms for 500 clients);
- a feedback request not sent for 2 days, or one whose follow-up is overdue;
- an interview in the next 7 days;
- no activity in the record for 21 days;
- an action the adviser suggested, unanswered for 14 days.

No query of its own, whatever the caseload's size: both parts are in the caseload page's one
statement (services/caseload.py). `flagged_sql` finds who needs attention over the whole
(filtered) caseload (the list shows the first few by name; the filter and the "needs attention
first" order use it there). `signals_sql` counts each reason for the clients shown only (a page
and the list; every row of the CSV), a UNION ALL of grouped counts, one branch a reason, over
their ids, and `signals` puts them in words. The last activity comes from the caseload's kept
figures.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from debrief.models import (
    ActionSuggestion,
    Debrief,
    FeedbackRequest,
    Interview,
    User,
)

NO_DEBRIEF_AFTER = datetime.timedelta(days=3)
NO_DEBRIEF_WITHIN = datetime.timedelta(days=30)
UNSENT_AFTER = datetime.timedelta(days=2)
INTERVIEW_WITHIN = datetime.timedelta(days=7)
QUIET_FOR = datetime.timedelta(days=21)
UNANSWERED_AFTER = datetime.timedelta(days=14)

INTERVIEW = Interview._meta.db_table
DEBRIEF = Debrief._meta.db_table
REQUEST = FeedbackRequest._meta.db_table
SUGGESTION = ActionSuggestion._meta.db_table
AWAITING_REPLY = list(FeedbackRequest.Status.awaiting_reply())

# For the clients shown (`{{shown}}`: an array of their ids, in SQL), each reason's count and
# first moment: one grouped branch a reason, each along its owner index.
SIGNALS_SQL = f"""
    SELECT interview.owner_id, 'no_debrief', count(*), min(interview.outcome_date)::timestamptz
    FROM {INTERVIEW} interview
    LEFT JOIN {DEBRIEF} debrief ON debrief.interview_id = interview.id
    WHERE interview.owner_id = ANY({{shown}}) AND interview.outcome = %s
      AND interview.outcome_date BETWEEN %s AND %s
      AND debrief.id IS NULL
    GROUP BY interview.owner_id
    UNION ALL
    SELECT owner_id, 'unsent', count(*), min(created_at)
    FROM {REQUEST}
    WHERE owner_id = ANY({{shown}}) AND status = %s AND created_at <= %s
    GROUP BY owner_id
    UNION ALL
    SELECT owner_id, 'overdue', count(*), min(follow_up_due)::timestamptz
    FROM {REQUEST}
    WHERE owner_id = ANY({{shown}}) AND status = ANY(%s) AND follow_up_due < %s
    GROUP BY owner_id
    UNION ALL
    SELECT owner_id, 'upcoming', count(*), min(scheduled_at)
    FROM {INTERVIEW}
    WHERE owner_id = ANY({{shown}}) AND outcome = %s AND scheduled_at > %s
    GROUP BY owner_id
    UNION ALL
    SELECT client_id, 'suggestion', count(*), min(created_at)
    FROM {SUGGESTION}
    WHERE adviser_id = %s AND client_id = ANY({{shown}}) AND status = %s
      AND created_at <= %s
    GROUP BY client_id
"""


def signals_sql(
    *, adviser: User, now: datetime.datetime, today: datetime.date, shown: str
) -> tuple[str, list]:
    """Each reason's count and first moment for the clients `shown` (an array of ids, in SQL),
    as rows (client id, reason, count, first), with its parameters: part of the caseload page's
    one statement (services/caseload.py)."""
    return SIGNALS_SQL.format(shown=shown), [
        Interview.Outcome.REJECTED,
        today - NO_DEBRIEF_WITHIN,
        today - NO_DEBRIEF_AFTER,
        FeedbackRequest.Status.NOT_SENT,
        now - UNSENT_AFTER,
        AWAITING_REPLY,
        today,
        Interview.Outcome.AWAITING,
        now,
        adviser.pk,
        ActionSuggestion.Status.PENDING,
        now - UNANSWERED_AFTER,
    ]


# The same reasons as SIGNALS_SQL, as a yes or no per client over the whole (filtered) caseload (an
# interview counts only within the week): a CTE over `clients` (their ids) and `known` (each
# client with their last activity), part of the caseload page's one statement
# (services/caseload.py). Each reason is read along its owner index for all the clients' ids at
# once (`= ANY`), not a lookup per client.
FLAGGED_SQL = f"""
    SELECT interview.owner_id AS id FROM {INTERVIEW} interview
    WHERE interview.owner_id = ANY(ARRAY(SELECT id FROM clients)) AND interview.outcome = %s
      AND interview.outcome_date BETWEEN %s AND %s
      AND NOT EXISTS (SELECT FROM {DEBRIEF} d WHERE d.interview_id = interview.id)
    UNION
    SELECT owner_id FROM {REQUEST}
    WHERE owner_id = ANY(ARRAY(SELECT id FROM clients)) AND status = %s AND created_at <= %s
    UNION
    SELECT owner_id FROM {REQUEST}
    WHERE owner_id = ANY(ARRAY(SELECT id FROM clients)) AND status = ANY(%s)
      AND follow_up_due < %s
    UNION
    SELECT owner_id FROM {INTERVIEW}
    WHERE owner_id = ANY(ARRAY(SELECT id FROM clients)) AND outcome = %s
      AND scheduled_at > %s AND scheduled_at <= %s
    UNION
    SELECT client_id FROM {SUGGESTION}
    WHERE adviser_id = %s AND client_id = ANY(ARRAY(SELECT id FROM clients)) AND status = %s
      AND created_at <= %s
    UNION
    SELECT id FROM known WHERE coalesce(last_activity, shared_since) <= %s
"""


def flagged_sql(*, adviser: User, now: datetime.datetime, today: datetime.date) -> tuple[str, list]:
    """Who needs attention, as SQL for a WITH clause over `clients` and `known`, with its
    parameters."""
    return FLAGGED_SQL, [
        Interview.Outcome.REJECTED,
        today - NO_DEBRIEF_WITHIN,
        today - NO_DEBRIEF_AFTER,
        FeedbackRequest.Status.NOT_SENT,
        now - UNSENT_AFTER,
        AWAITING_REPLY,
        today,
        Interview.Outcome.AWAITING,
        now,
        now + INTERVIEW_WITHIN,
        adviser.pk,
        ActionSuggestion.Status.PENDING,
        now - UNANSWERED_AFTER,
        now - QUIET_FOR,
    ]


# When a figure of the (filtered) caseload next changes with time alone: the first moment after
# now at which an interview starts (it counts as recent, and is no longer upcoming) or leaves the
# recent ones, an interview comes within the week, a request has waited UNSENT_AFTER unsent, a
# suggestion UNANSWERED_AFTER, or a client has been quiet QUIET_FOR; NULL when none will. A
# scalar subquery over `clients` and `known`, part of the caseload page's one statement: the
# cached page is kept until then (services/caseload_body.py). The reasons that count in days (a
# "no" with no debrief, a follow-up overdue, a contact due) change with the day, which is part of
# the cache's key. A moment that leaves a window is taken as it is reached (`>=`), so the page is
# read again then.
CHANGES_SQL = f"""
    SELECT least(
        (SELECT min(scheduled_at) FROM {INTERVIEW}
         WHERE owner_id = ANY(ARRAY(SELECT id FROM clients)) AND scheduled_at > %s),
        (SELECT min(scheduled_at) FROM {INTERVIEW}
         WHERE owner_id = ANY(ARRAY(SELECT id FROM clients)) AND scheduled_at >= %s) + %s,
        (SELECT min(scheduled_at) FROM {INTERVIEW}
         WHERE owner_id = ANY(ARRAY(SELECT id FROM clients)) AND outcome = %s
           AND scheduled_at > %s) - %s,
        (SELECT min(created_at) FROM {REQUEST}
         WHERE owner_id = ANY(ARRAY(SELECT id FROM clients)) AND status = %s
           AND created_at > %s) + %s,
        (SELECT min(created_at) FROM {SUGGESTION}
         WHERE adviser_id = %s AND client_id = ANY(ARRAY(SELECT id FROM clients)) AND status = %s
           AND created_at > %s) + %s,
        (SELECT min(coalesce(last_activity, shared_since)) FROM known
         WHERE coalesce(last_activity, shared_since) > %s) + %s
    )
"""


def changes_sql(
    *, adviser: User, now: datetime.datetime, recent: datetime.timedelta
) -> tuple[str, list]:
    """When the caseload next changes with time alone, as a scalar subquery over `clients` and
    `known` (the interviews of the last `recent` are a column of the caseload), with its
    parameters."""
    return CHANGES_SQL, [
        now,
        now - recent,
        recent,
        Interview.Outcome.AWAITING,
        now + INTERVIEW_WITHIN,
        INTERVIEW_WITHIN,
        FeedbackRequest.Status.NOT_SENT,
        now - UNSENT_AFTER,
        UNSENT_AFTER,
        adviser.pk,
        ActionSuggestion.Status.PENDING,
        now - UNANSWERED_AFTER,
        UNANSWERED_AFTER,
        now - QUIET_FOR,
        QUIET_FOR,
    ]


@dataclass
class Signals:
    """What one client's record says: the reasons, in words, and the upcoming interviews."""

    reasons: list[str] = field(default_factory=list)
    upcoming: int = 0
    next_interview: datetime.datetime | None = None


def day(moment: datetime.date | datetime.datetime) -> str:
    return date_format(moment, "D j M")


def signals(
    *,
    rows: list,
    found: dict[int, dict[str, tuple[int, datetime.datetime]]],
    now: datetime.datetime,
) -> dict[int, Signals]:
    """For each caseload row's client, what needs attention, in words, and their upcoming
    interviews, from what the caseload's statement found (`found`: by client, each reason's
    count and first moment)."""
    signals_of = {row.client.pk: Signals() for row in rows}
    for row in rows:
        signal = signals_of[row.client.pk]
        kinds = found.get(row.client.pk, {})
        if "no_debrief" in kinds:
            count, first = kinds["no_debrief"]
            signal.reasons.append(
                _("A “no” on %(day)s with no debrief after 3 days") % {"day": day(first)}
                if count == 1
                else ngettext(
                    "%(count)s “no” with no debrief after 3 days",
                    "%(count)s “no”s with no debrief after 3 days",
                    count,
                )
                % {"count": count}
            )
        if "unsent" in kinds:
            count, _ignored = kinds["unsent"]
            signal.reasons.append(
                _("A feedback request not sent for 2 days")
                if count == 1
                else ngettext(
                    "%(count)s feedback request not sent for 2 days",
                    "%(count)s feedback requests not sent for 2 days",
                    count,
                )
                % {"count": count}
            )
        if "overdue" in kinds:
            count, first = kinds["overdue"]
            signal.reasons.append(
                _("A feedback follow-up overdue since %(day)s") % {"day": day(first)}
                if count == 1
                else ngettext(
                    "%(count)s feedback follow-up overdue",
                    "%(count)s feedback follow-ups overdue",
                    count,
                )
                % {"count": count}
            )
        if "upcoming" in kinds:
            signal.upcoming, signal.next_interview = kinds["upcoming"]
            if signal.next_interview <= now + INTERVIEW_WITHIN:
                local = timezone.localtime(signal.next_interview)
                signal.reasons.append(
                    _("An interview on %(day)s: a chance to prepare") % {"day": day(local)}
                )
        quiet_since = row.last_activity or row.shared_since
        if quiet_since is not None and quiet_since <= now - QUIET_FOR:
            signal.reasons.append(
                _("No activity since %(day)s") % {"day": day(timezone.localtime(row.last_activity))}
                if row.last_activity
                else _("No activity since sharing their record")
            )
        if "suggestion" in kinds:
            count, _ignored = kinds["suggestion"]
            signal.reasons.append(
                _("Your suggested action unanswered for 14 days")
                if count == 1
                else ngettext(
                    "%(count)s of your suggested actions unanswered for 14 days",
                    "%(count)s of your suggested actions unanswered for 14 days",
                    count,
                )
                % {"count": count}
            )
    return signals_of
