"""Keeping an application's status in step with its interviews."""

from django.db import transaction
from django.utils import timezone

from debrief.models import Application, Interview

# Statuses that the user set by hand after the interviews: an interview never overrides them.
USER_DECISIONS = {
    Application.Status.ACCEPTED,
    Application.Status.DECLINED,
    Application.Status.WITHDRAWN,
}


@transaction.atomic
def interview_save(*, interview: Interview) -> Interview:
    """Save an interview and move its application along.

    A new or pending interview means the application is `interviewing`; an offer means `offer`;
    a rejection means `rejected` once no other interview of the application is pending.
    """
    application = Application.objects.select_for_update().get(pk=interview.application_id)
    interview.owner_id = application.owner_id
    interview.save()
    if application.status in USER_DECISIONS:
        return interview
    on = interview.outcome_date or timezone.localdate()
    match interview.outcome:
        case Interview.Outcome.OFFER:
            application.change_status(Application.Status.OFFER, on=on)
        case Interview.Outcome.REJECTED:
            others_pending = (
                application.interviews.exclude(pk=interview.pk)
                .filter(outcome=Interview.Outcome.AWAITING)
                .exists()
            )
            if not others_pending:
                application.change_status(Application.Status.REJECTED, on=on)
        case Interview.Outcome.AWAITING | Interview.Outcome.PROGRESSED:
            if application.status in (Application.Status.APPLIED, Application.Status.NO_RESPONSE):
                application.change_status(Application.Status.INTERVIEWING, on=on)
    return interview
