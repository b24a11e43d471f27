"""Each reminder at its boundary, with a controlled clock: due, not yet due, already sent,
switched off, unsubscribed, account deleted, address not confirmed. The scheduler pass writes
the rows; the real worker sends them."""

import datetime
from dataclasses import dataclass

import pytest
from django.core import mail

from debrief.models import Application, FeedbackRequest, Notification, NotificationSettings
from debrief.services.delivery import unsubscribe_token
from tests.factories import (
    make_action_item,
    make_application,
    make_debrief,
    make_feedback_request,
    make_interview,
    make_star_answer,
)
from tests.reminder_helpers import at, scheduler_pass_and_worker

# The worker commits and recycles its connection as in production: real transactions.
pytestmark = pytest.mark.django_db(transaction=True)

Kind = Notification.Kind
TUESDAY = datetime.date(2026, 12, 8)
MONDAY = datetime.date(2026, 12, 7)


@dataclass
class Case:
    kind: str
    due: str  # the first moment it is due, London time
    not_yet: str  # a moment just before
    subject: str  # words of its subject
    link: str  # where its link points


def follow_up(owner):
    application = make_application(owner, employer="Globex")
    interview = make_interview(application, scheduled_at=at("2026-11-27 10:00"))
    request = make_feedback_request(
        interview,
        status=FeedbackRequest.Status.REQUESTED,
        requested_on=TUESDAY - datetime.timedelta(days=7),
        follow_up_due=TUESDAY,
    )
    return f"/feedback/{request.pk}/"


def feedback_not_sent(owner):
    application = make_application(owner, employer="Globex")
    interview = make_interview(application, scheduled_at=at("2026-11-27 10:00"))
    request = make_feedback_request(interview)
    FeedbackRequest.objects.filter(pk=request.pk).update(created_at=at("2026-12-06 10:00"))
    return f"/feedback/{request.pk}/send/"


def self_assessment(owner):
    application = make_application(owner, employer="Globex")
    interview = make_interview(application, scheduled_at=at("2026-11-27 10:00"))
    make_feedback_request(
        interview,
        status=FeedbackRequest.Status.RECEIVED,
        requested_on=datetime.date(2026, 11, 30),
        received_on=MONDAY,
        feedback_text="Your answers lacked structure.",
    )
    return f"/interviews/{interview.pk}/debrief/"


def interview_tomorrow(owner):
    application = make_application(owner, employer="Globex")
    interview = make_interview(application, scheduled_at=at("2026-12-09 10:00"))
    return f"/interviews/{interview.pk}/prepare/"


def debrief_not_written(owner):
    application = make_application(owner, employer="Globex")
    interview = make_interview(application, scheduled_at=at("2026-12-07 15:00"))
    return f"/interviews/{interview.pk}/debrief/"


def no_news(owner):
    application = make_application(
        owner, employer="Globex", date_applied=TUESDAY - datetime.timedelta(days=30)
    )
    return f"/applications/{application.pk}/edit/"


def weekly_digest(owner):
    application = make_application(owner, employer="Globex")
    make_interview(application, scheduled_at=at("2026-12-09 10:00"))
    return "/dashboard/"


CASES = {
    Kind.FOLLOW_UP_DUE: (
        Case(Kind.FOLLOW_UP_DUE, "2026-12-08 08:00", "2026-12-08 07:59", "follow up", ""),
        follow_up,
    ),
    Kind.FEEDBACK_NOT_SENT: (
        Case(Kind.FEEDBACK_NOT_SENT, "2026-12-08 10:00", "2026-12-08 09:59", "Did you send", ""),
        feedback_not_sent,
    ),
    Kind.SELF_ASSESSMENT: (
        Case(Kind.SELF_ASSESSMENT, "2026-12-08 08:00", "2026-12-08 07:59", "feedback is in", ""),
        self_assessment,
    ),
    Kind.INTERVIEW_TOMORROW: (
        Case(Kind.INTERVIEW_TOMORROW, "2026-12-08 18:00", "2026-12-08 17:59", "tomorrow", ""),
        interview_tomorrow,
    ),
    Kind.DEBRIEF_NOT_WRITTEN: (
        Case(Kind.DEBRIEF_NOT_WRITTEN, "2026-12-08 08:00", "2026-12-08 07:59", "go?", ""),
        debrief_not_written,
    ),
    Kind.NO_NEWS: (
        Case(Kind.NO_NEWS, "2026-12-08 08:00", "2026-12-08 07:59", "30 days", ""),
        no_news,
    ),
    Kind.WEEKLY_DIGEST: (
        Case(Kind.WEEKLY_DIGEST, "2026-12-07 08:00", "2026-12-07 07:59", "Your week", ""),
        weekly_digest,
    ),
}


