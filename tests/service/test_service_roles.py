"""Only a current service admin reaches /service/, and only for their own service: an adviser,
a job seeker, a visitor, a deactivated admin and the admin of another service get 404 (or the
sign-in page) for everything, as if it did not exist."""

import pytest
from django.urls import reverse
from django.utils import timezone

from debrief.models import Membership, StaffInvitation
from tests.adviser_helpers import sign_in_verified
from tests.factories import grant_access, make_invitation, make_user
from tests.service.conftest import staff_list

pytestmark = pytest.mark.django_db


def member_urls(membership: Membership) -> list[str]:
    return [
        reverse(f"debrief:service-member-{action}", args=[membership.pk])
        for action in ("deactivate", "handover", "reset")
    ]


def test_it_shows_the_admin_their_advisers_with_caseload_sizes(client, service_admin, alex, bea):
    for n in range(3):
        grant_access(make_user(f"client{n}@example.com", f"Client {n}"), alex)
    grant_access(make_user("carla@example.com", "Carla Client"), bea)
    sign_in_verified(client, service_admin)

    page = client.get("/service/")

    assert page.status_code == 200
    assert "<h1>Northshire Careers Service</h1>" in page.text
    staff = staff_list(page.text)
    assert set(staff) == {"Alex Adviser", "Bea Adviser", "Ana Admin"}
    # The sizes, never the clients' names.
    assert "3 clients share their record" in staff["Alex Adviser"]
    assert "1 client shares their record" in staff["Bea Adviser"]
    assert "0 clients share their record" in staff["Ana Admin"]
    assert "Carla" not in page.text
    assert "Client 0" not in page.text
    assert 'href="/service/report/">Outcome report</a>' in page.text


@pytest.mark.parametrize("who", ["adviser", "job_seeker"])
def test_it_answers_404_to_anyone_but_a_service_admin(client, service, alex, owner, who):
    if who == "adviser":
        sign_in_verified(client, alex)
    else:
        client.force_login(owner)
    membership = alex.membership
    invitation = make_invitation(service, "new@northshire.example")

    assert client.get("/service/").status_code == 404
    assert client.get("/service/invite/").status_code == 404
    for url in member_urls(membership):
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
    assert client.post(f"/service/staff/{membership.pk}/reactivate/").status_code == 404
    assert client.post(f"/service/invitations/{invitation.pk}/resend/").status_code == 404
    assert client.post(f"/service/invitations/{invitation.pk}/cancel/").status_code == 404
    membership.refresh_from_db()
    assert membership.deactivated_at is None
    assert StaffInvitation.objects.get().cancelled_at is None


def test_a_visitor_is_sent_to_sign_in(client):
    response = client.get("/service/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_the_admin_of_another_service_sees_nothing_of_this_one(
    client, service, service_admin, alex, other_admin
):
    grant_access(make_user("sam@example.com", "Sam Seeker"), alex)
    invitation = make_invitation(service, "new@northshire.example")
    sign_in_verified(client, other_admin)

    page = client.get("/service/")
    assert "Southdown College Careers" in page.text
    assert "Alex Adviser" not in page.text
    assert "new@northshire.example" not in page.text
    for membership in (alex.membership, service_admin.membership):
        for url in member_urls(membership):
            assert client.get(url).status_code == 404, url
            assert client.post(url, {"to": membership.pk}).status_code == 404, url
        assert client.post(f"/service/staff/{membership.pk}/reactivate/").status_code == 404
    assert client.post(f"/service/invitations/{invitation.pk}/resend/").status_code == 404
    assert client.get(f"/service/invitations/{invitation.pk}/cancel/").status_code == 404
    assert client.post(f"/service/invitations/{invitation.pk}/cancel/").status_code == 404
    assert not Membership.objects.filter(deactivated_at__isnull=False).exists()
    assert StaffInvitation.objects.get().is_pending


def test_an_admin_cannot_hand_over_to_another_services_adviser(
    client, service_admin, alex, other_adviser
):
    grant_access(make_user("sam@example.com", "Sam Seeker"), alex)
    sign_in_verified(client, service_admin)
    url = reverse("debrief:service-member-handover", args=[alex.membership.pk])

    page = client.get(url)
    assert "Olga" not in page.text
    response = client.post(url, {"to": other_adviser.membership.pk})

    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert not alex.handovers_from.exists()


def test_a_deactivated_admin_loses_the_service_pages(client, service_admin, bea):
    Membership.objects.filter(user=bea).update(role=Membership.Role.ADMIN)
    sign_in_verified(client, service_admin)
    assert client.get("/service/").status_code == 200

    Membership.objects.filter(user=service_admin).update(deactivated_at=timezone.now())

    assert client.get("/service/").status_code == 404


def test_the_main_navigation_offers_the_service_only_to_its_admins(client, service_admin, alex):
    sign_in_verified(client, alex)
    assert "Your service" not in client.get("/adviser/").text
    sign_in_verified(client, service_admin)
    assert 'href="/service/">Your service</a>' in client.get("/adviser/").text


def test_a_membership_on_a_job_seekers_account_opens_nothing(client, service, owner):
    Membership.objects.create(organisation=service, user=owner, role=Membership.Role.ADMIN)
    client.force_login(owner)

    assert client.get("/service/").status_code == 404
