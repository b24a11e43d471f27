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

from django.db import connection, transaction
from django.utils import timezone

from debrief.models import (
    APPLICATION_QUIET_DAYS,
    INTERVIEW_QUIET_DAYS,
    REQUEST_QUIET_WORKING_DAYS,
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


# Every item the person should be asked about today, oldest silence first, in one statement:
# the settings are read in it, the working days counted by it (Monday to Friday).
DUE_SQL = """
WITH chosen AS (
    SELECT coalesce(max(interview_quiet_days), %(interview_days)s) AS interview_days,
           coalesce(max(request_quiet_working_days), %(request_days)s) AS request_days
    FROM debrief_replysettings WHERE user_id = %(owner)s
), due AS (
    SELECT 'interview' AS kind, i.id, i.application_id,
           (i.scheduled_at AT TIME ZONE %(zone)s)::date AS since
    FROM debrief_interview i, chosen
    WHERE i.owner_id = %(owner)s AND i.outcome = 'awaiting' AND i.scheduled_at < %(now)s
      AND (i.scheduled_at AT TIME ZONE %(zone)s)::date <= %(today)s::date - chosen.interview_days
      AND NOT EXISTS (SELECT 1 FROM debrief_silenceanswer s WHERE s.interview_id = i.id)
    UNION ALL
    SELECT 'feedback', f.id, i.application_id, coalesce(f.followed_up_on, f.requested_on)
    FROM debrief_feedbackrequest f JOIN debrief_interview i ON i.id = f.interview_id, chosen
    WHERE f.owner_id = %(owner)s AND f.status IN ('requested', 'followed_up')
      AND coalesce(f.followed_up_on, f.requested_on) IS NOT NULL
      AND (SELECT count(*) FROM generate_series(
               coalesce(f.followed_up_on, f.requested_on) + 1, %(today)s::date, interval '1 day'
           ) AS day WHERE extract(isodow FROM day) < 6) >= chosen.request_days
      AND NOT EXISTS (SELECT 1 FROM debrief_silenceanswer s WHERE s.feedback_request_id = f.id)
    UNION ALL
    SELECT 'application', a.id, a.id, a.date_applied
    FROM debrief_application a
    WHERE a.owner_id = %(owner)s AND a.status = 'applied'
      AND a.date_applied <= %(today)s::date - %(application_days)s
      AND NOT EXISTS (SELECT 1 FROM debrief_interview i WHERE i.application_id = a.id)
      AND NOT EXISTS (SELECT 1 FROM debrief_silenceanswer s WHERE s.application_id = a.id)
), shown AS (
    SELECT due.*, count(*) OVER () AS total FROM due
    ORDER BY since, kind, id
    LIMIT %(length)s
)
SELECT shown.kind, shown.id, shown.since, a.employer, a.role_title, shown.total
FROM shown JOIN debrief_application a ON a.id = shown.application_id
ORDER BY shown.since, shown.kind, shown.id
"""


def silences_to_ask_about(owner: User, today: datetime.date) -> dict:
    """The first PANEL_LENGTH items to ask "No reply — close this one?" about, and how many."""
    with connection.cursor() as cursor:
        cursor.execute(
            DUE_SQL,
            {
                "owner": owner.pk,
                "interview_days": INTERVIEW_QUIET_DAYS,
                "request_days": REQUEST_QUIET_WORKING_DAYS,
                "application_days": APPLICATION_QUIET_DAYS,
                "zone": timezone.get_current_timezone_name(),
                "now": timezone.now(),
                "today": today,
                "length": PANEL_LENGTH,
            },
        )
        rows = cursor.fetchall()
    items = tuple(
        Silence(kind, pk, since, (today - since).days, True, employer, role_title)
        for kind, pk, since, employer, role_title, _ in rows
    )
    return {"items": items, "total": rows[0][-1] if rows else 0}


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
