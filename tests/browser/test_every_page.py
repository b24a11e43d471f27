"""Every page of Debrief, for each persona, passes axe-core (WCAG 2.x A/AA).

The demo data (`seed_demo`) gives the job seeker a full history, so each page shows its richest
state: lists with every status, an interview with a debrief and feedback, one still to come,
feedback requests that call for each kind of draft email. Forms are also submitted invalid, so
the error state is checked too.
"""

from io import StringIO

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from debrief.demo import DEMO_ADVISER, DEMO_PASSWORD, DEMO_SEEKER
from debrief.models import (
    ActionItem,
    AdviserNote,
    EnrolmentLink,
    FeedbackRequest,
    Interview,
    StarAnswer,
    User,
)
from tests.factories import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def seed_demo() -> User:
    # DEBUG is off in tests; the command refuses to create public logins without --force.
    call_command("seed_demo", force=True, stdout=StringIO())
    return User.objects.get(email=DEMO_SEEKER)


def visit(page: Page, url: str, axe_check, *, status: int = 200) -> None:
    response = page.goto(url)
    assert response is not None
    assert response.status == status, url
    # Folded content (<details>) is checked unfolded: axe skips what is not displayed.
    page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
    axe_check(page)


def sign_in(page: Page, base: str, email: str, password: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def submit(page: Page, button: str, axe_check) -> None:
    """Send the form as it stands and check the page that comes back shows errors."""
    page.get_by_role("button", name=button).click()
    expect(page.locator(".invalid-feedback, .alert-danger").first).to_be_visible()
    axe_check(page)


def test_it_has_no_accessibility_violations_on_any_visitor_or_newcomer_page(
    page: Page, live_server, axe_check
):
    base = live_server.url
    for path in (
        "/",
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password_reset/",
        "/accounts/reset/MQ/not-a-token/",
        "/privacy/",
        "/status/",
        "/accessibility/",
    ):
        visit(page, f"{base}{path}", axe_check)
    visit(page, f"{base}/no-such-page/", axe_check, status=404)

    page.goto(f"{base}/accounts/signup/")
    submit(page, "Create account", axe_check)
    page.goto(f"{base}/accounts/login/")
    submit(page, "Sign in", axe_check)
    page.goto(f"{base}/accounts/password_reset/")
    page.get_by_label("Email").fill("nobody@example.com")
    page.get_by_role("button", name="Send the link").click()
    expect(page).to_have_url(f"{base}/accounts/password_reset/done/")
    axe_check(page)

    # The link from the reset email: choose a password (wrong first), then the last page.
    user = make_user("river@example.com", "River Song")
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    visit(page, f"{base}/accounts/reset/{uid}/{token}/", axe_check)
    submit(page, "Save password", axe_check)
    page.get_by_label("New password", exact=True).fill("a-long-and-unusual-passphrase")
    page.get_by_label("New password confirmation").fill("a-long-and-unusual-passphrase")
    page.get_by_role("button", name="Save password").click()
    expect(page).to_have_url(f"{base}/accounts/reset/done/")
    axe_check(page)

    # Too many wrong passwords lock the sign-in for a while.
    for _attempt in range(5):
        sign_in(page, base, "nobody@example.com", "not-the-password")
    expect(page.get_by_role("heading", level=1)).to_have_text("Too many sign-in attempts")
    axe_check(page)

    # A newcomer with nothing recorded yet sees each page's empty state.
    sign_in(page, base, user.email, "a-long-and-unusual-passphrase")
    expect(page).to_have_url(f"{base}/dashboard/")
    for path in (
        "/dashboard/",
        "/applications/",
        "/feedback/",
        "/star/",
        "/actions/",
        "/settings/sharing/",
        "/settings/access-log/",
        # Records in and out (issue 21): each empty, and the forms to start them.
        "/applications/import/",
        "/applications/from-ad/",
        "/contacts/",
        "/contacts/new/",
        "/documents/",
        "/documents/new/",
        "/records/work-search/",
    ):
        visit(page, f"{base}{path}", axe_check)


def test_it_has_no_accessibility_violations_on_any_job_seeker_page(
    page: Page, live_server, axe_check
):
    seeker = seed_demo()
    now = timezone.now()
    today = timezone.localdate()
    interviews = Interview.objects.for_user(seeker)
    debriefed = interviews.filter(debrief__isnull=False, feedback_requests__isnull=False).first()
    upcoming = interviews.filter(scheduled_at__gt=now).first()
    undebriefed = interviews.filter(debrief__isnull=True, scheduled_at__lt=now).first()
    application = debriefed.application
    requests = list(FeedbackRequest.objects.for_user(seeker))
    # One request per kind of draft the detail page offers besides the request email itself.
    subject_access = next(r for r in requests if r.ended_without_feedback)
    more_detail = next(r for r in requests if r.needs_more_detail)
    follow_up = next(
        r
        for r in requests
        if r.status in FeedbackRequest.Status.awaiting_reply()
        and r.follow_up_due is not None
        and r.follow_up_due <= today
    )
    not_sent = next(r for r in requests if r.status == FeedbackRequest.Status.NOT_SENT)
    star = StarAnswer.objects.for_user(seeker).first()
    action = ActionItem.objects.for_user(seeker).first()
    assert all([debriefed, upcoming, undebriefed, star, action])

    base = live_server.url
    sign_in(page, base, DEMO_SEEKER, DEMO_PASSWORD)
    expect(page).to_have_url(f"{base}/dashboard/")

    pages = [
        "/dashboard/",
        "/applications/",
        "/applications/?status=rejected&sort=employer",
        "/applications/?q=no-employer-is-called-this",
        "/applications/new/",
        f"/applications/{application.pk}/",
        f"/applications/{application.pk}/edit/",
        f"/applications/{application.pk}/delete/",
        f"/applications/{application.pk}/interviews/new/",
        f"/interviews/{debriefed.pk}/",
        f"/interviews/{upcoming.pk}/",
        f"/interviews/{debriefed.pk}/edit/",
        f"/interviews/{debriefed.pk}/delete/",
        f"/interviews/{debriefed.pk}/debrief/",
        f"/interviews/{undebriefed.pk}/debrief/",
        f"/interviews/{undebriefed.pk}/debrief/quick/",
        f"/feedback/{not_sent.pk}/send/",
        f"/interviews/{upcoming.pk}/prepare/",
        f"/interviews/{debriefed.pk}/prepare/",
        f"/interviews/{upcoming.pk}/feedback/new/",
        "/feedback/",
        "/feedback/?status=received",
        *(f"/feedback/{r.pk}/" for r in (subject_access, more_detail, follow_up, not_sent)),
        f"/feedback/{more_detail.pk}/edit/",
        f"/feedback/{more_detail.pk}/delete/",
        "/star/",
        "/star/new/",
        f"/star/{star.pk}/",
        f"/star/{star.pk}/edit/",
        f"/star/{star.pk}/delete/",
        "/actions/",
        "/actions/?status=all",
        "/actions/new/",
        f"/actions/{action.pk}/edit/",
        f"/actions/{action.pk}/delete/",
        "/settings/sharing/",
        "/settings/access-log/",
        "/settings/export/",
        "/settings/delete-account/",
        "/accounts/password_change/",
    ]
    for path in pages:
        visit(page, f"{base}{path}", axe_check)
    visit(page, f"{base}/applications/{10**9}/", axe_check, status=404)

    # Error states: forms sent empty or invalid come back with messages next to the fields.
    page.goto(f"{base}/applications/new/")
    submit(page, "Add application", axe_check)
    # A debrief saves part-way, so its error state is text over a limit, refused, not cut.
    page.goto(f"{base}/interviews/{undebriefed.pk}/debrief/")
    page.get_by_label("What went well").fill("x" * 5001)
    submit(page, "Save debrief", axe_check)
    page.goto(f"{base}/interviews/{undebriefed.pk}/debrief/quick/")
    page.get_by_label("One thing to do better next time").fill("x" * 5001)
    submit(page, "Save my debrief", axe_check)
    page.goto(f"{base}/star/new/")
    submit(page, "Add answer", axe_check)
    page.goto(f"{base}/actions/new/")
    submit(page, "Add action", axe_check)
    page.goto(f"{base}/accounts/password_change/")
    submit(page, "Change password", axe_check)
    page.get_by_label("Old password").fill(DEMO_PASSWORD)
    page.get_by_label("New password", exact=True).fill("a-long-and-unusual-passphrase")
    page.get_by_label("New password confirmation").fill("a-long-and-unusual-passphrase")
    page.get_by_role("button", name="Change password").click()
    expect(page).to_have_url(f"{base}/accounts/password_change/done/")
    axe_check(page)

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You have signed out")
    axe_check(page)


def test_it_has_no_accessibility_violations_on_any_adviser_page(page: Page, live_server, axe_check):
    seeker = seed_demo()
    adviser = User.objects.get(email=DEMO_ADVISER)
    device = TOTPDevice.objects.get(user=adviser)
    interview = (
        Interview.objects.for_user(seeker)
        .filter(debrief__isnull=False, feedback_requests__isnull=False)
        .first()
    )
    feedback = FeedbackRequest.objects.for_user(seeker).filter(interview=interview).first()
    star = StarAnswer.objects.for_user(seeker).first()
    note = AdviserNote.objects.filter(adviser=adviser, client=seeker).first()
    assert all([interview, feedback, star, note])
    base = live_server.url

    # An adviser without an authenticator yet is asked for an enrolment link, then sets one up
    # with it.
    newcomer = make_user("newcomer@careers.example", "Nia Newcomer", role=User.Role.ADVISER)
    sign_in(page, base, newcomer.email, PASSWORD)
    visit(page, f"{base}/adviser/", axe_check)
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask for an enrolment link")
    enrol = reverse("debrief:adviser-2fa-enrol", args=[EnrolmentLink.issue(user=newcomer)])
    visit(page, f"{base}{enrol}", axe_check)
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-step sign-in")
    submit(page, "Confirm and continue", axe_check)
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, base, DEMO_ADVISER, DEMO_PASSWORD)
    visit(page, f"{base}/adviser/", axe_check)
    submit(page, "Verify", axe_check)
    page.get_by_label("6-digit code").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your caseload")
    axe_check(page)

    visit(page, f"{base}/adviser/?q=no-client-is-called-this", axe_check)

    record = f"{base}/adviser/clients/{seeker.pk}"
    pages = [
        "/",
        "/applications/",
        "/applications/?status=rejected",
        f"/applications/{interview.application_id}/",
        f"/interviews/{interview.pk}/",
        "/feedback/",
        f"/feedback/{feedback.pk}/",
        "/star/",
        f"/star/{star.pk}/",
        "/actions/",
        "/notes/new/",
        f"/notes/{note.pk}/edit/",
        f"/notes/{note.pk}/delete/",
    ]
    for path in pages:
        visit(page, f"{record}{path}", axe_check)
    page.goto(f"{record}/notes/new/")
    submit(page, "Add note", axe_check)
    visit(page, f"{base}/adviser/clients/{10**9}/", axe_check, status=404)
