"""The moment a decision arrives: "I've been turned down", "I got an offer", "I withdrew".

One step records it on the interview it followed (or on the application alone, when it came before
any interview) and moves the application along with a stage history that reads true: applied on
the day of applying, interviewing from the first interview, then the decision on the day it came.
"""

import datetime
import enum

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from debrief.models import (
    TEXT_LIMITS,
    ActionItem,
    Application,
    Debrief,
    FeedbackRequest,
    Interview,
    StatusChange,
)
from debrief.services import drafts
from debrief.services.contacts import feedback_contact


class Decision(enum.StrEnum):
    """The three decisions, by the slug of their URL."""

    TURNED_DOWN = "turned-down"
    OFFER = "offer"
    WITHDREW = "withdrew"

    @property
    def application_status(self) -> str:
        return Interview.Outcome.application_statuses()[self.interview_outcome]

    @property
    def interview_outcome(self) -> str:
        return {
            Decision.TURNED_DOWN: Interview.Outcome.REJECTED,
            Decision.OFFER: Interview.Outcome.OFFER,
            Decision.WITHDREW: Interview.Outcome.WITHDRAWN,
        }[self]

    @classmethod
    def for_status(cls, status: str) -> "Decision | None":
        return next((d for d in cls if d.application_status == status), None)


# An application in one of these is still waiting for a decision.
OPEN_STATUSES = (
    Application.Status.APPLIED,
    Application.Status.INTERVIEWING,
    Application.Status.NO_RESPONSE,
)


def decidable_interviews(application: Application) -> list[Interview]:
    """The interviews a decision can follow: those that have happened, latest first."""
    return list(
        application.interviews.filter(scheduled_at__lte=timezone.now()).order_by(
            "-scheduled_at", "-id"
        )
    )


def earliest_decision_date(application: Application, interview: Interview | None):
    if interview is not None:
        return timezone.localdate(interview.scheduled_at)
    return application.date_applied


def validate_decision_date(
    *, application: Application, interview: Interview | None, decided_on: datetime.date
) -> None:
    """The date a decision came: never in the future, never before the interview it followed."""
    if decided_on > timezone.localdate():
        raise ValidationError({"decided_on": _("The decision cannot come from the future.")})
    earliest = earliest_decision_date(application, interview)
    if decided_on < earliest:
        words = {"date": date_format(earliest, "j F Y")}
        raise ValidationError(
            {
                "decided_on": _("The decision cannot come before the interview (%(date)s).") % words
                if interview is not None
                else _("The decision cannot come before you applied (%(date)s).") % words
            }
        )
    if interview is not None and interview.scheduled_at > timezone.now():
        raise ValidationError(
            {"interview": _("That interview has not happened yet: record its outcome after it.")}
        )


def ensure_history(application: Application) -> None:
    """Give an application the steps it passed through before a decision, on their own dates:
    "Applied" on the day of applying, "Interviewing" on the day of its first interview."""
    changes = list(application.status_changes.all())
    seen = {change.status for change in changes}
    if Application.Status.APPLIED not in seen:
        StatusChange.objects.create(
            application=application,
            status=Application.Status.APPLIED,
            changed_on=application.date_applied,
        )
    first = application.interviews.filter(scheduled_at__lte=timezone.now()).order_by("scheduled_at")
    first = first.first()
    if first is not None and Application.Status.INTERVIEWING not in seen:
        StatusChange.objects.create(
            application=application,
            status=Application.Status.INTERVIEWING,
            changed_on=max(timezone.localdate(first.scheduled_at), application.date_applied),
        )


