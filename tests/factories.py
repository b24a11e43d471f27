"""Small, explicit builders for test data: each takes the fields that matter to a test."""

import datetime

from django.utils import timezone

from debrief.models import (
    ActionItem,
    AdviserAccess,
    AdviserNote,
    Application,
    Debrief,
    DebriefQuestion,
    FeedbackRequest,
    Interview,
    Membership,
    Organisation,
    StarAnswer,
    User,
)

PASSWORD = "correct-horse-battery-staple"


def make_user(email: str, name: str = "Test User", role: str = User.Role.JOB_SEEKER) -> User:
    return User.objects.create_user(
        email, PASSWORD, display_name=name, role=role, email_confirmed_at=timezone.now()
    )


def make_application(owner: User, **fields) -> Application:
    fields.setdefault("employer", "Acme Ltd")
    fields.setdefault("role_title", "Data Analyst")
    application = Application(owner=owner, **fields)
    application.save_with_history()
    return application


def make_interview(application: Application, **fields) -> Interview:
    fields.setdefault("scheduled_at", timezone.now() - datetime.timedelta(days=2))
    return Interview.objects.create(application=application, owner=application.owner, **fields)


def make_debrief(interview: Interview, rating: int = 3, **fields) -> Debrief:
    for field in Debrief.RATINGS:
        fields.setdefault(field, rating)
    return Debrief.objects.create(interview=interview, **fields)


def make_question(debrief: Debrief, question: str = "Tell me about yourself", **fields):
    return DebriefQuestion.objects.create(debrief=debrief, question=question, **fields)


def make_feedback_request(interview: Interview, **fields) -> FeedbackRequest:
    fields.setdefault("contact_name", "Jo Recruiter")
    fields.setdefault("contact_email", "jo@acme.example")
    if fields.get("status") == FeedbackRequest.Status.RECEIVED:
        # Feedback received says whether it was specific or vague (one answer, said once).
        fields.setdefault("outcome", FeedbackRequest.Outcome.SPECIFIC)
    return FeedbackRequest.objects.create(interview=interview, **fields)


def make_star_answer(owner: User, title: str = "Rescued a late project", **fields) -> StarAnswer:
    fields.setdefault("situation", "Our release was two weeks late.")
    fields.setdefault("task", "I had to get it back on track.")
    fields.setdefault("action", "I re-planned the work and cut scope with the client.")
    fields.setdefault("result", "We shipped one week late instead of three.")
    return StarAnswer.objects.create(owner=owner, title=title, **fields)


def make_action_item(owner: User, text: str = "Practise STAR answers aloud", **fields):
    if fields.get("status") == ActionItem.Status.DONE:
        fields.setdefault("completed_on", timezone.localdate())
    return ActionItem.objects.create(owner=owner, text=text, **fields)


def grant_access(client: User, adviser: User) -> AdviserAccess:
    return AdviserAccess.objects.create(
        client=client,
        adviser=adviser,
        status=AdviserAccess.Status.ACTIVE,
        granted_at=timezone.now(),
    )


def make_note(adviser: User, client: User, text: str = "Good progress.", **fields):
    return AdviserNote.objects.create(adviser=adviser, client=client, text=text, **fields)


def make_organisation(name: str = "Northshire University Careers Service") -> Organisation:
    return Organisation.objects.create(name=name)


def make_member(
    organisation: Organisation,
    email: str,
    name: str = "Test Adviser",
    role: str = Membership.Role.ADVISER,
) -> User:
    """An adviser account on the staff of a careers service (as a service admin with
    role=Membership.Role.ADMIN)."""
    user = make_user(email, name, role=User.Role.ADVISER)
    Membership.objects.create(organisation=organisation, user=user, role=role)
    return user


def make_invitation(organisation: Organisation, email: str, name: str = "Bea Jones", **fields):
    """A pending invitation to the service's staff (for an address that has no account)."""
    from debrief.models import StaffInvitation, invitation_lifetime

    now = timezone.now()
    return StaffInvitation.objects.create(
        organisation=organisation,
        email=email,
        display_name=name,
        sent_at=now,
        expires_at=now + invitation_lifetime(),
        **fields,
    )
