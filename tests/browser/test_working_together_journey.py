"""An adviser invites a cohort (pasted), confirms it, suggests an action, books an appointment and
leaves a note; a newcomer signs up through the invitation; the client accepts the request and the
action, and replies to the note. Every page passes axe-core."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from debrief.models import ActionItem, AdviserAccess, Appointment, NoteReply, User
from debrief.tasks import run_queued_tasks
from tests.browser.helpers import KNOWN_KEY, sign_in
from tests.factories import PASSWORD, grant_access, make_application, make_interview, make_user
from tests.invitation_helpers import invitation_links

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_adviser_invites_suggests_and_books_and_the_client_accepts_and_replies(
    page: Page, browser, live_server, axe_check
):
    sam = make_user("sam@example.com", "Sam Taylor")
    make_interview(make_application(sam, employer="Acme", role_title="Data Analyst"))
    adviser = make_user("alex@careers.example", "Alex Morgan", role=User.Role.ADVISER)
    device = TOTPDevice.objects.create(user=adviser, name="Phone", key=KNOWN_KEY, confirmed=True)
    base = live_server.url

    # The adviser signs in with their code and invites a cohort by pasting it.
    adviser_page = browser.new_context().new_page()
    sign_in(adviser_page, base, adviser.email)
    adviser_page.get_by_label("6-digit code").fill(f"{totp(device.bin_key):06d}")
    adviser_page.get_by_role("button", name="Verify").click()
    adviser_page.get_by_role("link", name="Invite job seekers").click()
    expect(adviser_page.get_by_role("heading", level=1)).to_have_text("Invite job seekers")
    axe_check(adviser_page)
    adviser_page.get_by_label("Email addresses and names").fill(
        "sam@example.com, Sam Taylor\nkim@example.org, Kim Lee\nnot an address, Nobody"
    )
    adviser_page.get_by_role("button", name="Check the list").click()
    expect(adviser_page.get_by_role("heading", level=1)).to_have_text("Check the invitations")
    expect(adviser_page.get_by_role("link", name="Line 3")).to_be_visible()
    axe_check(adviser_page)
    adviser_page.get_by_role(
        "button", name="Send 2 invitations, leave out 1 row with errors"
    ).click()
    expect(adviser_page.get_by_text("2 invitations are on their way.")).to_be_visible()
    axe_check(adviser_page)
    run_queued_tasks()

    # The caseload lists both addresses the same way, by what the adviser typed.
    adviser_page.goto(f"{base}/adviser/")
    waiting = adviser_page.get_by_role("region", name="Requests waiting for an answer")
    for address in ("sam@example.com", "kim@example.org"):
        expect(waiting).to_contain_text(f"{address}: asked on")
    axe_check(adviser_page)

    # Kim, new to Debrief, follows the emailed link and signs up with the request waiting.
    kim_page = browser.new_context().new_page()
    kim_page.goto(base + invitation_links()["kim@example.org"])
    expect(kim_page.get_by_role("heading", level=1)).to_have_text(
        "Alex Morgan invites you to Debrief"
    )
    axe_check(kim_page)
    kim_page.get_by_label("Password", exact=True).fill(PASSWORD)
    kim_page.get_by_label("Password confirmation").fill(PASSWORD)
    kim_page.get_by_role("button", name="Create account").click()
    expect(kim_page.get_by_role("button", name="Accept Alex Morgan's request")).to_be_visible()
    axe_check(kim_page)
    kim_page.context.close()
    # Besides the adviser's own "Was this you?" from signing in: the two invitations.
    invited = {m.to[0] for m in mail.outbox if not m.subject.startswith("Was this you?")}
    assert invited == {"sam@example.com", "kim@example.org"}

    # Sam, who had an account, accepts the request on their sharing page.
    sign_in(page, base, sam.email)
    page.goto(f"{base}/settings/sharing/")
    page.get_by_role("button", name="Accept Alex Morgan's request").click()
    expect(page.get_by_text("Alex Morgan can now read your record.")).to_be_visible()

    # The adviser suggests an action, books an appointment, sets the next contact and notes.
    adviser_page.goto(f"{base}/adviser/")
    adviser_page.get_by_role("link", name="Sam Taylor").click()
    record_nav = adviser_page.get_by_role("navigation", name="Sam Taylor's record")
    record_nav.get_by_role("link", name="Appointments and suggestions").click()
    expect(adviser_page.get_by_role("heading", level=1)).to_have_text("Working with Sam Taylor")
    axe_check(adviser_page)
    adviser_page.get_by_label("Action to suggest").fill("Ask Acme for feedback on the interview")
    adviser_page.get_by_label("Area").select_option(label="Interview performance")
    adviser_page.get_by_role("button", name="Suggest this action").click()
    expect(adviser_page.get_by_text("Action suggested.")).to_be_visible()
    next_week = timezone.localdate() + datetime.timedelta(days=7)
    adviser_page.get_by_label("Date", exact=True).fill(next_week.isoformat())
    adviser_page.get_by_label("Start time").fill("14:30")
    adviser_page.get_by_label("Kind").select_option(label="Mock interview")
    adviser_page.get_by_label("Address or room").fill("Careers Centre, room 2.14")
    adviser_page.get_by_label("What was agreed").fill("Sam brings the Acme job description.")
    adviser_page.get_by_role("button", name="Save appointment").click()
    expect(adviser_page.get_by_text("booked. Sam Taylor is sent the details")).to_be_visible()
    adviser_page.get_by_label("Next contact date").fill(timezone.localdate().isoformat())
    adviser_page.get_by_role("button", name="Save date").click()
    expect(adviser_page.get_by_text("Due for contact", exact=True)).to_be_visible()
    axe_check(adviser_page)
    record_nav.get_by_role("link", name="Dashboard and notes").click()
    adviser_page.get_by_role("textbox", name="Note").fill("Well done. Book a mock with me.")
    adviser_page.get_by_role("button", name="Add note").click()
    expect(adviser_page.get_by_text("Note saved.")).to_be_visible()
    adviser_page.goto(f"{base}/adviser/?sort=next_contact")
    expect(adviser_page.get_by_role("table")).to_contain_text("Due for contact")
    axe_check(adviser_page)

    # Sam accepts the suggested action: only now is it in their list.
    assert not ActionItem.objects.exists()
    page.goto(f"{base}/actions/")
    expect(page.get_by_text("Suggested by Alex Morgan")).to_be_visible()
    axe_check(page)
    suggested = page.get_by_role("region", name="Suggested by your adviser")
    suggested.get_by_role("button", name="Accept").click()
    expect(page.get_by_text("is now in your actions.")).to_be_visible()
    expect(page.get_by_role("heading", name="Interview performance")).to_be_visible()
    axe_check(page)
    assert ActionItem.objects.get().suggested_by == adviser

    # …reads the appointment and replies to the note.
    page.goto(f"{base}/together/")
    expect(page.get_by_text("Sam brings the Acme job description.")).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Reply to the note of").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("A note from Alex Morgan")
    page.get_by_label("Your reply").fill("Thursday at 2pm suits me.")
    page.get_by_role("button", name="Send reply").click()
    expect(page.get_by_text("Reply sent.")).to_be_visible()
    axe_check(page)
    assert NoteReply.objects.get().author == sam

    # The adviser reads the reply in the thread.
    adviser_page.goto(f"{base}/adviser/clients/{sam.pk}/")
    adviser_page.get_by_role("link", name="1 reply: read and reply").click()
    expect(adviser_page.get_by_text("Thursday at 2pm suits me.")).to_be_visible()
    axe_check(adviser_page)
    assert AdviserAccess.objects.filter(status="pending").get().client.email == "kim@example.org"
    adviser_page.context.close()


def test_the_error_states_and_the_other_pages_pass_axe(page: Page, browser, live_server, axe_check):
    sam = make_user("sam@example.com", "Sam Taylor")
    adviser = make_user("alex@careers.example", "Alex Morgan", role=User.Role.ADVISER)
    device = TOTPDevice.objects.create(user=adviser, name="Phone", key=KNOWN_KEY, confirmed=True)
    grant_access(sam, adviser)
    appointment = Appointment.objects.create(
        adviser=adviser, client=sam, date=timezone.localdate(), kind="cv_review"
    )
    base = live_server.url

    page.goto(f"{base}/invitation/not-a-real-token/")
    expect(page.get_by_role("heading", level=1)).to_have_text("This invitation cannot be used")
    axe_check(page)

    sign_in(page, base, adviser.email)
    page.get_by_label("6-digit code").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Verify").click()
    page.goto(f"{base}/adviser/invitations/")
    page.get_by_role("button", name="Check the list").click()
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    axe_check(page)
    for path, button in (
        (f"/adviser/clients/{sam.pk}/appointments/new/", "Save appointment"),
        (f"/adviser/clients/{sam.pk}/suggestions/new/", "Suggest this action"),
        (f"/adviser/clients/{sam.pk}/appointments/{appointment.pk}/edit/", "Save appointment"),
    ):
        page.goto(base + path)
        axe_check(page)
        if "appointments" in path:
            page.get_by_label("Date", exact=True).fill("")
        page.get_by_role("button", name=button).click()
        expect(page.locator(".invalid-feedback").first).to_be_visible()
        axe_check(page)
    page.goto(f"{base}/adviser/clients/{sam.pk}/appointments/{appointment.pk}/delete/")
    axe_check(page)
    page.goto(f"{base}/adviser/clients/{sam.pk}/next-contact/")
    axe_check(page)
