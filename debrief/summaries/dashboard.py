"""DashboardCount: a job seeker's dashboard figures over the whole record, and the applications
list's counts by status.

For each kind of row the figures count (a unit: an application, an interview, a feedback request,
a STAR answer, an action), UNITS says what it adds to its owner's figures, as rows of
(owner_id, figure, key, value), reading its own row and the related rows it depends on (an
application's interviews, an interview's debrief, a feedback request's interview and debrief, a
STAR answer's questions). After each statement on any of those tables, the units it touched are
worked out twice: as they were (the table's changed rows as they were, or the table as it was: its
rows minus the statement's new rows plus its old rows) and as they are, and the difference is
added in one upsert. Summed over statements, each owner's rows are the units' current
contributions, whichever path wrote (forms, admin, bulk statements, a row moved to another owner,
a change to a related table). Rebuilding sums every unit's contribution as the tables are.

`figure` names what is counted, `key` which part of it (a status, a reason or self-assessment
question — `tagged_interviews`: interviews whose feedback named it, the dashboard's patterns —,
a competency, a rating, or an ISO date for the figures read up to a day: silent applications,
follow-ups due, interviews without a debrief; services/dashboard_counts.py sums them up to the
day). Two of them also say which days to read: the interviews without a debrief
(`undebriefed_on`) and the complete self-assessments (`rated_on`, never summed) are read only on
the days that have one (services/dashboard_lists.py).

Django deletes related rows (Python-side CASCADE) in their own statements, children first, so each
trigger sees every other table as the figures already count it.
"""

from debrief.models import DEBRIEF_RATINGS, ActionStatus, ApplicationStatus, FeedbackStatus
from debrief.summaries.sql import ROWS, quoted, run

