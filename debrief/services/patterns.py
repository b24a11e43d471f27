"""Patterns in what employers said: a reason or a self-assessment question that two or more
rejections share — one signal is not a pattern — with the actions each led to.

How many rejections share each reason is kept by the database (DashboardCount's
`tagged_interviews`). Only for the reasons that make a pattern is anything else read, along
indexes, in a statement of its own sent with the dashboard's others (dashboard_lists.PATTERNS_SQL):
the latest request that gave it (for "Turn it into an action")
and the newest actions made from such requests, ACTIONS_SHOWN at most. Cached with the
dashboard's figures under the record's version: a feedback request or an action written moves
that version, so the cache is never stale.
"""

import json
from dataclasses import dataclass

from debrief.models import DEBRIEF_RATINGS, ActionItem, Reason

# "Other" is a different thing each time: two of them are not a pattern.
NOT_A_PATTERN = (Reason.OTHER,)
AT_LEAST = 2
# A pattern lists the newest actions it led to; the actions page has them all.
ACTIONS_SHOWN = 5

# The reasons, with how many rejections share each, are the owner's few `tagged_interviews` rows,
# along their key. Each walk stops early: the owner's actions made from feedback newest first
# (actionitem_owner_from_feedback), each action's request looked up by its key, until
# ACTIONS_SHOWN + 1 do (the one more says "and more"). The LATERAL with a LIMIT keeps each
# action's request a lookup by key, not a merge over every request. The latest request that gave
# a reason is read only for a reason no action came of yet, the one place it is shown ("Turn it
# into an action"): along the owner's requests newest first, ordered by their negated id, an
# order only their owner's index gives (by id, the planner walked the primary key of the whole
# table backwards, past every other person's requests: 290 ms beside a careers service's 60,000).
# Read for every reason, it was the statement's largest part: the prepared statement's generic
# plan expects a few requests per owner and sorted all of them once per reason (3,330 in the
# bench's record: 2.4 ms).
DETAILS_SQL = """
SELECT tag, rejections,
       CASE WHEN made.actions IS NULL THEN (
           SELECT f.id FROM debrief_feedbackrequest AS f
           WHERE f.owner_id = %(owner)s AND tag = ANY(f.reasons || f.dimensions)
           ORDER BY f.id * -1
           LIMIT 1
       ) END,
       coalesce(made.actions, '[]')
FROM (
    SELECT key AS tag, value AS rejections FROM debrief_dashboardcount
    WHERE owner_id = %(owner)s AND figure = 'tagged_interviews' AND value >= %(at_least)s
      AND key <> ALL(%(not_a_pattern)s)
) AS shared
LEFT JOIN LATERAL (
    SELECT json_agg(json_build_object('pk', x.id, 'text', x.text, 'status', x.status)
                    ORDER BY x.created_at, x.id) AS actions
    FROM (
        SELECT x.id, x.text, x.status, x.created_at
        FROM debrief_actionitem AS x
        CROSS JOIN LATERAL (
            SELECT 1 FROM debrief_feedbackrequest AS f
            WHERE f.id = x.feedback_request_id AND f.owner_id = %(owner)s
              AND tag = ANY(f.reasons || f.dimensions)
            LIMIT 1
        ) AS gave_it
        WHERE x.owner_id = %(owner)s AND x.feedback_request_id IS NOT NULL
        ORDER BY x.created_at DESC, x.id DESC
        LIMIT %(pattern_actions)s
    ) AS x
) AS made ON true
"""


@dataclass(frozen=True)
class PatternAction:
    pk: int
    text: str
    done: bool


@dataclass(frozen=True)
class Pattern:
    tag: str
    label: str
    rejections: int
    within_my_control: bool
    # The latest request that gave it, when no action came of it yet (None otherwise).
    latest_request: int | None
    actions: tuple[PatternAction, ...]
    # More actions came of it than are listed.
    more_actions: bool = False


def label_of(tag: str) -> tuple[str, bool]:
    if tag in DEBRIEF_RATINGS:
        return DEBRIEF_RATINGS[tag], True
    reason = Reason(tag)
    return str(reason.label), reason.is_within_my_control


def details_parameters() -> dict:
    """DETAILS_SQL's parameters beside the owner's."""
    return {
        "at_least": AT_LEAST,
        "not_a_pattern": [str(tag) for tag in NOT_A_PATTERN],
        "pattern_actions": ACTIONS_SHOWN + 1,
    }


def patterns(rows: list) -> tuple[Pattern, ...]:
    """The patterns of the owner's record from DETAILS_SQL's `rows`, read as JSON with the
    dashboard's other lists (dashboard_lists): each reason two or more rejections share, most
    shared first, with its latest request and its newest actions."""
    found = []
    for tag, rejections, latest_request, actions in sorted(rows, key=lambda row: (-row[1], row[0])):
        if isinstance(actions, str):
            actions = json.loads(actions)
        label, within = label_of(tag)
        found.append(
            Pattern(
                tag,
                label,
                rejections,
                within,
                latest_request,
                tuple(
                    PatternAction(a["pk"], a["text"], a["status"] == ActionItem.Status.DONE)
                    for a in actions[-ACTIONS_SHOWN:]
                ),
                more_actions=len(actions) > ACTIONS_SHOWN,
            )
        )
    return tuple(found)
