"""A service admin invites an adviser by email: the one-time, expiring link lets a new person
choose a password and enrol; the admin is told the same whether or not the address has an
account, and an account is never converted."""

import pytest
from django.core import mail
from django.urls import reverse

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
    [line] = [line for line in email.body.splitlines() if "/adviser/2fa/enrol/" in line]
    return line.strip().removeprefix("http://testserver")


def test_it_invites_a_new_address(
    admin_client, service, service_admin, django_capture_on_commit_callbacks
):
    response = invite(admin_client, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    page = admin_client.get(response.url)
    assert "Invitation sent to bea@northshire.example." in page.text
    assert "bea@northshire.example" in page.text.split("Invitations waiting")[1]
    bea = User.objects.get(email="bea@northshire.example")
    assert (bea.role, bea.display_name, bea.has_usable_password()) == (
        "adviser",
        "Bea Jones",
        False,
    )
    membership = bea.membership
    assert (membership.organisation, membership.invited_by) == (service, service_admin)
    assert EnrolmentLink.objects.usable().filter(user=bea).count() == 1
    [email] = mail.outbox
    assert email.to == ["bea@northshire.example"]
    assert "“Northshire Careers Service”" in email.body
    assert "/adviser/2fa/enrol/" in email.body
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
    assert "/adviser/2fa/enrol/" not in message.body


def test_it_refuses_a_member_of_the_same_service_next_to_the_field(admin_client, alex):
    response = admin_client.post(
        "/service/invite/", {"display_name": "Alex Again", "email": alex.email, "role": "adviser"}
    )

    assert response.status_code == 200
    assert "is already on your service&#x27;s staff" in response.text
    assert 'value="Alex Again"' in response.text
    assert not StaffInvitation.objects.exists()


def test_the_link_lets_the_invited_person_choose_a_password_and_enrol(
    client, admin_client, django_capture_on_commit_callbacks
):
    invite(admin_client, django_capture_on_commit_callbacks)
    link = link_in(mail.outbox[0])
    admin_client.logout()

    response = client.get(link)
    assert response.url == reverse("debrief:adviser-2fa-password")
    page = client.get(response.url)
    assert "Choose your password" in page.text
    assert "Northshire Careers Service" in page.text
    response = client.post(
        response.url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    assert response.url == reverse("debrief:adviser-2fa-setup")
    bea = User.objects.get(email="bea@northshire.example")
    assert bea.check_password(NEW_PASSWORD)
    assert bea.has_confirmed_email
    assert StaffInvitation.objects.get().accepted_at is not None
    assert "Set up two-step sign-in" in client.get(response.url).text


def test_the_link_sets_a_password_only_once(
    client, admin_client, django_capture_on_commit_callbacks
):
    invite(admin_client, django_capture_on_commit_callbacks)
    link = link_in(mail.outbox[0])
    admin_client.logout()
    client.get(link)
    client.post(
        "/adviser/2fa/password/", {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    client.logout()

    # Someone else with the link (a forwarded email) cannot choose another password.
    response = client.get(link)
    assert response.url.startswith("/accounts/login/")
    page = client.post(
        "/adviser/2fa/password/",
        {"new_password1": "x-another-one-77", "new_password2": "x-another-one-77"},
    )
    assert "Ask for an enrolment link" in page.text
    assert User.objects.get(email="bea@northshire.example").check_password(NEW_PASSWORD)


def test_the_link_expires(client, clock, admin_client, django_capture_on_commit_callbacks):
    invite(admin_client, django_capture_on_commit_callbacks)
    link = link_in(mail.outbox[0])
    admin_client.logout()
    clock.move_to(clock.now + EnrolmentLink.LIFETIME)

    response = client.get(link)

    assert response.url.startswith("/accounts/login/")
    page = client.get("/adviser/2fa/password/")
    assert "This link has expired or has been used already." in page.text


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

    anonymous = type(client)()
    assert anonymous.get(first).url.startswith("/accounts/login/")
    assert anonymous.get(second).url == reverse("debrief:adviser-2fa-password")

    assert (
        "Cancel the invitation to"
        in admin_client.get(f"/service/invitations/{invitation.pk}/cancel/").text
    )
    admin_client.post(f"/service/invitations/{invitation.pk}/cancel/")

    assert not User.objects.filter(email="bea@northshire.example").exists()
    assert StaffInvitation.objects.get().cancelled_at is not None
    assert type(client)().get(second).url.startswith("/accounts/login/")
    assert "No invitations are waiting." in admin_client.get("/service/").text
