"""A service admin invites an adviser by email: the one-time, expiring link lets a new person
make their account, choose a password and enrol; the admin is told the same whether or not the
address has an account, and an account is never converted. An invitation makes no account: the
address's owner can always sign up or reset a password."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from debrief.models import EnrolmentLink, Membership, StaffInvitation, User
from tests.adviser_helpers import sign_in_verified
from tests.factories import make_user
from tests.service.conftest import staff_list

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

NEW_PASSWORD = "a-long-and-fresh-passphrase-42"


@pytest.fixture
def admin_client(client, service_admin):
    sign_in_verified(client, service_admin)
    return client


def invite(admin_client, capture, email="bea@northshire.example", name="Bea Jones", role="adviser"):
    with capture(execute=True):
        return admin_client.post(
            "/service/invite/", {"display_name": name, "email": email, "role": role}
        )


def link_in(email) -> str:
    [line] = [line for line in email.body.splitlines() if "/join/" in line]
    return line.strip().removeprefix(settings.SITE_URL)


def test_it_invites_a_new_address(
    admin_client, service, service_admin, django_capture_on_commit_callbacks
):
    response = invite(admin_client, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    page = admin_client.get(response.url)
    assert "Invitation sent to bea@northshire.example." in page.text
    assert "bea@northshire.example" in page.text.split("Invitations waiting")[1]
    # No account and no membership until Bea uses the link.
    assert not User.objects.filter(email="bea@northshire.example").exists()
    assert not Membership.objects.filter(organisation=service, invited_by=service_admin).exists()
    [email] = mail.outbox
    assert email.to == ["bea@northshire.example"]
    assert "“Northshire Careers Service”" in email.body
    assert f"{settings.SITE_URL}/join/" in email.body
    until = timezone.localdate() + datetime.timedelta(days=14)
    assert f"until {until:%-d %B %Y}" in email.body
    # Not on the staff list until they accept.
    assert "Bea Jones" not in staff_list(page.text)


@pytest.mark.parametrize("kind", ["job_seeker", "independent_adviser", "other_service"])
def test_it_tells_the_admin_the_same_for_an_address_with_an_account(
    admin_client, django_capture_on_commit_callbacks, other_adviser, kind
):
    if kind == "other_service":
        email = other_adviser.email
    else:
        role = User.Role.JOB_SEEKER if kind == "job_seeker" else User.Role.ADVISER
        email = make_user("sam@example.com", "Sam Seeker", role=role).email
    before = User.objects.get(email=email)

    response = invite(admin_client, django_capture_on_commit_callbacks, email=email)

    assert response.status_code == 302
    page = admin_client.get(response.url)
    assert f"Invitation sent to {email}." in page.text
    assert email in page.text.split("Invitations waiting")[1]
    after = User.objects.get(email=email)
    # Never converted, never moved: the same account with the same role and service.
    assert after.role == before.role
    assert after.password == before.password
    assert Membership.objects.filter(user=after).count() == (1 if kind == "other_service" else 0)
    if kind == "other_service":
        assert after.membership.organisation.name == "Southdown College Careers"
    assert not EnrolmentLink.objects.filter(user=after).exists()
    # Its owner is told why they cannot join with it; the email has no link.
    [message] = mail.outbox
    assert message.to == [email]
    assert "already has a Debrief account" in message.body
    assert "/join/" not in message.body


def test_it_refuses_a_member_of_the_same_service_next_to_the_field(admin_client, alex):
    response = admin_client.post(
        "/service/invite/", {"display_name": "Alex Again", "email": alex.email, "role": "adviser"}
    )

    assert response.status_code == 200
    assert "is already on your service&#x27;s staff" in response.text
    assert 'value="Alex Again"' in response.text
    assert not StaffInvitation.objects.exists()


def join(browser, link, password=NEW_PASSWORD, name="Bea Jones"):
    browser.get(link)
    return browser.post(
        "/join/", {"display_name": name, "password1": password, "password2": password}
    )


def test_the_link_lets_the_invited_person_choose_a_password_and_enrol(
    client, service, service_admin, admin_client, django_capture_on_commit_callbacks
):
    invite(admin_client, django_capture_on_commit_callbacks)
    link = link_in(mail.outbox[0])
    admin_client.logout()

    response = client.get(link)
    assert response.url == reverse("debrief:staff-join")
    page = client.get(response.url)
    assert "Join Northshire Careers Service" in page.text
    assert 'value="Bea Jones"' in page.text
    response = client.post(
        response.url,
        {"display_name": "Bea Jones", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.url == reverse("debrief:adviser-2fa-setup")
    bea = User.objects.get(email="bea@northshire.example")
    assert bea.check_password(NEW_PASSWORD)
    assert (bea.role, bea.display_name) == ("adviser", "Bea Jones")
    assert bea.has_confirmed_email
    assert (bea.membership.organisation, bea.membership.invited_by) == (service, service_admin)
    invitation = StaffInvitation.objects.get()
    assert (invitation.user, invitation.accepted_at is not None) == (bea, True)
    assert "Set up two-step sign-in" in client.get(response.url).text


def test_a_weak_password_is_explained_next_to_the_field_and_the_name_kept(
    client, admin_client, django_capture_on_commit_callbacks
):
    invite(admin_client, django_capture_on_commit_callbacks)
    link = link_in(mail.outbox[0])
    admin_client.logout()

    page = join(client, link, password="password", name="Bea J.")

    assert page.status_code == 200
    assert "This password is too common." in page.text
    assert 'value="Bea J."' in page.text
    assert not User.objects.filter(email="bea@northshire.example").exists()


def test_the_invitation_never_blocks_the_owner_signing_up_or_resetting(
    client, admin_client, django_capture_on_commit_callbacks
):
    """The squat an invitation used to make: an account the owner could neither sign up over nor
    reset. Now the owner signs up as anyone would, and the link then explains itself."""
    invite(admin_client, django_capture_on_commit_callbacks)
    link = link_in(mail.outbox[0])
    admin_client.logout()

    response = client.post(
        "/accounts/signup/",
        {
            "email": "bea@northshire.example",
            "display_name": "Bea",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    bea = User.objects.get(email="bea@northshire.example")
    assert (bea.role, bea.check_password(NEW_PASSWORD)) == ("job_seeker", True)
    mail.outbox.clear()
    client.logout()
    client.post("/accounts/password_reset/", {"email": "bea@northshire.example"})
    assert any("/accounts/reset/" in message.body for message in mail.outbox)

    opened = Client().get(link, follow=True)
    assert opened.status_code == 409
    assert "This address has a Debrief account" in opened.text
    assert User.objects.get(pk=bea.pk).role == "job_seeker"
    assert not Membership.objects.filter(user=bea).exists()


def test_the_link_works_once(client, admin_client, django_capture_on_commit_callbacks):
    invite(admin_client, django_capture_on_commit_callbacks)
    link = link_in(mail.outbox[0])
    admin_client.logout()
    join(client, link)
    client.logout()

    # Someone else with the link (a forwarded email) cannot choose another password.
    page = Client().get(link)
    assert page.status_code == 404
    assert "This invitation cannot be used" in page.text
    assert User.objects.get(email="bea@northshire.example").check_password(NEW_PASSWORD)


def test_the_link_expires_after_14_days_with_a_page_that_says_so(
    client, clock, admin_client, django_capture_on_commit_callbacks
):
    invite(admin_client, django_capture_on_commit_callbacks)
    link = link_in(mail.outbox[0])
    admin_client.logout()
    clock.move_to(clock.now + datetime.timedelta(days=14))

    page = client.get(link)

    assert page.status_code == 410
    assert "This invitation has expired" in page.text
    assert "Ask the service admin who invited you to send it again" in page.text
    assert not User.objects.filter(email="bea@northshire.example").exists()


def test_the_expired_page_speaks_welsh_to_a_welsh_browser(
    client, clock, admin_client, django_capture_on_commit_callbacks
):
    invite(admin_client, django_capture_on_commit_callbacks)
    link = link_in(mail.outbox[0])
    admin_client.logout()
    clock.move_to(clock.now + datetime.timedelta(days=14))

    page = client.get(link, headers={"accept-language": "cy"})

    assert page.status_code == 410
    assert 'lang="cy"' in page.text
    assert "Mae’r gwahoddiad hwn wedi dod i ben" in page.text
    assert "Mae gwahoddiadau’n gweithio am 14 diwrnod." in page.text
    assert "This invitation has expired" not in page.text


def test_an_expired_invitation_shows_so_to_the_admin_and_may_be_made_again(
    clock, admin_client, django_capture_on_commit_callbacks
):
    invite(admin_client, django_capture_on_commit_callbacks)
    StaffInvitation.objects.update(expires_at=timezone.now())
    assert "link expired" in admin_client.get("/service/").text

    response = invite(admin_client, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert StaffInvitation.objects.pending().count() == 1
    assert Client().get(link_in(mail.outbox[-1])).status_code == 302


@override_settings(INVITATION_DAYS=3)
def test_the_lifetime_is_a_setting(clock, admin_client, django_capture_on_commit_callbacks):
    invite(admin_client, django_capture_on_commit_callbacks)
    link = link_in(mail.outbox[0])
    clock.move_to(clock.now + datetime.timedelta(days=3))
    assert Client().get(link).status_code == 410


def test_sending_again_replaces_the_link_and_cancelling_frees_the_address(
    client, admin_client, service_admin, django_capture_on_commit_callbacks
):
    invite(admin_client, django_capture_on_commit_callbacks)
    first = link_in(mail.outbox[0])
    invitation = StaffInvitation.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(f"/service/invitations/{invitation.pk}/resend/")
    second = link_in(mail.outbox[1])
    assert first != second

    assert Client().get(first).status_code == 404
    assert Client().get(second).url == reverse("debrief:staff-join")

    assert (
        "Cancel the invitation to"
        in admin_client.get(f"/service/invitations/{invitation.pk}/cancel/").text
    )
    admin_client.post(f"/service/invitations/{invitation.pk}/cancel/")

    assert not User.objects.filter(email="bea@northshire.example").exists()
    assert StaffInvitation.objects.get().cancelled_at is not None
    assert Client().get(second).status_code == 404
    assert "No invitations are waiting." in admin_client.get("/service/").text
