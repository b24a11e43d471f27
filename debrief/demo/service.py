"""The demo careers service: its admin, three advisers (the demo adviser among them) and a
cohort of DEMO_COHORT clients who share with them, with a year of activity so that the outcome
report has figures."""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from debrief.demo.people import (
    DEMO_ADVISER,
    DEMO_COLLEAGUES,
    DEMO_PASSWORD,
    DEMO_SERVICE,
    DEMO_SERVICE_ADMIN,
    Say,
    demo_user,
)
from debrief.demo.story import WENT_WELL
from debrief.models import (
    AdviserAccess,
    AdviserAccessChange,
    Application,
    Debrief,
    FeedbackRequest,
    Interview,
    Membership,
    Organisation,
    StatusChange,
    User,
)

DEMO_COHORT = 36
COHORT_MONTHS = 12

COHORT_FIRST_NAMES = (
    "Aisha", "Ben", "Chloe", "Dan", "Ella", "Femi", "Grace", "Harry", "Isla", "Jack", "Kiran",
    "Leah", "Mo", "Nina", "Owen", "Poppy", "Rhys", "Sara",
)  # fmt: skip
COHORT_SURNAMES = ("Khan", "Jones", "Smith", "Patel", "Brown", "Okafor", "Wilson", "Evans")
COHORT_ROLES = (
    ("Trainee Accountant", "Moore Kingston Smith"), ("Graduate Engineer", "Arup"),
    ("Marketing Assistant", "Unilever"), ("Junior Developer", "Sage"),
    ("HR Assistant", "NHS Trust"), ("Data Analyst", "ONS"), ("Sales Executive", "Enterprise"),
    ("Teaching Assistant", "Oak Academy"), ("Paralegal", "Irwin Mitchell"),
)  # fmt: skip


@transaction.atomic
def seed_demo_service(seed: int, say: Say) -> tuple[User, list[User]]:
    """The demo careers service, idempotently: its admin, three advisers (the demo adviser
    among them) and a cohort of clients who share with them, with a year of activity so that
    the outcome report has figures. (admin, advisers)"""
    service, _ = Organisation.objects.get_or_create(name=DEMO_SERVICE)
    admin = staff_member(service, *DEMO_SERVICE_ADMIN, Membership.Role.ADMIN)
    advisers = [User.objects.get(email=DEMO_ADVISER)]
    advisers += [staff_member(service, email, name) for email, name in DEMO_COLLEAGUES]
    if not Membership.objects.filter(user=advisers[0]).exists():
        Membership.objects.create(organisation=service, user=advisers[0], invited_by=admin)
    if User.objects.filter(email=cohort_email(0)).exists():
        say(f"{DEMO_SERVICE} already has its cohort; none added.")
    else:
        built = CohortBuilder(advisers, seed, timezone.localdate()).build()
        say(f"{DEMO_SERVICE}: " + ", ".join(f"{n} {what}" for what, n in built.items()))
    return admin, advisers


def staff_member(service: Organisation, email: str, name: str, role=Membership.Role.ADVISER):
    user = demo_user(email, name, User.Role.ADVISER)
    Membership.objects.get_or_create(user=user, defaults={"organisation": service, "role": role})
    return user


def cohort_email(number: int) -> str:
    return f"cohort{number + 1:02d}@debrief.example"


