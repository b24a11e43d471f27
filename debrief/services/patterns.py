"""Patterns in what employers said: a reason or a self-assessment question that two or more
rejections share — one signal is not a pattern — with the actions each led to.

Read for the dashboard in one statement along the owner's interviews (their feedback requests
by interview), cached with the dashboard's figures under the record's version: a feedback request
or an action written moves that version (migration 0009), so the cache is never stale.
"""

import json
from dataclasses import dataclass

from django.db import connection

from debrief.models import DEBRIEF_RATINGS, ActionItem, Reason

# "Other" is a different thing each time: two of them are not a pattern.
NOT_A_PATTERN = (Reason.OTHER,)
AT_LEAST = 2

PATTERNS_SQL = """
WITH tagged AS (
    SELECT f.id AS request_id, f.interview_id, tag
    FROM debrief_interview AS i
    JOIN debrief_feedbackrequest AS f ON f.interview_id = i.id
    CROSS JOIN LATERAL unnest(f.reasons || f.dimensions) AS tag
    WHERE i.owner_id = %(owner)s AND tag <> ALL(%(not_a_pattern)s)
), shared AS (
    SELECT tag, count(DISTINCT interview_id) AS rejections,
           array_agg(DISTINCT request_id) AS requests, max(request_id) AS latest_request
    FROM tagged GROUP BY tag HAVING count(DISTINCT interview_id) >= %(at_least)s
)
SELECT s.tag, s.rejections, s.latest_request,
       coalesce(json_agg(json_build_object('pk', x.id, 'text', x.text, 'status', x.status)
                         ORDER BY x.created_at, x.id) FILTER (WHERE x.id IS NOT NULL), '[]')
FROM shared AS s
LEFT JOIN debrief_actionitem AS x ON x.feedback_request_id = ANY(s.requests)
GROUP BY s.tag, s.rejections, s.latest_request
ORDER BY s.rejections DESC, s.tag
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
    latest_request: int
    actions: tuple[PatternAction, ...]


def label_of(tag: str) -> tuple[str, bool]:
    if tag in DEBRIEF_RATINGS:
        return DEBRIEF_RATINGS[tag], True
    reason = Reason(tag)
    return str(reason.label), reason.is_within_my_control


def patterns(owner_id: int) -> tuple[Pattern, ...]:
    with connection.cursor() as cursor:
        cursor.execute(
            PATTERNS_SQL,
            {"owner": owner_id, "not_a_pattern": list(NOT_A_PATTERN), "at_least": AT_LEAST},
        )
        rows = cursor.fetchall()
    found = []
    for tag, rejections, latest_request, actions in rows:
        label, within = label_of(tag)
        if isinstance(actions, str):
            actions = json.loads(actions)
        found.append(
            Pattern(
                tag,
                label,
                rejections,
                within,
                latest_request,
                tuple(
                    PatternAction(a["pk"], a["text"], a["status"] == ActionItem.Status.DONE)
                    for a in actions
                ),
            )
        )
    return tuple(found)
