"""The demo job seeker and the demo adviser they share their record with: the seeker's history,
the consent, a note and its reply, appointments and a suggested action; or a job seeker with the
same history scaled, for benchmarks."""

import datetime

from django.db import transaction
from django.utils import timezone

from debrief.demo.history import DEMO_APPLICATIONS, HistoryBuilder
from debrief.demo.people import DEMO_ADVISER, DEMO_SEEKER, Say, demo_user
from debrief.demo.story import ADVISER_NOTE, NOTE_REPLY, SUGGESTED_ACTION
from debrief.models import (
    ActionItem,
    ActionSuggestion,
    AdviserAccess,
    AdviserAccessChange,
    AdviserNote,
    Appointment,
    Interview,
    NoteReply,
    User,
)
from debrief.services import notify


@transaction.atomic
def seed_demo(seed: int, say: Say) -> tuple[User, User]:
    """The demo job seeker and adviser, idempotently: (seeker, adviser)."""
    seeker = demo_user(DEMO_SEEKER, "Sam Taylor", User.Role.JOB_SEEKER)
    adviser = demo_user(DEMO_ADVISER, "Alex Morgan", User.Role.ADVISER)
    build_history(seeker, DEMO_APPLICATIONS, seed, say)
    share_with(seeker, adviser, say)
    return seeker, adviser


@transaction.atomic
def seed_benchmark(email: str, count: int, seed: int, say: Say) -> User:
    """Job seeker `email` with the demo's history scaled to `count` applications."""
    seeker = demo_user(email.lower(), "Benchmark Seeker", User.Role.JOB_SEEKER)
    build_history(seeker, count, seed, say)
    return seeker


def build_history(seeker: User, count: int, seed: int, say: Say) -> None:
    existing = seeker.applications.count()
    if existing:
        say(f"{seeker.email} already has {existing} applications; none added.")
        return
    built = HistoryBuilder(seeker, count, seed, timezone.localdate()).build()
    say(f"{seeker.email}: " + ", ".join(f"{number} {what}" for what, number in built.items()))


def share_with(seeker: User, adviser: User, say: Say) -> None:
    access = AdviserAccess.objects.filter(client=seeker, adviser=adviser).active().first()
    if access is None:
        now = timezone.now()
        access = AdviserAccess.objects.create(
            client=seeker,
            adviser=adviser,
            status=AdviserAccess.Status.ACTIVE,
            requested_at=now - datetime.timedelta(days=40),
            granted_at=now - datetime.timedelta(days=39),
        )
        AdviserAccessChange.objects.create(
            access=access,
            status=AdviserAccess.Status.ACTIVE,
            changed_by=seeker,
            changed_at=access.granted_at,
        )
        say(f"{seeker.email} shares their record with {adviser.email}.")
    if not AdviserNote.objects.filter(adviser=adviser, client=seeker).exists():
        upcoming = (
            Interview.objects.for_user(seeker)
            .upcoming()
            .filter(stage=Interview.Stage.SECOND, application__employer="BBC")
            .first()
        )
        note = AdviserNote.objects.create(
            adviser=adviser, client=seeker, interview=upcoming, text=ADVISER_NOTE
        )
        notify.note_added(note)
        NoteReply.objects.create(note=note, author=seeker, text=NOTE_REPLY)
    work_together(seeker, adviser, access)


def work_together(seeker: User, adviser: User, access: AdviserAccess) -> None:
    """A past appointment, the next one and the next contact, and an action the adviser
    suggested that Sam has not answered yet: what the adviser and Sam see on /together/."""
    if Appointment.objects.filter(adviser=adviser, client=seeker).exists():
        return
    today = timezone.localdate()
    Appointment.objects.bulk_create(
        Appointment(adviser=adviser, client=seeker, **fields) for fields in appointments(today)
    )
    access.next_contact_on = today + datetime.timedelta(days=6)
    access.save(update_fields=["next_contact_on", "updated_at"])
    ActionSuggestion.objects.create(
        adviser=adviser,
        client=seeker,
        text=SUGGESTED_ACTION,
        area=ActionItem.Area.INTERVIEW_PERFORMANCE,
        due_date=today + datetime.timedelta(days=10),
    )


def appointments(today: datetime.date) -> list[dict]:
    return [
        {
            "date": today - datetime.timedelta(days=21),
            "time": datetime.time(10, 0),
            "kind": Appointment.Kind.CV_REVIEW,
            "agreed": "Lead the CV with the data-pipeline project; cut the summary to three lines.",
        },
        {
            "date": today - datetime.timedelta(days=7),
            "time": datetime.time(14, 30),
            "kind": Appointment.Kind.MOCK_INTERVIEW,
            "agreed": (
                "Answers were clear but long: aim for two minutes each. Write a STAR answer "
                "about a disagreement before the BBC interview."
            ),
        },
        {
            "date": today + datetime.timedelta(days=6),
            "time": datetime.time(11, 0),
            "kind": Appointment.Kind.ONE_TO_ONE,
            "agreed": "",
        },
    ]