# Each unit: the table of its own rows, the alias used below, and what one unit adds to its
# owner's figures. `{base}` is where its rows come from; each `{debrief_…}` a related table as a
# statement's trigger sees it (the table now, or as it was).
UNITS = {
    "application": {
        "table": "debrief_application",
        "alias": "a",
        "sql": f"""
SELECT a.owner_id, c.figure, c.key, c.value
FROM {{base}} AS a
CROSS JOIN LATERAL (
    SELECT EXISTS (
        SELECT 1 FROM {{debrief_interview}} AS i WHERE i.application_id = a.id
    ) AS interviewed
) AS x
CROSS JOIN LATERAL (VALUES
    ('application_status', a.status, 1::bigint),
    ('applications_interviewed', '',
     (a.status IN ({quoted(ApplicationStatus.reached_interview())}) OR x.interviewed)::int::bigint),
    -- Read up to a day: applied with no news (no interview) before a date.
    ('applied_without_interview_on', to_char(a.date_applied, 'YYYY-MM-DD'),
     (a.status = '{ApplicationStatus.APPLIED}' AND NOT x.interviewed)::int::bigint)
) AS c (figure, key, value)
WHERE {{where}} AND c.value <> 0
""",
    },
    "interview": {
        "table": "debrief_interview",
        "alias": "i",
        "sql": f"""
SELECT i.owner_id, c.figure, c.key, c.value
FROM {{base}} AS i
LEFT JOIN LATERAL (
    SELECT * FROM {{debrief_debrief}} AS d WHERE d.interview_id = i.id LIMIT 1
) AS d ON true
-- What the employer said of this interview, over all its feedback requests, each reason or
-- self-assessment question once: the dashboard's patterns count the rejections sharing one.
CROSS JOIN LATERAL (
    SELECT coalesce(array_agg(DISTINCT tag::text), '{{{{}}}}') AS tags
    FROM {{debrief_feedbackrequest}} AS f
    CROSS JOIN LATERAL unnest(f.reasons || f.dimensions) AS tag
    WHERE f.interview_id = i.id
) AS t
-- A self-assessment counts in the averages once every rating is given (a draft saves part-way).
CROSS JOIN LATERAL (
    SELECT (d.id IS NOT NULL AND num_nulls({", ".join(f"d.{name}" for name in DEBRIEF_RATINGS)}) = 0)
        AS complete
) AS k
CROSS JOIN LATERAL (VALUES
    ('debriefs', '', (d.id IS NOT NULL)::int::bigint),
    ('rated_debriefs', '', k.complete::int::bigint),
    -- Read up to a day (UTC): interviews without a debrief before a moment.
    ('undebriefed_on', to_char(i.scheduled_at AT TIME ZONE 'UTC', 'YYYY-MM-DD'),
     (d.id IS NULL)::int::bigint),
    -- Complete self-assessments by the interview's day (UTC): the days the rating trends read.
    ('rated_on', to_char(i.scheduled_at AT TIME ZONE 'UTC', 'YYYY-MM-DD'),
     k.complete::int::bigint),
    {", ".join(f"('rating_total', '{name}', CASE WHEN k.complete THEN d.{name} ELSE 0 END::bigint)" for name in DEBRIEF_RATINGS)}
    UNION ALL
    SELECT 'tagged_interviews', tag, 1::bigint FROM unnest(t.tags) AS tag
) AS c (figure, key, value)
WHERE {{where}} AND c.value <> 0
""",  # noqa: E501
    },
    "feedbackrequest": {
        "table": "debrief_feedbackrequest",
        "alias": "f",
        "sql": f"""
SELECT r.owner_id, c.figure, c.key, c.value
FROM (
    SELECT i.owner_id, f.status, f.follow_up_due, f.reasons AS said, d.my_reasons AS thought,
           (d.id IS NOT NULL AND cardinality(f.reasons) > 0) AS compared
    FROM {{base}} AS f
    JOIN LATERAL (
        SELECT * FROM {{debrief_interview}} AS i WHERE i.id = f.interview_id LIMIT 1
    ) AS i ON true
    LEFT JOIN LATERAL (
        SELECT * FROM {{debrief_debrief}} AS d WHERE d.interview_id = f.interview_id LIMIT 1
    ) AS d ON true
    WHERE {{where}}
) AS r
CROSS JOIN LATERAL (
    SELECT 'feedback_status', r.status, 1
    UNION ALL
    -- Read up to a day: follow-ups due on a date, still awaiting a reply (follow_up_day_passed).
    SELECT 'awaiting_reply_due_on', to_char(r.follow_up_due, 'YYYY-MM-DD'), 1
    WHERE r.status IN ({quoted(FeedbackStatus.awaiting_reply())}) AND r.follow_up_due IS NOT NULL
    UNION ALL
    SELECT 'feedback_compared', '', 1 WHERE r.compared
    UNION ALL
    SELECT 'said', reason, 1 FROM unnest(r.said) AS reason
    UNION ALL
    SELECT 'said_compared', reason, 1 FROM unnest(r.said) AS reason WHERE r.compared
    UNION ALL
    SELECT 'said_agreed', reason, 1 FROM unnest(r.said) AS reason
    WHERE r.compared AND reason = ANY(r.thought)
    UNION ALL
    SELECT 'thought', reason, 1 FROM unnest(r.thought) AS reason WHERE r.compared
    UNION ALL
    SELECT 'thought_said', reason, 1 FROM unnest(r.thought) AS reason
    WHERE r.compared AND reason = ANY(r.said)
) AS c (figure, key, value)
""",
    },
    "staranswer": {
        "table": "debrief_staranswer",
        "alias": "s",
        "sql": """
SELECT s.owner_id, c.figure, c.key, c.value
FROM {base} AS s
CROSS JOIN LATERAL (
    SELECT count(*) AS uses, coalesce(sum(q.answer_rating), 0) AS rating_total,
           count(q.answer_rating) AS rated
    FROM {debrief_debriefquestion} AS q WHERE q.star_answer_id = s.id
) AS q
CROSS JOIN unnest(s.competencies) AS competency
CROSS JOIN LATERAL (VALUES
    ('star_answers', competency, 1::bigint),
    ('star_strength', competency || ':' || s.strength, 1::bigint),
    ('star_uses', competency, q.uses),
    ('star_rating_total', competency, q.rating_total),
    ('star_rated', competency, q.rated)
) AS c (figure, key, value)
WHERE {where} AND c.value <> 0
""",
    },
    "actionitem": {
        "table": "debrief_actionitem",
        "alias": "x",
        "sql": f"""
SELECT x.owner_id, 'open_actions', '', 1::bigint FROM {{base}} AS x
WHERE {{where}} AND x.status = '{ActionStatus.OPEN}'
""",
    },
}

