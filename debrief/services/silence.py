"""The silence clock: how long an employer has said nothing, and the one kind question after a
while — "No reply — close this one?" — answered with one click.

What counts as the employer's last word: for an application with no interview, the day it was
sent; for an interview with no outcome, the interview; for a feedback request, the last time the
person wrote (the follow-up, else the request). The question comes after the person's waiting
time (ReplySettings: 14 days after an interview, 10 working days after a request or its
follow-up; 30 days for an application with no interview, the dashboard's "no news for a month"),
once: an answer (close or keep waiting) is kept as a SilenceAnswer and the item is never asked
about again. Working days are Monday to Friday; bank holidays are not known to Debrief.

Closing records "no response" — an outcome of its own, counted on the dashboard as employers who
never answered, never as a rejection of the person.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from debrief.models import (
    APPLICATION_QUIET_DAYS,
    Application,
    FeedbackRequest,
    Interview,
    ReplySettings,
    SilenceAnswer,
    User,
)
from debrief.services.interviews import interview_save

KINDS = ("application", "interview", "feedback")
PANEL_LENGTH = 5


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Monday-to-Friday days after `start`, up to and including `end`."""
    if end <= start:
        return 0
    weeks, extra = divmod((end - start).days, 7)
    days = weeks * 5
    for offset in range(1, extra + 1):
        if (start + datetime.timedelta(offset)).weekday() < 5:
            days += 1
    return days


@dataclass(frozen=True)
class Silence:
    """How long one item has waited, and whether Debrief asks about it now."""

    kind: str
    pk: int
    since: datetime.date
    days: int
    asks: bool
    employer: str = ""
    role_title: str = ""

    @property
    def question_id(self) -> str:
        return f"silence-{self.kind}-{self.pk}"


def waiting_since(item: Application | Interview | FeedbackRequest) -> datetime.date | None:
    """The day of the employer's last word (or the person's last ask): None when nothing waits
    for them (a decided interview, an unsent request, a closed application)."""
    if isinstance(item, Interview):
        if item.outcome != Interview.Outcome.AWAITING or not item.is_past:
            return None
        return timezone.localdate(item.scheduled_at)
    if isinstance(item, FeedbackRequest):
        return item.asked_last_on if item.is_awaiting_reply else None
    if item.status == Application.Status.APPLIED:
        return item.date_applied
    return None


def has_waited_long_enough(
    kind: str, since: datetime.date, today: datetime.date, settings: ReplySettings
) -> bool:
    if kind == "interview":
        return (today - since).days >= settings.interview_quiet_days
    if kind == "feedback":
        return working_days_between(since, today) >= settings.request_quiet_working_days
    return (today - since).days >= APPLICATION_QUIET_DAYS


def kind_of(item) -> str:
    if isinstance(item, Interview):
        return "interview"
    if isinstance(item, FeedbackRequest):
        return "feedback"
    return "application"


def answer_filter(kind: str, pk: int) -> dict:
    field = {"application": "application_id", "interview": "interview_id"}.get(
        kind, "feedback_request_id"
    )
    return {field: pk}


def silence_of(
    item, *, owner: User, today: datetime.date, interviews: list[Interview] | None = None
) -> Silence | None:
    """The silence clock of one item on its own page: at most one query (whether the person
    answered already), with the person's settings loaded with them (debrief.auth) and an
    application's interviews as its page has them (`interviews`)."""
    kind = kind_of(item)
    if kind == "application":
        if interviews is None:
            interviews = list(item.interviews.all())
        if interviews:
            # Its interviews carry the question; the application shows since the employer's
            # last word: the latest interview held, or the latest outcome they gave.
            since = last_word_in_interviews(interviews, today)
            if since is None or item.status != Application.Status.INTERVIEWING:
                return None
            return Silence(kind, item.pk, since, max((today - since).days, 0), asks=False)
    since = waiting_since(item)
    if since is None:
        return None
    asks = has_waited_long_enough(kind, since, today, ReplySettings.of(owner)) and not (
        SilenceAnswer.objects.filter(**answer_filter(kind, item.pk)).exists()
    )
    return Silence(kind, item.pk, since, max((today - since).days, 0), asks)


