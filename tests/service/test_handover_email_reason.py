"""The handover email names the client's current adviser, carries the reason the service admin
gave, and says what happens without an answer; the sharing page and the dashboard show the same
reason."""

import pytest
from django.core import mail
from django.test import Client

from debrief.models import Handover
from tests.adviser_helpers import sign_in_verified
from tests.factories import grant_access, make_user
from tests.reminder_helpers import run_worker

pytestmark = pytest.mark.django_db(transaction=True)

REASON = "Alex is leaving the service at the end of December."


def test_the_email_names_the_current_adviser_and_carries_the_reason(service_admin, alex, bea):
    sam = make_user("sam@example.com", "Sam Seeker")
    grant_access(sam, alex)
    admin = Client()
    sign_in_verified(admin, service_admin)
    url = f"/service/staff/{alex.membership.pk}/handover/"
    assert "Reason, told to each client" in admin.get(url).text
    admin.post(url, {"to": bea.membership.pk, "reason": f"  {REASON}\n"})
    handover = Handover.objects.get()
    assert handover.reason == REASON
    run_worker()

    [email] = mail.outbox
    assert "An adviser, “Bea Adviser” (bea@northshire.example), is proposed" in email.body
    assert "Your adviser now: “Alex Adviser” (alex@northshire.example)" in email.body
    assert f"Your careers service's reason: {REASON}" in email.body
    lapses = handover.proposed_at + Handover.LIFETIME
    assert (
        f"If you do not answer: The proposal lapses on {lapses:%A} {lapses.day} {lapses:%B %Y}. "
        "Nothing changes hands" in email.body
    )
    html = email.alternatives[0][0]
    assert "<dt>Your adviser now</dt>" in html

    sam_client = Client()
    sam_client.force_login(sam)
    assert REASON in sam_client.get("/settings/sharing/").text
    dashboard = sam_client.get("/dashboard/").text
    assert "A new adviser proposed" in dashboard
    assert REASON in dashboard


def test_a_proposal_without_a_reason_still_says_who_and_what_happens(service_admin, alex, bea):
    sam = make_user("sam@example.com", "Sam Seeker")
    grant_access(sam, alex)
    admin = Client()
    sign_in_verified(admin, service_admin)
    admin.post(f"/service/staff/{alex.membership.pk}/handover/", {"to": bea.membership.pk})
    run_worker()
    [email] = mail.outbox
    assert "Your adviser now: “Alex Adviser”" in email.body
    assert "reason" not in email.body
    assert "If you do not answer" in email.body
