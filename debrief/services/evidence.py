"""Evidence from Debrief's own requests: for each kind of ask (the first request, the follow-up,
asking for more detail, a subject access request), how often it got an answer and how many days
the answer usually took — the person's own, and across everyone of this Debrief and of their
careers service.

Counted, per ask: it was sent; it got an answer (feedback or a refusal: an answer either way) or
it is settled without one (closed as no response, followed up, or older than SETTLED_AFTER). A
first request answered after its follow-up counts for the follow-up. The shared figures count
only people who did not opt out (ReplySettings.counted_in_evidence) and are shown only when at
least MIN_ASKS asks from at least MIN_PEOPLE people stand behind them; a median only when as many
answers from as many people do. Two statements compute every figure (aggregates in the
database: one for the person, one for everyone), cached as evidence_for says.

Usage: `evidence_for(user, today)` gives a dict of KindEvidence by AskKind value; the partial
`debrief/includes/evidence.html` renders one with `{% include ... with evidence=... %}`.
"""

import datetime
from dataclasses import dataclass

from django.db import connection
from django.utils.translation import gettext_lazy

from debrief.models import AccessStatus, AskKind, FeedbackStatus, User, UserRole
from debrief.services.record_figures import cached, record_cache_key
from debrief.summaries.sql import quoted

MIN_ASKS = 20
MIN_PEOPLE = 5
SETTLED_AFTER = datetime.timedelta(days=30)
SCOPES = ("mine", "service", "everyone")
# The first request, whatever the follow-up brought: what a follow-up "raised that to".
WITH_FOLLOW_UP = "with_follow_up"

# How the evidence names each kind of ask in a sentence.
PLURALS = {
    AskKind.REQUEST: gettext_lazy("requests for feedback"),
    AskKind.FOLLOW_UP: gettext_lazy("follow-ups"),
    AskKind.MORE_DETAIL: gettext_lazy("requests for more detail"),
    AskKind.SUBJECT_ACCESS: gettext_lazy("subject access requests"),
}

ANSWERED = f"({quoted(FeedbackStatus.answered())})"
NO_RESPONSE = f"'{FeedbackStatus.NO_RESPONSE}'"

# Every ask as (kind, owner, answered, days to the answer, settled); `{mine}` narrows it to
# one person's requests (along the owner's index) or is empty for everyone's.
ASKS_SQL = f"""
    SELECT 'request' AS kind, f.owner_id,
           f.status IN {ANSWERED} AND (f.followed_up_on IS NULL OR f.received_on < f.followed_up_on)
               AS answered,
           CASE WHEN f.followed_up_on IS NULL OR f.received_on < f.followed_up_on
                THEN f.received_on - f.requested_on END AS days,
           f.status IN {ANSWERED} OR f.status = {NO_RESPONSE} OR f.followed_up_on IS NOT NULL
               OR f.requested_on <= %(settled_before)s AS settled
    FROM debrief_feedbackrequest AS f WHERE f.requested_on IS NOT NULL {{mine}}
    UNION ALL
    SELECT '{WITH_FOLLOW_UP}', f.owner_id, f.status IN {ANSWERED}, f.received_on - f.requested_on,
           f.status IN {ANSWERED} OR f.status = {NO_RESPONSE}
               OR coalesce(f.followed_up_on, f.requested_on) <= %(settled_before)s
    FROM debrief_feedbackrequest AS f WHERE f.requested_on IS NOT NULL {{mine}}
    UNION ALL
    SELECT 'follow_up', f.owner_id,
           f.status IN {ANSWERED} AND (f.received_on IS NULL OR f.received_on >= f.followed_up_on),
           CASE WHEN f.received_on >= f.followed_up_on THEN f.received_on - f.followed_up_on END,
           f.status IN {ANSWERED} OR f.status = {NO_RESPONSE}
               OR f.followed_up_on <= %(settled_before)s
    FROM debrief_feedbackrequest AS f WHERE f.followed_up_on IS NOT NULL {{mine}}
    UNION ALL
    SELECT x.kind, f.owner_id, x.answered_on IS NOT NULL, x.answered_on - x.sent_on,
           x.answered_on IS NOT NULL OR x.sent_on <= %(settled_before)s
    FROM debrief_feedbackask AS x JOIN debrief_feedbackrequest AS f ON f.id = x.feedback_request_id
    WHERE true {{mine}}
"""

FIGURES = """count(*), count(DISTINCT owner_id), count(*) FILTER (WHERE answered),
       count(days), count(DISTINCT owner_id) FILTER (WHERE days IS NOT NULL),
       percentile_cont(0.5) WITHIN GROUP (ORDER BY days)"""

# Whose careers service a person is now: their consent is active with an adviser account the
# service has not deactivated, and their own account is active. The set-based form of
# `User.objects.clients_of()` (which `may_act_as_adviser` guards), held to it by
# tests/test_evidence_service_clients.py.
SHARING_NOW = f"""debrief_adviseraccess AS access
    JOIN debrief_membership AS member
        ON member.user_id = access.adviser_id AND member.deactivated_at IS NULL
    JOIN debrief_user AS adviser
        ON adviser.id = access.adviser_id AND adviser.role = '{UserRole.ADVISER}'
    JOIN debrief_user AS client ON client.id = access.client_id AND client.is_active
    WHERE access.status = '{AccessStatus.ACTIVE}'"""