def last_word_in_interviews(
    interviews: list[Interview], today: datetime.date
) -> datetime.date | None:
    days = []
    now = timezone.now()
    for interview in interviews:
        if interview.scheduled_at <= now:
            days.append(timezone.localdate(interview.scheduled_at))
        if interview.outcome_date:
            days.append(interview.outcome_date)
    return min(max(days), today) if days else None


# What the person should be asked about today, by kind: each a range along a partial index of the
# items still waiting (interview_owner_awaiting, feedback_owner_asked_last,
# application_owner_waiting), up to the last day that has waited long enough, worked out
# beforehand (due_before): the open items, never the whole record.
DUE = {
    "interview": """
    SELECT 'interview' AS kind, i.id, i.application_id AS link,
           (i.scheduled_at AT TIME ZONE %(zone)s)::date AS since
    FROM debrief_interview i
    WHERE i.owner_id = %(owner)s AND i.outcome = 'awaiting'
      AND i.scheduled_at < %(interview_before)s
      AND NOT EXISTS (SELECT 1 FROM debrief_silenceanswer s WHERE s.interview_id = i.id)
    """,
    "feedback": """
    SELECT 'feedback', f.id, f.interview_id, coalesce(f.followed_up_on, f.requested_on)
    FROM debrief_feedbackrequest f
    WHERE f.owner_id = %(owner)s AND f.status IN ('requested', 'followed_up')
      AND coalesce(f.followed_up_on, f.requested_on) <= %(request_since)s
      AND NOT EXISTS (SELECT 1 FROM debrief_silenceanswer s WHERE s.feedback_request_id = f.id)
    """,
    "application": """
    SELECT 'application', a.id, a.id, a.date_applied
    FROM debrief_application a
    WHERE a.owner_id = %(owner)s AND a.status = 'applied'
      AND a.date_applied <= %(application_since)s
      AND NOT EXISTS (SELECT 1 FROM debrief_interview i WHERE i.application_id = a.id)
      AND NOT EXISTS (SELECT 1 FROM debrief_silenceanswer s WHERE s.application_id = a.id)
    """,
}
# Each kind's oldest along its index (an interview's day by its time, so two on one day come in
# the order they were held), then the oldest of those; the count stops at COUNTED_UP_TO. Short
# walks each, so the planner never starts parallel workers for it, as it did for a count of
# every item (30 ms of a 38 ms statement on two busy cores).
DUE_SQL = f"""
WITH shown AS (
    SELECT * FROM (
        ({DUE["interview"]} ORDER BY i.scheduled_at, i.id LIMIT %(panel_length)s)
        UNION ALL
        ({DUE["feedback"]} ORDER BY 4, f.id LIMIT %(panel_length)s)
        UNION ALL
        ({DUE["application"]} ORDER BY a.date_applied, a.id LIMIT %(panel_length)s)
    ) AS due (kind, id, link, since)
    ORDER BY since, kind, id
    LIMIT %(panel_length)s
)
-- Only the rows shown are joined to their application (a request through its interview).
SELECT shown.kind, shown.id, shown.since, a.employer, a.role_title,
       (SELECT count(*) FROM (
           {DUE["interview"]} UNION ALL {DUE["feedback"]} UNION ALL {DUE["application"]}
           LIMIT %(count_up_to)s
       ) AS due)
FROM shown
LEFT JOIN debrief_interview li ON shown.kind = 'feedback' AND li.id = shown.link
JOIN debrief_application a ON a.id = coalesce(li.application_id, shown.link)
ORDER BY shown.since, shown.kind, shown.id
"""
# "And over 100 in all": past that, a number means nothing more to the person.
COUNTED_UP_TO = 100


