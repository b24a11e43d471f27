"""WCAG 2.2 3.3.7 (redundant entry), walked in a real browser: the longest flow a job seeker goes
through, from signing up to the lesson of a "no" saved as an action and the full self-assessment,
with every value the person types counted. Nothing is typed twice: each later step shows what an
earlier one was given. The password's confirmation is the one re-entry, and WCAG names it as
essential. The audit of every flow: docs/accessibility.md."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from debrief.models import ActionItem, Debrief, FeedbackRequest, Interview

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class Typist:
    """Every value the person types goes through `fill`; one typed a second time fails."""

    def __init__(self):
        self.typed: list[str] = []

    def fill(self, locator, value: str, *, confirming_a_password: bool = False) -> None:
        if not confirming_a_password:
            assert value not in self.typed, f"{value!r} had to be typed twice"
            self.typed.append(value)
        locator.fill(value)


def test_from_sign_up_to_the_lesson_of_a_no_nothing_is_typed_twice(
    page: Page, live_server, axe_check
):
    typist = Typist()
    base = live_server.url

    # Sign up and confirm the address: the confirmation signs the new account in.
    page.goto(f"{base}/accounts/signup/")
    typist.fill(page.get_by_label("Email"), "river@example.com")
    typist.fill(page.get_by_label("Your name"), "River Song")
    typist.fill(page.get_by_label("Password", exact=True), "a-long-and-unusual-passphrase")
    typist.fill(
        page.get_by_label("Password confirmation"),
        "a-long-and-unusual-passphrase",
        confirming_a_password=True,
    )
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    for _ in range(50):
        if mail.outbox:
            break
        page.wait_for_timeout(100)
    link = re.search(r"https?://\S+(/accounts/confirm-email/\S+/)", mail.outbox[0].body)[1]
    page.goto(f"{base}{link}")
    page.get_by_role("button", name="Confirm my email address").click()
    expect(page).to_have_url(f"{base}/dashboard/")

    # The first application: the date applied is today unless changed.
    page.goto(f"{base}/applications/new/")
    axe_check(page)
    typist.fill(page.get_by_label("Employer"), "Octopus Energy")
    typist.fill(page.get_by_label("Role title"), "Data Analyst")
    typist.fill(
        page.get_by_label("Date applied"), f"{timezone.localdate() - datetime.timedelta(20)}"
    )
    page.get_by_role("button", name="Add application").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Data Analyst")

    # Its interview, two days ago, with who interviewed.
    page.get_by_role("link", name="Add an interview").first.click()
    axe_check(page)
    when = timezone.localtime() - datetime.timedelta(days=2)
    typist.fill(page.get_by_label("When"), f"{when:%Y-%m-%dT10:00}")
    typist.fill(page.get_by_label("Interviewers"), "Jo Bloggs (Head of Data), Sam Lee")
    page.get_by_role("button", name="Add interview").click()
    interview = Interview.objects.get(application__owner__email="river@example.com")

    # "They said no": the interview is chosen and the day is today.
    page.goto(f"{base}/applications/{interview.application_id}/")
    page.get_by_role("link", name="I've been turned down").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("I've been turned down")
    axe_check(page)
    expect(page.get_by_role("radio", name=re.compile(r"^First interview"))).to_be_checked()
    expect(page.get_by_label("Date they told you")).to_have_value(timezone.localdate().isoformat())
    typist.fill(
        page.get_by_label("What they said, if anything"),
        "We have decided to proceed with other candidates.",
    )
    page.get_by_role("button", name="Record it").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "They said no. Here is what to do with it."
    )
    axe_check(page)

    # The feedback request, drafted: the interviewer named at the interview, the role.
    expect(page.get_by_label("Contact name")).to_have_value("Jo Bloggs")
    expect(page.get_by_label("The email")).to_have_value(re.compile("Data Analyst role at Octopus"))
    typist.fill(page.get_by_label("Contact email"), "jo@octopus.example")
    page.get_by_role("button", name="I've sent it").click()
    expect(page.get_by_text("Marked as sent today.")).to_be_visible()

    # The one-minute debrief, and its lesson made an action in the same click.
    typist.fill(page.get_by_label("One thing that went well"), "Built rapport with the panel.")
    typist.fill(page.get_by_label("One thing to do better next time"), "Quantify my results.")
    page.get_by_role("button", name="Save and make it an action").click()
    expect(page.get_by_role("link", name="Open the action")).to_be_visible()
    assert ActionItem.objects.get().text == "Quantify my results."

    # Their answer: the request knows who and when; the day it came is today.
    feedback = FeedbackRequest.objects.get()
    page.goto(f"{base}/feedback/{feedback.pk}/")
    page.get_by_role("link", name="I have their answer").click()
    axe_check(page)
    page.get_by_label("Feedback I can act on").check()
    expect(page.get_by_label("Date of their answer")).to_have_value(
        timezone.localdate().isoformat()
    )
    typist.fill(page.get_by_label("What they said"), "Show more SQL reporting experience.")
    page.get_by_role("button", name="Save their answer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Feedback request")

    # The full self-assessment starts from the one-minute debrief.
    page.goto(f"{base}/interviews/{interview.pk}/debrief/")
    axe_check(page)
    expect(page.get_by_label("What went well")).to_have_value("Built rapport with the panel.")
    expect(page.get_by_label("What I would do better")).to_have_value("Quantify my results.")
    for legend in [
        "Answered questions effectively",
        "Structured answers with STAR",
        "Professional manner",
        "Expressed suitability (skills and experience)",
        "Showed enthusiasm",
        "Managed nerves",
    ]:
        page.get_by_role("group", name=legend).get_by_label("3 – Good").check()
    page.get_by_role("button", name="Save debrief").click()
    expect(page.get_by_text("Debrief saved.")).to_be_visible()
    assert Debrief.objects.get().is_complete

    # Thirteen values typed, each once (the password confirmation aside).
    assert len(typist.typed) == len(set(typist.typed)) == 13