class CohortBuilder:
    """DEMO_COHORT job seekers, a third with each adviser, each with a few applications a month
    over the last COHORT_MONTHS months: interviews, rejections and offers, debriefs written a few
    days after a "no", feedback asked for and sometimes given. Every model in one bulk insert."""

    def __init__(self, advisers: list[User], seed: int, today: datetime.date):
        self.advisers = advisers
        self.random = random.Random(seed)
        self.today = today
        self.now = timezone.now()

    def day(self, days_ago: int) -> datetime.date:
        return self.today - datetime.timedelta(days=days_ago)

    def build(self) -> dict[str, int]:
        # One password hash for them all: Argon2 costs about a second a hash.
        template = User()
        template.set_password(DEMO_PASSWORD)
        clients = User.objects.bulk_create(
            User(
                email=cohort_email(number),
                display_name=(
                    f"{COHORT_FIRST_NAMES[number % len(COHORT_FIRST_NAMES)]} "
                    f"{COHORT_SURNAMES[number % len(COHORT_SURNAMES)]}"
                ),
                password=template.password,
                # Unconfirmed, so Debrief emails them nothing: the demo's console shows the
                # demo job seeker's reminders, not three dozen others'.
                email_confirmed_at=None,
            )
            for number in range(DEMO_COHORT)
        )
        accesses = AdviserAccess.objects.bulk_create(
            AdviserAccess(
                client=client,
                adviser=self.advisers[number % len(self.advisers)],
                status=AdviserAccess.Status.ACTIVE,
                requested_at=self.now - datetime.timedelta(days=COHORT_MONTHS * 31),
                granted_at=self.now - datetime.timedelta(days=COHORT_MONTHS * 31 - 1),
            )
            for number, client in enumerate(clients)
        )
        AdviserAccessChange.objects.bulk_create(
            AdviserAccessChange(
                access=access, status=access.status, changed_by=access.client,
                changed_at=access.granted_at,
            )
            for access in accesses
        )  # fmt: skip
        plans = [self.application(client) for client in clients for _ in range(self.per_client())]
        applications = Application.objects.bulk_create(application for application, _ in plans)
        StatusChange.objects.bulk_create(
            StatusChange(application=application, status=status, changed_on=day)
            for application, (_, _, changes) in zip(
                applications, (p for _, p in plans), strict=True
            )
            for status, day in changes
        )
        interviews = Interview.objects.bulk_create(
            interview
            for application, (interview_plan, _, _) in zip(
                applications, (p for _, p in plans), strict=True
            )
            if interview_plan
            for interview in [self.interview(application, *interview_plan)]
        )
        rejected = [i for i in interviews if i.outcome == Interview.Outcome.REJECTED]
        debriefs = Debrief.objects.bulk_create(
            self.debrief(interview) for interview in rejected if self.random.random() < 0.8
        )
        # Written a few days after the "no" (bulk_create stamps them now).
        for debrief in debriefs:
            debrief.created_at = self.written_after(debrief.interview.outcome_date)
        Debrief.objects.bulk_update(debriefs, ["created_at"])
        requests = FeedbackRequest.objects.bulk_create(
            self.feedback_request(interview) for interview in rejected if self.random.random() < 0.6
        )
        return {
            "clients": len(clients),
            "applications": len(applications),
            "interviews": len(interviews),
            "debriefs": len(debriefs),
            "feedback requests": len(requests),
        }

    def per_client(self) -> int:
        return self.random.randint(COHORT_MONTHS, COHORT_MONTHS * 2)

    def application(self, client: User) -> tuple[Application, tuple]:
        applied_ago = self.random.randint(3, COHORT_MONTHS * 30)
        role, employer = self.random.choice(COHORT_ROLES)
        changes = [(Application.Status.APPLIED, self.day(applied_ago))]
        interview_plan = None
        status = Application.Status.APPLIED
        roll = self.random.random()
        if roll < 0.35 and applied_ago > 20:
            interview_ago = applied_ago - self.random.randint(7, 14)
            outcome_ago = max(0, interview_ago - self.random.randint(2, 7))
            if self.random.random() < 0.2:
                outcome, status = Interview.Outcome.OFFER, Application.Status.OFFER
            else:
                outcome, status = Interview.Outcome.REJECTED, Application.Status.REJECTED
            changes += [
                (Application.Status.INTERVIEWING, self.day(interview_ago)),
                (status, self.day(outcome_ago)),
            ]
            interview_plan = (interview_ago, outcome, outcome_ago)
        elif roll < 0.55 and applied_ago > 30:
            status = Application.Status.NO_RESPONSE
            changes.append((status, self.day(applied_ago - 30)))
        return (
            Application(
                owner=client,
                employer=employer,
                role_title=role,
                date_applied=self.day(applied_ago),
                status=status,
            ),
            (interview_plan, status, changes),
        )

    def interview(self, application, interview_ago: int, outcome: str, outcome_ago: int):
        return Interview(
            application=application,
            owner=application.owner,
            stage=Interview.Stage.FIRST,
            scheduled_at=timezone.make_aware(
                datetime.datetime.combine(self.day(interview_ago), datetime.time(11))
            ),
            outcome=outcome,
            outcome_date=self.day(outcome_ago),
        )

    def written_after(self, rejected_on: datetime.date) -> datetime.datetime:
        written = min(self.today, rejected_on + datetime.timedelta(days=self.random.randint(0, 9)))
        return timezone.make_aware(datetime.datetime.combine(written, datetime.time(18)))

    def debrief(self, interview: Interview) -> Debrief:
        ratings = {field: self.random.randint(2, 5) for field in Debrief.RATINGS}
        return Debrief(interview=interview, went_well=self.random.choice(WENT_WELL), **ratings)

    def feedback_request(self, interview: Interview) -> FeedbackRequest:
        requested = interview.outcome_date + datetime.timedelta(days=1)
        requested = min(requested, self.today)
        request = FeedbackRequest(
            interview=interview,
            contact_name="Recruitment team",
            status=FeedbackRequest.Status.REQUESTED,
            requested_on=requested,
            follow_up_due=requested + datetime.timedelta(days=7),
        )
        received = requested + datetime.timedelta(days=self.random.randint(2, 10))
        if received <= self.today and self.random.random() < 0.6:
            request.status = FeedbackRequest.Status.RECEIVED
            request.received_on = received
            request.outcome = FeedbackRequest.Outcome.SPECIFIC
        return request