@pytest.fixture(params=list(CASES))
def case(request, owner, clock):
    clock.move_to(at("2026-11-20 12:00"))
    spec, build = CASES[request.param]
    spec.link = build(owner)
    return spec


def sent_of(kind: str) -> list:
    return [m for m in mail.outbox if "reminder settings" in m.body and kind_label(kind) in m.body]


def kind_label(kind: str) -> str:
    return str(Kind(kind).label)


def test_it_sends_each_kind_once_when_due_with_a_link_to_the_page_that_helps(case, owner, clock):
    scheduler_pass_and_worker(clock, at(case.due))
    [email] = sent_of(case.kind)
    assert email.to == [owner.email]
    assert case.subject in email.subject
    assert f"http://127.0.0.1:8000{case.link}" in email.body
    html, mimetype = email.alternatives[0]
    assert mimetype == "text/html"
    assert f"http://127.0.0.1:8000{case.link}" in html
    notification = Notification.objects.get(user=owner, kind=case.kind)
    assert notification.status == Notification.Status.SENT
    assert notification.sent_at is not None


def test_it_sends_nothing_a_minute_before_it_is_due(case, clock):
    scheduler_pass_and_worker(clock, at(case.not_yet))
    assert sent_of(case.kind) == []
    assert not Notification.objects.filter(kind=case.kind).exists()


def test_it_never_sends_the_same_reminder_twice(case, clock):
    scheduler_pass_and_worker(clock, at(case.due))
    later = at(case.due) + datetime.timedelta(hours=2)
    scheduler_pass_and_worker(clock, later)
    assert len(sent_of(case.kind)) == 1
    assert Notification.objects.filter(kind=case.kind).count() == 1


def test_it_sends_nothing_when_the_kind_is_switched_off(case, owner, clock):
    prefs = NotificationSettings(user=owner)
    prefs.switch_off(case.kind)
    prefs.save()
    scheduler_pass_and_worker(clock, at(case.due))
    assert sent_of(case.kind) == []


def test_it_sends_nothing_after_one_click_unsubscribe(case, owner, client, clock):
    response = client.post(f"/unsubscribe/{unsubscribe_token(owner.pk, case.kind)}/")
    assert response.status_code == 200
    scheduler_pass_and_worker(clock, at(case.due))
    assert sent_of(case.kind) == []


def test_it_sends_nothing_once_the_account_is_deleted(case, owner, clock):
    owner.delete()
    scheduler_pass_and_worker(clock, at(case.due))
    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_it_sends_nothing_to_an_address_not_yet_confirmed(case, owner, clock):
    owner.email_confirmed_at = None
    owner.save()
    scheduler_pass_and_worker(clock, at(case.due))
    assert mail.outbox == []


def test_it_skips_a_reminder_switched_off_between_the_pass_and_the_send(case, owner, clock):
    from debrief.services import reminders
    from tests.reminder_helpers import run_worker

    clock.move_to(at(case.due))
    reminders.plan()
    prefs = NotificationSettings(user=owner)
    prefs.switch_off(case.kind)
    prefs.save()
    run_worker()
    assert sent_of(case.kind) == []
    assert Notification.objects.get(kind=case.kind).status == Notification.Status.SKIPPED


# --- Details of single kinds --------------------------------------------------------------------


def test_it_uses_the_users_time_zone(owner, clock):
    clock.move_to(at("2026-11-20 12:00"))
    follow_up(owner)
    NotificationSettings.objects.create(user=owner, time_zone="America/New_York")
    scheduler_pass_and_worker(clock, at("2026-12-08 12:59"))  # 07:59 in New York
    assert mail.outbox == []
    scheduler_pass_and_worker(clock, at("2026-12-08 13:00"))  # 08:00 in New York
    assert len(mail.outbox) == 1


