"""What a scheduler pass and a delivery work out once and reuse (the dates as words, the links'
patterns, the unsubscribe link's pattern) still gives each person their own: their time zone's
hour, their language's words, their own link; and a pass narrowed to some users walks only them."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from debrief.models import FeedbackRequest, Notification, NotificationSettings, User
from debrief.reversing import reverse_remembered
from debrief.services import delivery, reminders
from tests.factories import make_application, make_feedback_request, make_interview, make_user
from tests.reminder_helpers import at, run_worker, scheduler_pass_and_worker

pytestmark = pytest.mark.django_db(transaction=True)

Kind = Notification.Kind


def interview_at(owner, moment):
    application = make_application(owner, employer="Globex")
    return make_interview(application, scheduled_at=moment)


def email_to(user) -> mail.EmailMessage:
    [email] = [m for m in mail.outbox if m.to == [user.email]]
    return email


def test_two_zones_with_the_same_interview_moment_each_read_their_own_hour(clock):
    clock.move_to(at("2026-11-20 12:00"))
    london = make_user("london@example.com", "Lon Don")
    paris = make_user("paris@example.com", "Pa Ris")
    NotificationSettings.objects.create(user=paris, time_zone="Europe/Paris")
    same_moment = at("2026-12-09 10:00")  # 10:00 in London is 11:00 in Paris
    interview_at(london, same_moment)
    interview_at(paris, same_moment)
    scheduler_pass_and_worker(clock, at("2026-12-08 18:00"))
    assert "Wednesday 9 December at 10:00" in email_to(london).body
    assert "Wednesday 9 December at 11:00" in email_to(paris).body


def test_the_same_day_is_written_in_each_readers_language_in_one_pass(clock):
    clock.move_to(at("2026-11-20 12:00"))
    english = make_user("english@example.com", "Eng Lish")
    welsh = make_user("welsh@example.com", "Cym Raeg")
    User.objects.filter(pk=welsh.pk).update(language="cy")
    for owner in (english, welsh):
        make_feedback_request(
            interview_at(owner, at("2026-11-27 10:00")),
            status=FeedbackRequest.Status.REQUESTED,
            requested_on=datetime.date(2026, 12, 1),
            follow_up_due=datetime.date(2026, 12, 8),
        )
    scheduler_pass_and_worker(clock, at("2026-12-08 09:00"))
    assert "Tuesday 1 December" in email_to(english).body
    welsh_body = email_to(welsh).body
    assert "Rhagfyr" in welsh_body
    assert "December" not in welsh_body


def test_the_links_written_from_one_pattern_are_the_links_reverse_writes():
    for name in (
        "debrief:feedback-detail",
        "debrief:feedback-send",
        "debrief:debrief-edit",
        "debrief:interview-prepare",
        "debrief:application-edit",
        "debrief:action-edit",
    ):
        for pk in (1, 7, 70, 919, 2_147_483_647):
            assert reverse_remembered(name, [pk]) == reverse(name, args=[pk])


def test_every_emails_unsubscribe_link_is_its_own(owner, stranger):
    # The path is reversed once per delivery; each link still carries its own signed token
    # (tests/test_unsubscribe.py follows one from an email).
    composer = delivery.Composer()
    links = set()
    for user in (owner, stranger):
        for kind in Kind.values:
            link = composer.unsubscribe_url(user.pk, kind)
            assert link == delivery.unsubscribe_url(user.pk, kind)
            links.add(link)
    assert len(links) == 2 * len(Kind.values)


def test_a_pass_narrowed_to_some_users_walks_only_those_who_may_be_emailed(clock):
    clock.move_to(at("2026-11-20 12:00"))
    walked = make_user("walked@example.com", "Wal Ked")
    unconfirmed = make_user("unconfirmed@example.com", "Un Confirmed")
    User.objects.filter(pk=unconfirmed.pk).update(email_confirmed_at=None)
    left_out = make_user("left-out@example.com", "Left Out")
    for owner in (walked, unconfirmed, left_out):
        interview_at(owner, at("2026-12-09 10:00"))
    clock.move_to(at("2026-12-08 18:00"))
    reminders.plan(users=User.objects.exclude(pk=left_out.pk))
    run_worker()
    assert list(Notification.objects.values_list("user_id", flat=True)) == [walked.pk]
    assert [m.to for m in mail.outbox] == [[walked.email]]
    # The whole pass, as the scheduler runs it, still reaches everyone else.
    reminders.plan()
    assert set(Notification.objects.values_list("user_id", flat=True)) == {walked.pk, left_out.pk}