def last_day_waited_enough(working_days: int, today: datetime.date) -> datetime.date:
    """The latest day a request could be sent (or followed up) and have waited `working_days`
    by today: every earlier day has waited longer (has_waited_long_enough)."""
    day = today
    while working_days_between(day, today) < working_days:
        day -= datetime.timedelta(days=1)
    return day


def due_before(settings: ReplySettings, today: datetime.date, now: datetime.datetime) -> dict:
    """The bounds of DUE_SQL: an interview held before the first moment of the day after the last
    one that has waited long enough (and before now), a request asked on or before its last day,
    an application sent on or before its own."""
    interview_day = today - datetime.timedelta(days=settings.interview_quiet_days)
    day_after = datetime.datetime.combine(
        interview_day + datetime.timedelta(days=1),
        datetime.time(),
        tzinfo=timezone.get_current_timezone(),
    )
    return {
        "interview_before": min(now, day_after),
        "request_since": last_day_waited_enough(settings.request_quiet_working_days, today),
        "application_since": today - datetime.timedelta(days=APPLICATION_QUIET_DAYS),
    }


def due_parameters(owner: User, today: datetime.date, now: datetime.datetime) -> dict:
    """DUE_SQL's parameters. The person's waiting times come with them (debrief.auth loads their
    ReplySettings)."""
    return {
        "owner": owner.pk,
        **due_before(ReplySettings.of(owner), today, now),
        "zone": timezone.get_current_timezone_name(),
        "panel_length": PANEL_LENGTH,
        "count_up_to": COUNTED_UP_TO + 1,
    }


def silences_of(rows: list, today: datetime.date) -> dict:
    """The first PANEL_LENGTH items to ask "No reply — close this one?" about (DUE_SQL's rows, as
    JSON, read with the dashboard's other lists: dashboard_lists.SILENCES_SQL), and how many
    (`over` COUNTED_UP_TO: no more than that is counted)."""
    items = tuple(
        Silence(kind, pk, since, (today - since).days, True, employer, role_title)
        for kind, pk, since, employer, role_title in (
            (kind, pk, datetime.date.fromisoformat(since), employer, role_title)
            for kind, pk, since, employer, role_title, _ in rows
        )
    )
    total = rows[0][-1] if rows else 0
    return {
        "items": items,
        "total": min(total, COUNTED_UP_TO),
        "over": total > COUNTED_UP_TO,
    }


# --- Answering ------------------------------------------------------------------------------------


def owned_items(owner: User, kind: str):
    """The owner's applications, interviews or feedback requests."""
    model = {"application": Application, "interview": Interview}.get(kind, FeedbackRequest)
    return model.objects.for_user(owner)


@transaction.atomic
def silence_answer(*, owner: User, item, close: bool, today: datetime.date) -> bool:
    """Record the person's answer about a silent item: close it with "no response", or keep
    waiting. Answers whether anything changed (an item answered before, or no longer waiting,
    is left as it is)."""
    kind = kind_of(item)
    if waiting_since(item) is None:
        return False
    answer, created = SilenceAnswer.objects.get_or_create(
        **answer_filter(kind, item.pk),
        defaults={
            "owner": owner,
            "answer": SilenceAnswer.Kind.CLOSED if close else SilenceAnswer.Kind.WAITING,
        },
    )
    if not close:
        return created
    if answer.answer != SilenceAnswer.Kind.CLOSED:
        answer.answer = SilenceAnswer.Kind.CLOSED
        answer.save(update_fields=["answer"])
    close_with_no_response(item, today)
    return True


def close_with_no_response(item, today: datetime.date) -> None:
    if isinstance(item, FeedbackRequest):
        item.mark_no_response(today)
    elif isinstance(item, Interview):
        item.outcome = Interview.Outcome.NO_RESPONSE
        item.outcome_date = max(today, timezone.localdate(item.scheduled_at))
        # The application follows (services/interviews): "no response" once nothing else waits.
        interview_save(interview=item)
    else:
        item.change_status(Application.Status.NO_RESPONSE, on=today)
