"""Feedback requests: recording what the employer said and turning it into action items.

A request's own state changes (sent, followed up, no response) are methods on FeedbackRequest;
this module keeps the workflow that spans models."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from debrief.models import ActionItem, Application, FeedbackRequest, Reason
from debrief.services.lessons import with_their_words


@dataclass(frozen=True)
class SuggestedAction:
    reason: str
    text: str
    area: str

    @property
    def area_label(self) -> str:
        return str(ActionItem.Area(self.area).label)


def suggested_action(reason: str, application: Application) -> SuggestedAction:
    """The action that answers a reason within my control, in the words of the guide's lessons."""
    role = application.role_title
    texts = {
        Reason.SKILLS_GAP: (
            ActionItem.Area.SKILLS,
            _("Close the skills gap: build and evidence the skills the %(role)s role asked for")
            % {"role": role},
        ),
        Reason.EXPERIENCE_GAP: (
            ActionItem.Area.APPLICATIONS,
            _("Show relevant experience more clearly in applications for roles like %(role)s")
            % {"role": role},
        ),
        Reason.QUALIFICATIONS: (
            ActionItem.Area.SKILLS,
            _("Find out which qualifications %(role)s roles ask for and plan how to get them")
            % {"role": role},
        ),
        Reason.IMPRESSION: (
            ActionItem.Area.IMPRESSION,
            _("Practise answers aloud to manage nerves"),
        ),
        Reason.UNEXPECTED_REQUIREMENT: (
            ActionItem.Area.SKILLS,
            _(
                "Learn the requirement I did not know about for %(role)s roles, and look for it "
                "in job adverts"
            )
            % {"role": role},
        ),
        Reason.OTHER: (
            ActionItem.Area.INTERVIEW_PERFORMANCE,
            _("Work on the point %(employer)s raised in their feedback")
            % {"employer": application.employer},
        ),
    }
    area, text = texts[Reason(reason)]
    return SuggestedAction(reason=reason, text=text, area=area)


def suggested_actions(application: Application) -> list[SuggestedAction]:
    return [suggested_action(reason, application) for reason in Reason.within_my_control()]


@transaction.atomic
def feedback_record_received(
    *,
    feedback_request: FeedbackRequest,
    reasons: Iterable[str],
    create_actions_for: Iterable[str] = (),
) -> list[ActionItem]:
    """Save the reasons the employer gave and, for the chosen ones within my control, an action
    item each. Reasons outside my control never get one: it's business, not personal."""
    feedback_request.reasons = [reason for reason in Reason.values if reason in set(reasons)]
    feedback_request.save()
    chosen = set(create_actions_for) & set(feedback_request.reasons_within_my_control())
    interview = feedback_request.interview
    already = set(feedback_request.action_items.values_list("text", flat=True))
    created = []
    for reason in (r for r in feedback_request.reasons if r in chosen):
        suggestion = suggested_action(reason, interview.application)
        text = with_their_words(suggestion.text, feedback_request.feedback_text, reason)
        if text in already or suggestion.text in already:
            continue
        created.append(
            ActionItem.objects.create(
                owner_id=interview.owner_id,
                feedback_request=feedback_request,
                text=text,
                area=suggestion.area,
            )
        )
    return created
