"""One-click unsubscribe (RFC 8058): every email carries it; GET asks, POST unsubscribes, no
sign-in needed; a forged or altered token changes nothing."""

import datetime
from email import policy as email_policy

import pytest
from django.core import mail

from debrief.models import FeedbackRequest, Notification, NotificationSettings
from debrief.services import reminders
from debrief.services.delivery import unsubscribe_token
from tests.factories import make_application, make_feedback_request, make_interview
from tests.reminder_helpers import at, run_worker

Kind = Notification.Kind


def url(user, kind=Kind.FOLLOW_UP_DUE) -> str:
    return f"/unsubscribe/{unsubscribe_token(user.pk, kind)}/"


def prefs_of(user) -> NotificationSettings:
    return NotificationSettings.objects.filter(user=user).first() or NotificationSettings(user=user)


@pytest.mark.django_db(transaction=True)
def test_every_email_carries_one_click_unsubscribe_headers(owner, clock, client):
    clock.move_to(at("2026-11-20 12:00"))
    interview = make_interview(make_application(owner), scheduled_at=at("2026-11-27 10:00"))
    make_feedback_request(
        interview,
        status=FeedbackRequest.Status.REQUESTED,
        requested_on=datetime.date(2026, 12, 1),
        follow_up_due=datetime.date(2026, 12, 8),
    )
    clock.move_to(at("2026-12-08 08:00"))
    reminders.plan()
    run_worker()
    [email] = mail.outbox
    link = email.extra_headers["List-Unsubscribe"]
    assert link == f"<http://127.0.0.1:8000{url(owner)}>"
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert url(owner) in email.body
    # As the SMTP backend writes it: one plain line, not folded into encoded words.
    raw = email.message(policy=email_policy.SMTP).as_bytes()
    assert f"List-Unsubscribe: <http://127.0.0.1:8000{url(owner)}>\r\n".encode() in raw
    assert b"List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n" in raw
    # What a mail provider does with it: a POST with that body, no cookie, no CSRF token.
    client.handler.enforce_csrf_checks = True
    response = client.post(
        link.strip("<>").removeprefix("http://127.0.0.1:8000"),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert prefs_of(owner).follow_up_due is False


@pytest.mark.django_db
def test_get_only_asks_and_changes_nothing(client, owner):
    response = client.get(url(owner))
    assert response.status_code == 200
    assert "Stop “Follow-up due” emails?" in response.text
    assert not NotificationSettings.objects.filter(user=owner).exists()


@pytest.mark.django_db
def test_post_switches_off_that_kind_only_without_a_session(client, owner):
    response = client.post(url(owner, Kind.INTERVIEW_TOMORROW))
    assert response.status_code == 200
    assert "You will not get these emails any more" in response.text
    prefs = prefs_of(owner)
    assert prefs.interview_tomorrow is False
    assert prefs.follow_up_due is True
    assert prefs.digest_day == 0


@pytest.mark.django_db
def test_the_digest_link_turns_the_digest_off(client, owner):
    client.post(url(owner, Kind.WEEKLY_DIGEST))
    assert prefs_of(owner).digest_day is None


@pytest.mark.django_db
def test_a_forged_or_altered_token_is_refused(client, owner, stranger):
    token = unsubscribe_token(owner.pk, Kind.FOLLOW_UP_DUE)
    payload, signature = token.rsplit(".", 1)
    other = unsubscribe_token(stranger.pk, Kind.FOLLOW_UP_DUE)
    for forged in [
        f"{payload}.{'A' * len(signature)}",
        f"{other.rsplit('.', 1)[0]}.{signature}",
        f"{owner.pk}.follow_up_due.abc",
        f"{owner.pk}.follow_up_due",
    ]:
        assert client.post(f"/unsubscribe/{forged}/").status_code == 404
        assert client.get(f"/unsubscribe/{forged}/").status_code == 404
    assert not NotificationSettings.objects.exists()


@pytest.mark.django_db
def test_a_link_for_a_deleted_account_says_done_and_reveals_nothing(client, owner):
    link = url(owner)
    owner.delete()
    response = client.post(link)
    assert response.status_code == 200
    assert "You will not get these emails any more" in response.text


@pytest.mark.django_db
def test_the_unsubscribe_page_answers_only_get_head_and_post(client, owner):
    assert client.put(url(owner)).status_code == 405
    assert client.delete(url(owner)).status_code == 405