@transaction.atomic
def record_decision(
    *,
    application: Application,
    decision: Decision,
    interview: Interview | None,
    decided_on: datetime.date,
    what_they_said: str = "",
) -> Application:
    """Record the decision on the interview (if any) and the application, in one step."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    validate_decision_date(application=application, interview=interview, decided_on=decided_on)
    ensure_history(application)
    said = what_they_said.strip()
    if interview is not None:
        interview.outcome = decision.interview_outcome
        interview.outcome_date = decided_on
        if said:
            interview.notes = join_notes(
                interview.notes,
                _("What they said (%(date)s): %(said)s")
                % {"date": date_format(decided_on, "j F Y"), "said": said},
            )
        interview.save()
        # A "no" after this interview also ends the stages still marked as waiting before it.
        if decision == Decision.TURNED_DOWN:
            application.interviews.filter(
                outcome=Interview.Outcome.AWAITING, scheduled_at__lt=interview.scheduled_at
            ).update(outcome=Interview.Outcome.PROGRESSED, outcome_date=decided_on)
    elif said:
        application.notes = join_notes(
            application.notes,
            _("What they said (%(date)s): %(said)s")
            % {"date": date_format(decided_on, "j F Y"), "said": said},
        )
    application.change_status(decision.application_status, on=decided_on)
    return application


@transaction.atomic
def record_no(
    *,
    application: Application,
    interview: Interview | None,
    decided_on: datetime.date,
    what_they_said: str = "",
    sender_name: str,
) -> FeedbackRequest | None:
    """ "They said no", in the guide's order: the decision recorded, then the feedback request
    drafted at once (ask first, while they still remember you), ready to send from the next
    page. Not sent until the person says so; a draft left unsent is reminded after 48 hours."""
    record_decision(
        application=application,
        decision=Decision.TURNED_DOWN,
        interview=interview,
        decided_on=decided_on,
        what_they_said=what_they_said,
    )
    if interview is None:
        return None
    return feedback_request_draft(interview=interview, sender_name=sender_name)


def feedback_request_draft(*, interview: Interview, sender_name: str) -> FeedbackRequest:
    """The interview's open feedback request, or a new one drafted from what Debrief knows: the
    contact the person recorded for it (else the first interviewer), greeted by first name, the
    role and the interview date."""
    existing = (
        FeedbackRequest.objects.select_for_update()
        .filter(interview=interview, status__in=FeedbackRequest.Status.still_open())
        .first()
    )
    if existing is not None:
        return existing
    contact = feedback_contact(interview)
    limits = TEXT_LIMITS["feedbackrequest"]
    feedback_request = FeedbackRequest(
        interview=interview,
        contact_name=(
            contact.name if contact else drafts.first_interviewer(interview.interviewers)
        )[: limits["contact_name"]],
        contact_email=contact.email if contact else "",
        channel=FeedbackRequest.Channel.EMAIL,
        status=FeedbackRequest.Status.NOT_SENT,
    )
    feedback_request.message = drafts.request_email(
        drafts.facts_for(feedback_request, sender_name=sender_name)
    ).body
    feedback_request.save()
    return feedback_request


def lesson_text(debrief: Debrief, feedback: FeedbackRequest | None) -> tuple[str, str]:
    """What "Make it an action" would save, and whose words they are: the employer's when their
    feedback arrived and fits an action, else the person's own "one thing to do better"."""
    limit = TEXT_LIMITS["actionitem"]["text"]
    said = " ".join((feedback.feedback_text if feedback and feedback.is_received else "").split())
    if said and len(said) <= limit:
        return said, "employer"
    return " ".join(debrief.do_better.split()), "mine"


def lesson_action(debrief: Debrief) -> ActionItem | None:
    """The action already made from this interview's lesson, if any."""
    return (
        ActionItem.objects.filter(
            Q(debrief=debrief) | Q(feedback_request__interview_id=debrief.interview_id)
        )
        .order_by("created_at")
        .first()
    )


@transaction.atomic
def make_it_an_action(*, debrief: Debrief) -> tuple[ActionItem | None, bool]:
    """ "Make it an action": the lesson of this interview becomes an action item, once. Answers
    the action and whether it was made now; (None, False) when there is no lesson to act on or
    it is too long to be an action (the person shortens it on the actions page)."""
    Debrief.objects.select_for_update().filter(pk=debrief.pk).first()
    if (existing := lesson_action(debrief)) is not None:
        return existing, False
    feedback = (
        FeedbackRequest.objects.filter(interview_id=debrief.interview_id)
        .order_by("-created_at")
        .first()
    )
    text, whose = lesson_text(debrief, feedback)
    if not text or len(text) > TEXT_LIMITS["actionitem"]["text"]:
        return None, False
    action = ActionItem(
        owner_id=debrief.interview.owner_id,
        text=text,
        area=ActionItem.Area.INTERVIEW_PERFORMANCE,
        **({"feedback_request": feedback} if whose == "employer" else {"debrief": debrief}),
    )
    action.full_clean()
    action.save()
    return action, True


def join_notes(existing: str, addition: str) -> str:
    return f"{existing.rstrip()}\n\n{addition}" if existing.strip() else addition


def latest_interview_for_decision(application: Application) -> Interview | None:
    """The interview a decision most likely followed: the latest past one still awaiting an
    outcome, else the latest past one."""
    interviews = decidable_interviews(application)
    awaiting = [i for i in interviews if i.outcome == Interview.Outcome.AWAITING]
    return (awaiting or interviews or [None])[0]


@transaction.atomic
def application_save(*, application: Application) -> Decision | None:
    """Save a new or edited application with a stage history that reads true.

    A new application is "Applied" on the day of applying, whatever status it was given. A
    decision (rejected, offer, withdrawn) reached from an open status is recorded as one, today,
    on the interview it most likely followed; the caller then offers the next steps.
    """
    status = application.status
    previous = Application.Status.APPLIED if application._state.adding else None
    if previous is None:
        previous = getattr(application, "_saved_status", None)
    decision = Decision.for_status(status)
    if application._state.adding:
        application.status = Application.Status.APPLIED
        application.save_with_history(on=application.date_applied)
    if decision is not None and previous in OPEN_STATUSES:
        application.status = previous
        application.save()
        record_decision(
            application=application,
            decision=decision,
            interview=latest_interview_for_decision(application),
            decided_on=max(timezone.localdate(), application.date_applied),
        )
        application.refresh_from_db()
        return decision
    application.status = status
    application.save_with_history()
    return None
