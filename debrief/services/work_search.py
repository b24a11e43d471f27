"""A work-search record for a work coach (Universal Credit's "evidence of your work search"): every
application, interview, follow-up and feedback request in a date range, with the employer, the
role, how the job was found and how it turned out, in plain words. Nothing the person kept out
(an application or an interview marked "keep out of my work-search record") is in it.

Three queries whatever the size of the record."""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from debrief.models import FOLLOW_UP_AFTER, Application, FeedbackRequest, Interview, User

# How each status reads to a work coach: what happened, not Debrief's own shorthand.
APPLICATION_OUTCOMES = {
    Application.Status.APPLIED: gettext_lazy("Waiting to hear"),
    Application.Status.INTERVIEWING: gettext_lazy("Invited to interview"),
    Application.Status.OFFER: gettext_lazy("Offered the job"),
    Application.Status.ACCEPTED: gettext_lazy("Offer accepted"),
    Application.Status.DECLINED: gettext_lazy("Offer declined"),
    Application.Status.REJECTED: gettext_lazy("Not successful"),
    Application.Status.WITHDRAWN: gettext_lazy("I withdrew"),
    Application.Status.NO_RESPONSE: gettext_lazy("No reply from the employer"),
}
INTERVIEW_OUTCOMES = {
    Interview.Outcome.AWAITING: gettext_lazy("Waiting to hear"),
    Interview.Outcome.PROGRESSED: gettext_lazy("Through to the next stage"),
    Interview.Outcome.OFFER: gettext_lazy("Offered the job"),
    Interview.Outcome.REJECTED: gettext_lazy("Not successful"),
    Interview.Outcome.WITHDRAWN: gettext_lazy("I withdrew"),
}
FEEDBACK_OUTCOMES = {
    FeedbackRequest.Status.NOT_SENT: gettext_lazy("Not sent yet"),
    FeedbackRequest.Status.REQUESTED: gettext_lazy("Waiting for a reply"),
    FeedbackRequest.Status.FOLLOWED_UP: gettext_lazy("Waiting for a reply"),
    FeedbackRequest.Status.RECEIVED: gettext_lazy("Feedback received"),
    FeedbackRequest.Status.DECLINED: gettext_lazy("The employer declined to give feedback"),
    FeedbackRequest.Status.NO_RESPONSE: gettext_lazy("No reply from the employer"),
}


@dataclass(frozen=True)
class Entry:
    on: datetime.date
    activity: str
    employer: str
    role_title: str
    found: str
    outcome: str
    # What kind of step it was (applied, interview, asked, followed_up): the summary counts these,
    # not the words, which are in the reader's language.
    kind: str = ""


@dataclass(frozen=True)
class Record:
    name: str
    start: datetime.date
    end: datetime.date
    entries: list[Entry]

    @property
    def period(self) -> str:
        """1–30 November 2026; 3 October – 2 November 2026; 1 December 2026 – 5 January 2027."""
        start, end = self.start, self.end
        if start == end:
            return date_format(end, "j F Y")
        if (start.year, start.month) == (end.year, end.month):
            return f"{start.day}–{date_format(end, 'j F Y')}"
        if start.year == end.year:
            return f"{date_format(start, 'j F')} – {date_format(end, 'j F Y')}"
        return f"{date_format(start, 'j F Y')} – {date_format(end, 'j F Y')}"

    @property
    def title(self) -> str:
        return _("Work search record for %(name)s, %(period)s") % {
            "name": self.name,
            "period": self.period,
        }

    @property
    def summary(self) -> str:
        """ "3 applications, 1 interview, 2 requests for feedback, 1 follow-up"."""

        counts = {
            kind: sum(1 for entry in self.entries if entry.kind == kind)
            for kind in ("applied", "interview", "asked", "followed_up")
        }
        parts = [
            ngettext("%(count)s application", "%(count)s applications", counts["applied"])
            % {"count": counts["applied"]},
            ngettext("%(count)s interview", "%(count)s interviews", counts["interview"])
            % {"count": counts["interview"]},
            ngettext(
                "%(count)s request for feedback", "%(count)s requests for feedback", counts["asked"]
            )
            % {"count": counts["asked"]},
            ngettext("%(count)s follow-up", "%(count)s follow-ups", counts["followed_up"])
            % {"count": counts["followed_up"]},
        ]
        return ", ".join(parts)


def day_bounds(start: datetime.date, end: datetime.date) -> tuple:
    tz = timezone.get_current_timezone()
    return (
        datetime.datetime.combine(start, datetime.time.min, tz),
        datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tz),
    )


def work_search_record(*, owner: User, start: datetime.date, end: datetime.date) -> Record:
    entries = []
    applications = Application.objects.for_user(owner).filter(
        date_applied__range=(start, end), kept_out_of_work_search=False
    )
    for application in applications:
        entries.append(
            Entry(
                on=application.date_applied,
                activity=_("Applied"),
                employer=application.employer,
                role_title=application.role_title,
                found=application.source,
                outcome=str(APPLICATION_OUTCOMES[application.status]),
                kind="applied",
            )
        )
    interviews = (
        Interview.objects.for_user(owner)
        .filter(
            scheduled_at__gte=day_bounds(start, end)[0],
            scheduled_at__lt=day_bounds(start, end)[1],
            kept_out_of_work_search=False,
            application__kept_out_of_work_search=False,
        )
        .select_related("application")
    )
    for interview in interviews:
        application = interview.application
        entries.append(
            Entry(
                on=timezone.localdate(interview.scheduled_at),
                activity=_("Interview: %(stage)s (%(format)s)")
                % {
                    "stage": interview.get_stage_display().lower(),
                    "format": interview.get_format_display().lower(),
                },
                employer=application.employer,
                role_title=application.role_title,
                found=application.source,
                outcome=str(INTERVIEW_OUTCOMES[interview.outcome]),
                kind="interview",
            )
        )
    requests = FeedbackRequest.objects.filter(
        interview__owner=owner,
        interview__kept_out_of_work_search=False,
        interview__application__kept_out_of_work_search=False,
        requested_on__isnull=False,
        requested_on__lte=end,
    ).select_related("interview__application")
    for request in requests:
        application = request.interview.application
        common = {
            "employer": application.employer,
            "role_title": application.role_title,
            "found": application.source,
            "outcome": str(FEEDBACK_OUTCOMES[request.status]),
        }
        if start <= request.requested_on:
            entries.append(
                Entry(
                    on=request.requested_on,
                    activity=_("Asked for feedback (%(channel)s)")
                    % {"channel": request.get_channel_display().lower()},
                    kind="asked",
                    **common,
                )
            )
        followed_up = followed_up_on(request)
        if followed_up and start <= followed_up <= end:
            entries.append(
                Entry(
                    on=followed_up,
                    activity=_("Followed up the request for feedback"),
                    kind="followed_up",
                    **common,
                )
            )
    entries.sort(key=lambda entry: (entry.on, entry.employer.casefold(), entry.activity))
    return Record(name=owner.display_name, start=start, end=end, entries=entries)


def followed_up_on(request: FeedbackRequest) -> datetime.date | None:
    """FeedbackRequest.mark_followed_up sets the next follow-up a week after the day it was done."""
    if request.status != FeedbackRequest.Status.FOLLOWED_UP or request.follow_up_due is None:
        return None
    return request.follow_up_due - FOLLOW_UP_AFTER
