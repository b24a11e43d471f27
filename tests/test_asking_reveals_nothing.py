"""What an adviser sees after asking an address for access, by the caseload's single form or by a
list, is the same byte for byte whether the address has a job seeker's account, has none, or
belongs to someone who declined: the request is sent by the worker as a batch of one, and the
caseload lists the addresses the adviser typed, each "asked on <date>" until its owner accepts; and
no email tells the adviser of a decline."""

import re

import pytest
from django.core import mail
from django.test import Client

from debrief.models import AdviserAccess, InvitationBatch, User
from debrief.services import consent
from tests.adviser_helpers import sign_in_verified
from tests.factories import make_user
from tests.html import errors_for, field_labelled
from tests.invitation_helpers import check_list
from tests.reminder_helpers import run_worker

# Sending is enqueued when the confirmation commits: real transactions.
pytestmark = pytest.mark.django_db(transaction=True)

ADDRESS = "sam.taylor@example.org"
MAIN = re.compile(r"<main.*?</main>", re.S)
CSRF = re.compile(r'value="[A-Za-z0-9]{64}"')
WAITING = re.compile(r'<section[^>]*aria-labelledby="pending-title".*?</section>', re.S)


def main_of(response) -> str:
    return MAIN.search(response.text)[0]


def neutral(text: str, adviser: User, batch: InvitationBatch) -> str:
    """The page with what legitimately differs between the runs (the adviser's own address, the
    batch's number, the form's CSRF token) blanked out."""
    text = CSRF.sub('value="CSRF"', text)
    return text.replace(adviser.email, "ADVISER").replace(f"/{batch.pk}/", "/BATCH/")


def what_the_adviser_sees(situation: str, route: str, number: int) -> dict[str, str]:
    """Ask ADDRESS as a new adviser, in the given situation of the address; every page the
    adviser can see about it afterwards."""
    adviser = make_user(f"adviser{number}@example.com", "Alex Adviser", role=User.Role.ADVISER)
    if situation in ("account", "declined"):
        person = make_user(ADDRESS, "Sam Taylor")
    browser = Client()
    sign_in_verified(browser, adviser)
    if route == "single":
        answer = browser.post("/adviser/", {"email": ADDRESS}, follow=True)
    else:
        check_list(browser, f"{ADDRESS}, Sam Taylor")
        batch = InvitationBatch.objects.get(adviser=adviser)
        answer = browser.post(f"/adviser/invitations/{batch.pk}/send/", follow=True)
    run_worker()
    batch = InvitationBatch.objects.get(adviser=adviser)
    if situation in ("account", "declined"):
        access = AdviserAccess.objects.get(adviser=adviser, client=person)
        assert access.status == AdviserAccess.Status.PENDING
        if situation == "declined":
            consent.client_decline(access=access)
            run_worker()
        person.delete()  # The next run's address is new again.
    else:
        assert not AdviserAccess.objects.filter(adviser=adviser).exists()
    seen = {
        "answer": main_of(answer),
        "caseload": WAITING.search(browser.get("/adviser/").text)[0],
        "batch": main_of(browser.get(f"/adviser/invitations/{batch.pk}/")),
        "lists": main_of(browser.get("/adviser/invitations/")),
    }
    seen["emails to the adviser"] = "\n".join(
        f"{message.subject}\n{message.body}"
        for message in mail.outbox
        if adviser.email in message.to
    )
    return {page: neutral(text, adviser, batch) for page, text in seen.items()}


@pytest.mark.parametrize("route", ["single", "list"])
def test_it_shows_the_same_pages_with_an_account_without_one_and_after_a_decline(clock, route):
    with_account = what_the_adviser_sees("account", route, 1)
    without_account = what_the_adviser_sees("none", route, 2)
    declined = what_the_adviser_sees("declined", route, 3)

    assert with_account == without_account == declined
    assert (
        f"{ADDRESS}</span>: asked on 25 Nov 2026; appears in your caseload once they accept."
        in with_account["caseload"]
    )


