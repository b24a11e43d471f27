"""The pages that show a secret — the recovery codes, shown once, and the authenticator's key
on the set-up page — tell the browser to keep no copy (Cache-Control: no-store), so that the
back button or the cache of a shared computer cannot show them again after signing out."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from debrief.services import organisations
from tests.adviser_helpers import follow_enrolment_link, sign_in_verified

pytestmark = pytest.mark.django_db


def test_the_recovery_codes_page_is_not_kept(client, alex):
    TOTPDevice.objects.create(user=alex, name="Phone", confirmed=True)
    sign_in_verified(client, alex)
    codes = organisations.new_recovery_codes(user=alex)
    session = client.session
    session["two_step_recovery_codes"] = codes
    session.save()

    page = client.get(reverse("debrief:adviser-2fa-recovery-codes"))

    assert codes[0] in page.text
    assert "no-store" in page["Cache-Control"]


def test_the_set_up_page_is_not_kept(client, alex):
    client.force_login(alex)
    follow_enrolment_link(client, alex)

    page = client.get(reverse("debrief:adviser-2fa-setup"))

    assert "Set up two-step sign-in" in page.text
    assert "no-store" in page["Cache-Control"]
