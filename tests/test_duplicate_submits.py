"""Two submits at once (a double click, two tabs) that would create the same row: the second
gets the form back with the usual message, not a server error. The race is staged by creating
the competing row after the form was validated and before it is saved."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from debrief.forms.accounts import SignUpForm
from debrief.forms.debriefs import DebriefForm
from debrief.models import Debrief, Interview, User
from tests.factories import PASSWORD, make_application, make_debrief, make_interview, make_user

pytestmark = pytest.mark.django_db


def beaten_to_it(monkeypatch, form_class, competitor) -> None:
    """The other request commits its row once this one has validated, before it saves."""
    is_valid = form_class.is_valid

    def validated_then_beaten(self):
        valid = is_valid(self)
        if valid:
            competitor()
        return valid

    monkeypatch.setattr(form_class, "is_valid", validated_then_beaten)


def test_two_sign_ups_with_one_address_at_once_make_one_account(client, monkeypatch):
    beaten_to_it(monkeypatch, SignUpForm, lambda: make_user("sam@example.com", "First Sam"))
    data = {
        "email": "Sam@example.com",
        "display_name": "Second Sam",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    response = client.post("/accounts/signup/", data)
    # The same answer as any sign-up (tests/test_no_enumeration.py); the address hears why.
    assert response.status_code == 302
    assert response.url == "/accounts/signup/done/"
    assert list(User.objects.values_list("display_name", flat=True)) == ["First Sam"]
    assert "_auth_user_id" not in client.session
    assert mail.outbox[-1].subject == "You already have a Debrief account"


def test_two_first_saves_of_a_debrief_at_once_give_the_usual_message(
    owner_client, owner, monkeypatch
):
    interview = make_interview(
        make_application(owner),
        outcome=Interview.Outcome.REJECTED,
        outcome_date=timezone.localdate(),
    )
    beaten_to_it(
        monkeypatch, DebriefForm, lambda: make_debrief(interview, went_well="From the other tab")
    )
    data = {
        "rating_answers": "4",
        "rating_star": "2",
        "rating_manner": "5",
        "rating_suitability": "3",
        "rating_enthusiasm": "4",
        "rating_nerves": "1",
        "overall_feeling": "3",
        "went_well": "Rapport with the panel.",
        "do_better": "Use STAR.",
        "questions-TOTAL_FORMS": "1",
        "questions-INITIAL_FORMS": "0",
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "1000",
        "questions-0-question": "",
    }
    response = owner_client.post(reverse("debrief:debrief-edit", args=[interview.pk]), data)
    assert response.status_code == 200
    assert "A debrief of this interview was saved a moment ago" in response.text
    assert "Rapport with the panel." in response.text
    assert [d.went_well for d in Debrief.objects.all()] == ["From the other tab"]