def test_the_interview_email_gives_the_time_in_the_users_time_zone(owner, clock):
    clock.move_to(at("2026-11-20 12:00"))
    interview_tomorrow(owner)
    NotificationSettings.objects.create(user=owner, time_zone="Europe/Paris")
    scheduler_pass_and_worker(clock, at("2026-12-08 17:00"))  # 18:00 in Paris
    [email] = mail.outbox
    assert "Wednesday 9 December at 11:00" in email.body


def test_no_debrief_reminder_once_the_debrief_is_written(owner, clock):
    clock.move_to(at("2026-11-20 12:00"))
    application = make_application(owner)
    make_debrief(make_interview(application, scheduled_at=at("2026-12-07 15:00")))
    scheduler_pass_and_worker(clock, at("2026-12-08 09:00"))
    assert mail.outbox == []


def test_no_news_is_not_sent_for_an_application_with_an_interview(owner, clock):
    clock.move_to(at("2026-11-20 12:00"))
    application = make_application(owner, date_applied=TUESDAY - datetime.timedelta(days=30))
    make_interview(application, scheduled_at=at("2026-11-20 10:00"))
    scheduler_pass_and_worker(clock, at("2026-12-08 09:00"))
    assert mail.outbox == []
    application.refresh_from_db()
    assert application.status == Application.Status.APPLIED


def test_the_digest_is_not_sent_when_there_is_nothing_to_say(owner, clock):
    scheduler_pass_and_worker(clock, at("2026-12-07 09:00"))
    assert mail.outbox == []


def test_the_digest_goes_on_the_chosen_day_and_says_what_went_forward(owner, clock):
    clock.move_to(at("2026-12-01 12:00"))
    application = make_application(owner, employer="Initech")
    make_debrief(make_interview(application, scheduled_at=at("2026-11-30 10:00")))
    make_star_answer(owner)
    make_action_item(owner, "Research Initech's products", due_date=datetime.date(2026, 12, 4))
    make_interview(application, scheduled_at=at("2026-12-04 14:00"), stage="second")
    NotificationSettings.objects.create(user=owner, digest_day=3)  # Thursday
    scheduler_pass_and_worker(clock, at("2026-12-02 09:00"))  # a Wednesday
    assert mail.outbox == []
    scheduler_pass_and_worker(clock, at("2026-12-03 08:00"))
    [email] = mail.outbox
    assert "Second interview with Initech, Friday 4 December at 14:00" in email.body
    assert "Research Initech's products: due Friday 4 December" in email.body
    assert "1 debrief written" in email.body
    assert "1 STAR answer added" in email.body
    assert "1 interview reached" in email.body


def test_the_digest_can_be_switched_off(owner, client, clock):
    client.force_login(owner)
    response = client.post(
        "/settings/notifications/",
        {
            "follow_up_due": "on",
            "interview_tomorrow": "on",
            "debrief_not_written": "on",
            "no_news": "on",
            "adviser": "on",
            "digest_day": "",
            "time_zone": "Europe/London",
        },
    )
    assert response.status_code == 302
    weekly_digest(owner)
    scheduler_pass_and_worker(clock, at("2026-12-07 09:00"))
    assert mail.outbox == []


def test_a_complete_self_assessment_is_not_reminded(owner, clock):
    clock.move_to(at("2026-11-20 12:00"))
    self_assessment(owner)
    make_debrief(FeedbackRequest.objects.get().interview)
    scheduler_pass_and_worker(clock, at("2026-12-08 09:00"))
    assert sent_of(Kind.SELF_ASSESSMENT) == []


def test_a_part_way_self_assessment_is_reminded(owner, clock):
    clock.move_to(at("2026-11-20 12:00"))
    self_assessment(owner)
    make_debrief(FeedbackRequest.objects.get().interview, rating_nerves=None)
    scheduler_pass_and_worker(clock, at("2026-12-08 09:00"))
    assert len(sent_of(Kind.SELF_ASSESSMENT)) == 1
