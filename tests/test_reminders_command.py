"""`send_reminders --at …` shows a person every kind of email on the demo data, printed by the
console mail backend as in development."""

import pytest
from django.core.management import call_command

from tests.reminder_helpers import at

pytestmark = pytest.mark.django_db


def test_it_prints_each_kind_of_email_for_the_demo_user(settings, clock, capsys):
    settings.DEBUG = True
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
    clock.move_to(at("2026-11-28 12:00"))
    call_command("seed_demo")
    capsys.readouterr()
    call_command("send_reminders", "--at", "2026-12-01 18:00")
    printed = capsys.readouterr().out
    for subject in [
        "Subject: Time to follow up your feedback request to Transport for London",
        "Subject: Your interview with NHS England is tomorrow",
        "Subject: How did yesterday's interview with NHS England go?",
        "Subject: No news from Greggs for 30 days",
        "Subject: Your week in Debrief: Monday 30 November",
        "Subject: An adviser left you a note in Debrief",
    ]:
        assert subject in printed
    assert "To: demo@debrief.example" in printed
    assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in printed
    # Run again: nothing is sent twice.
    call_command("send_reminders", "--at", "2026-12-01 18:00")
    assert "Subject:" not in capsys.readouterr().out


def test_it_refuses_a_moment_it_cannot_read():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="is not a moment"):
        call_command("send_reminders", "--at", "next Tuesday")