def test_the_single_form_goes_through_the_worker_like_a_list(clock, adviser, owner):
    browser = Client()
    sign_in_verified(browser, adviser)
    response = browser.post("/adviser/", {"email": "OWNER@example.com"}, follow=True)
    assert (
        "If OWNER@example.com belongs to a Debrief job seeker, they have been asked"
        in response.text
    )
    assert not AdviserAccess.objects.exists()  # Nothing yet: the worker asks.
    [row] = InvitationBatch.objects.get(adviser=adviser).rows.all()
    assert (row.email, row.status) == ("owner@example.com", "queued")
    run_worker()
    access = AdviserAccess.objects.get(adviser=adviser, client=owner)
    assert access.status == AdviserAccess.Status.PENDING


def test_an_address_leaves_the_list_once_its_owner_accepts(clock, adviser, owner):
    browser = Client()
    sign_in_verified(browser, adviser)
    browser.post("/adviser/", {"email": owner.email})
    browser.post("/adviser/", {"email": "nobody@example.org"})
    run_worker()
    consent.client_accept(access=AdviserAccess.objects.get(adviser=adviser, client=owner))

    waiting = WAITING.search(browser.get("/adviser/").text)[0]
    assert owner.email not in waiting
    assert "nobody@example.org</span>: asked on" in waiting


def test_an_address_asked_twice_is_listed_once_and_for_thirty_days(clock, adviser):
    browser = Client()
    sign_in_verified(browser, adviser)
    browser.post("/adviser/", {"email": "nobody@example.org"})
    clock.move_to("2026-11-28T12:00:00+00:00")
    sign_in_verified(browser, adviser)  # A session lasts less than that.
    browser.post("/adviser/", {"email": "nobody@example.org"})
    waiting = WAITING.search(browser.get("/adviser/").text)[0]
    assert waiting.count("nobody@example.org") == 1
    assert "asked on 28 Nov 2026" in waiting

    clock.move_to("2026-12-29T12:00:00+00:00")
    sign_in_verified(browser, adviser)
    waiting = WAITING.search(browser.get("/adviser/").text)[0]
    assert "nobody@example.org" not in waiting
    assert "<p>None.</p>" in waiting


def test_another_advisers_requests_are_not_listed(clock, adviser):
    other = make_user("other.adviser@example.com", "Other Adviser", role=User.Role.ADVISER)
    theirs = Client()
    sign_in_verified(theirs, other)
    theirs.post("/adviser/", {"email": "theirs@example.org"})
    browser = Client()
    sign_in_verified(browser, adviser)
    assert "theirs@example.org" not in browser.get("/adviser/").text


def test_the_waiting_list_costs_the_same_for_five_or_fifty_addresses(
    clock, adviser, django_assert_max_num_queries
):
    browser = Client()
    sign_in_verified(browser, adviser)
    for size in (5, 50):
        check_list(browser, "\n".join(f"person{size}.{n}@example.org" for n in range(size)))
        batch = InvitationBatch.objects.filter(adviser=adviser).latest("pk")
        browser.post(f"/adviser/invitations/{batch.pk}/send/")
        with django_assert_max_num_queries(14):
            response = browser.get("/adviser/")
        assert ("And 35 more." in response.text) == (size == 50)


def test_the_single_form_counts_towards_the_1000_a_day(clock, adviser):
    browser = Client()
    sign_in_verified(browser, adviser)
    for start in (0, 500):
        check_list(browser, "\n".join(f"p{n}@example.org" for n in range(start, start + 500)))
        batch = InvitationBatch.objects.filter(adviser=adviser).latest("pk")
        browser.post(f"/adviser/invitations/{batch.pk}/send/")
    response = browser.post("/adviser/", {"email": "one.more@example.org"})
    assert response.status_code == 200
    assert errors_for(response, "Client's email") == [
        "You have asked 1,000 people today, the most in a day: ask again tomorrow."
    ]
    assert field_labelled(response, "Client's email").value == "one.more@example.org"
    assert InvitationBatch.objects.filter(adviser=adviser).count() == 2