# The careers service the person is a client of (the first, if several), and their own asks:
# always one row at least, with no kind when they have none.
MINE_SQL = f"""
SELECT s.organisation_id, a.*
FROM (SELECT (SELECT member.organisation_id FROM {SHARING_NOW} AND access.client_id = %(me)s
              ORDER BY member.organisation_id LIMIT 1) AS organisation_id) AS s
LEFT JOIN (
    SELECT kind, {FIGURES}
    FROM ({ASKS_SQL.format(mine="AND f.owner_id = %(me)s")}) AS asks
    WHERE settled
    GROUP BY kind
) AS a ON true
"""

# Everyone's asks, and those of one careers service's clients, but never an opted-out person's.
SHARED_SQL = f"""
WITH counted AS (
    SELECT asks.*,
           asks.owner_id IN (SELECT access.client_id FROM {SHARING_NOW}
                             AND member.organisation_id = %(service)s) AS in_service
    FROM ({ASKS_SQL.format(mine="")}) AS asks
    WHERE settled AND owner_id IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM debrief_replysettings AS r
                      WHERE r.user_id = asks.owner_id AND NOT r.counted_in_evidence)
)
SELECT kind, scope, {FIGURES}
FROM counted
CROSS JOIN LATERAL (VALUES ('everyone', true), ('service', in_service)) AS s (scope, included)
WHERE included
GROUP BY kind, scope
"""


@dataclass(frozen=True)
class Figure:
    """How one scope's asks of one kind went."""

    asks: int
    people: int
    answered: int
    median_days: float | None

    @property
    def times_in_ten(self) -> int:
        return round(10 * self.answered / self.asks)

    @property
    def usual_days(self) -> int | None:
        return None if self.median_days is None else round(self.median_days)


@dataclass(frozen=True)
class KindEvidence:
    kind: str
    plural: str
    mine: Figure | None = None
    service: Figure | None = None
    everyone: Figure | None = None
    # For the first request: the same requests, counting answers after a follow-up too.
    service_with_follow_up: Figure | None = None
    everyone_with_follow_up: Figure | None = None

    @property
    def shared(self) -> Figure | None:
        return self.service or self.everyone

    @property
    def shared_with_follow_up(self) -> Figure | None:
        return self.service_with_follow_up if self.service else self.everyone_with_follow_up

    @property
    def is_service(self) -> bool:
        return self.service is not None


def figure(scope: str, row: tuple) -> Figure | None:
    asks, people, answered, timed, timed_people, median = row
    if scope != "mine" and (asks < MIN_ASKS or people < MIN_PEOPLE):
        return None
    if scope != "mine" and (timed < MIN_ASKS or timed_people < MIN_PEOPLE):
        median = None
    return Figure(asks, people, answered, median)


def mine(user_id: int, today: datetime.date) -> tuple[int | None, dict]:
    """The person's careers service and their own figures by kind: one query along their
    requests."""
    with connection.cursor() as cursor:
        cursor.execute(MINE_SQL, {"me": user_id, "settled_before": today - SETTLED_AFTER})
        rows = cursor.fetchall()
    own = {kind: figure("mine", numbers) for _, kind, *numbers in rows if kind is not None}
    return rows[0][0], own


def shared(service: int | None, today: datetime.date) -> dict:
    """Everyone's figures and the service's, by (kind, scope): one query over every request."""
    with connection.cursor() as cursor:
        cursor.execute(SHARED_SQL, {"service": service, "settled_before": today - SETTLED_AFTER})
        rows = cursor.fetchall()
    return {(kind, scope): figure(scope, numbers) for kind, scope, *numbers in rows}


def assemble(own: dict, everyone: dict) -> dict[str, KindEvidence]:
    evidence = {}
    for kind in AskKind:
        with_follow_up = kind == AskKind.REQUEST
        evidence[kind.value] = KindEvidence(
            kind.value,
            str(PLURALS[kind]),
            mine=own.get(kind.value),
            service=everyone.get((kind.value, "service")),
            everyone=everyone.get((kind.value, "everyone")),
            service_with_follow_up=everyone.get((WITH_FOLLOW_UP, "service"))
            if with_follow_up
            else None,
            everyone_with_follow_up=everyone.get((WITH_FOLLOW_UP, "everyone"))
            if with_follow_up
            else None,
        )
    return evidence


def compute(user_id: int, today: datetime.date) -> dict[str, KindEvidence]:
    """Every figure afresh: two queries."""
    service, own = mine(user_id, today)
    return assemble(own, shared(service, today))


def evidence_for(user: User, today: datetime.date) -> dict[str, KindEvidence]:
    """Every kind's evidence for this person. Their own figures are cached for their record's
    version and the day; everyone's (a scan of every request: ~0.5 s at 90,000 requests) once a
    day per careers service, so an opt-out reaches the shared figures within a day, as the
    privacy notice says. At most two queries."""

    def for_user() -> dict[str, KindEvidence]:
        service, own = mine(user.pk, today)
        everyone = cached(
            f"evidence-shared:{service}:{today.isoformat()}", lambda: shared(service, today)
        )
        return assemble(own, everyone)

    return cached(record_cache_key("evidence", user, today), for_user)
