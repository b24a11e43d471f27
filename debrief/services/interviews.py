"""Keeping an application's status in step with its interviews."""

from django.db import transaction
from django.utils import timezone

from debrief.models import Application, Interview
from debrief.services.outcomes import ensure_history

# Statuses that the user set by hand after the interviews: an interview never overrides them.
USER_DECISIONS = {
    Application.Status.ACCEPTED,
    Application.Status.DECLINED,
    Application.Status.WITHDRAWN,
}

# Outcomes that close an application, and the statuses they close it with.
STATUS_OF = Interview.Outcome.application_statuses()
DECIDED = {Interview.Outcome.OFFER, Interview.Outcome.REJECTED}
CLOSED_BY_INTERVIEW = {STATUS_OF[outcome] for outcome in DECIDED}


@transaction.atomic
def interview_save(*, interview: Interview) -> Interview:
    """Save an interview and move its application along.

    A new or pending interview means the application is `interviewing`; an offer means `offer`;
    a rejection means `rejected` once no other interview of the application is pending; a
    withdrawal means `withdrawn`. An offer or rejection corrected back to pending reopens the
    application, unless another of its interviews made an offer.
    """
    application = Application.objects.select_for_update().get(pk=interview.application_id)
    saved_outcome = (
        Interview.objects.filter(pk=interview.pk).values_list("outcome", flat=True).first()
    )
    interview.owner_id = application.owner_id
    interview.save()
    if application.status in USER_DECISIONS:
        return interview
    on = interview.outcome_date or timezone.localdate()
    others = application.interviews.exclude(pk=interview.pk)
    if interview.outcome in (*DECIDED, Interview.Outcome.WITHDRAWN):
        # The steps before the decision keep their own dates in the stage history.
        ensure_history(application)
    match interview.outcome:
        case Interview.Outcome.OFFER | Interview.Outcome.WITHDRAWN:
            application.change_status(STATUS_OF[interview.outcome], on=on)
        case Interview.Outcome.REJECTED:
            # A "no" after one stage closes the application once no other stage is pending.
            if not others.filter(outcome=Interview.Outcome.AWAITING).exists():
                application.change_status(STATUS_OF[interview.outcome], on=on)
        case Interview.Outcome.NO_RESPONSE:
            # Silence closes only what it left open: never an offer or a "no" already said.
            if (
                application.status in (Application.Status.APPLIED, Application.Status.INTERVIEWING)
                and not others.filter(outcome=Interview.Outcome.AWAITING).exists()
            ):
                application.change_status(STATUS_OF[interview.outcome], on=on)
        case Interview.Outcome.AWAITING | Interview.Outcome.PROGRESSED:
            waiting = application.status in (
                Application.Status.APPLIED,
                Application.Status.NO_RESPONSE,
            )
            corrected = (
                saved_outcome in DECIDED
                and application.status in CLOSED_BY_INTERVIEW
                and not others.filter(outcome=Interview.Outcome.OFFER).exists()
            )
            if waiting or corrected:
                # Interviewing from the interview itself when it has happened (entered after the
                # fact), from today when it is still to come: never from the day of typing it.
                held_on = min(timezone.localdate(interview.scheduled_at), timezone.localdate())
                application.change_status(
                    Application.Status.INTERVIEWING,
                    on=interview.outcome_date or max(held_on, application.date_applied),
                )
    return interview