# For each table: the units its rows change, and which units (by id) a set of its rows
# `{rows}` touches. A unit's own table gives the unit from the row itself.
TOUCHES = {
    "debrief_application": {"application": None},
    "debrief_interview": {
        "interview": None,
        "application": "SELECT application_id FROM {rows}",
        "feedbackrequest": (
            "SELECT f.id FROM debrief_feedbackrequest AS f "
            "WHERE f.interview_id = ANY(ARRAY(SELECT id FROM {rows}))"
        ),
    },
    "debrief_debrief": {
        "interview": "SELECT interview_id FROM {rows}",
        "feedbackrequest": (
            "SELECT f.id FROM debrief_feedbackrequest AS f "
            "WHERE f.interview_id = ANY(ARRAY(SELECT interview_id FROM {rows}))"
        ),
    },
    "debrief_feedbackrequest": {
        "feedbackrequest": None,
        "interview": "SELECT interview_id FROM {rows}",
    },
    "debrief_staranswer": {"staranswer": None},
    "debrief_debriefquestion": {
        "staranswer": "SELECT star_answer_id FROM {rows} WHERE star_answer_id IS NOT NULL"
    },
    "debrief_actionitem": {"actionitem": None},
}
TABLES = tuple(TOUCHES)
RELATED = (
    "debrief_interview",
    "debrief_debrief",
    "debrief_debriefquestion",
    "debrief_feedbackrequest",
)


def as_it_was(table: str, event: str) -> str:
    """`table` before the statement: its rows minus the statement's new rows, plus its old rows."""
    now = f"SELECT * FROM {table} AS t"
    if event != "delete":
        now += " WHERE NOT EXISTS (SELECT 1 FROM new_rows AS n WHERE n.id = t.id)"
    if event != "insert":
        now += " UNION ALL SELECT * FROM old_rows"
    return f"({now})"


def contributions(unit: str, table: str, event: str, when: str) -> str | None:
    """What the units `table`'s statement touched add, `when` = 'now' or 'before'; None when
    there were none then (a unit inserted had no contribution before, a deleted one has none
    now)."""
    spec = UNITS[unit]
    tables = {name: name for name in RELATED}
    if TOUCHES[table][unit] is None:  # the unit's own table: its rows as they are, or were
        if (when == "before" and event == "insert") or (when == "now" and event == "delete"):
            return None
        base, where = ("old_rows" if when == "before" else "new_rows"), "true"
    else:
        if when == "before":
            tables[table] = as_it_was(table, event)
        touched = " UNION ".join(TOUCHES[table][unit].format(rows=r) for r in ROWS[event])
        base = spec["table"]
        where = f"{spec['alias']}.id = ANY(ARRAY({touched}))"
    return spec["sql"].format(base=base, where=where, **tables)


ADD = """
INSERT INTO debrief_dashboardcount AS total (owner_id, figure, key, value)
SELECT change.owner_id, change.figure, change.key, sum(change.value)
FROM ({changes}) AS change (owner_id, figure, key, value)
-- An account being deleted takes its figures with it.
WHERE EXISTS (SELECT 1 FROM debrief_user AS u WHERE u.id = change.owner_id)
GROUP BY change.owner_id, change.figure, change.key
HAVING sum(change.value) <> 0
-- One order for every statement, so concurrent writers lock the rows in the same order.
ORDER BY change.owner_id, change.figure, change.key
ON CONFLICT (owner_id, figure, key) DO UPDATE SET value = total.value + excluded.value
"""


def after(table: str, event: str) -> str:
    parts = []
    for unit in TOUCHES[table]:
        for when, sign in (("now", ""), ("before", "-")):
            sql = contributions(unit, table, event, when)
            if sql is not None:
                parts.append(
                    f"SELECT owner_id, figure, key, {sign}value FROM ({sql}) "
                    f"AS {unit}_{when} (owner_id, figure, key, value)"
                )
    return run(ADD.format(changes="\nUNION ALL\n".join(parts)), "count")


def rebuild() -> list[str]:
    """Every unit's contribution as the tables are now."""
    every = "\nUNION ALL\n".join(
        spec["sql"].format(base=spec["table"], where="true", **{name: name for name in RELATED})
        for spec in UNITS.values()
    )
    return [
        "DELETE FROM debrief_dashboardcount",
        f"""
INSERT INTO debrief_dashboardcount (owner_id, figure, key, value)
SELECT owner_id, figure, key, sum(value) FROM ({every}) AS unit (owner_id, figure, key, value)
GROUP BY owner_id, figure, key HAVING sum(value) <> 0
""",
    ]


# The rows a recount must give back, for tests and checks: zero rows are the same as none.
KEPT = "SELECT owner_id, figure, key, value FROM debrief_dashboardcount WHERE value <> 0"
