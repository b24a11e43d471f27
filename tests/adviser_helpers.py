"""Signing in as an adviser who has passed the two-step check, for the adviser tests."""

from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from debrief.models import EnrolmentLink, User


def sign_in_verified(client, adviser: User) -> TOTPDevice:
    """Sign the adviser in with a confirmed TOTP device, verified for this session."""
    device = TOTPDevice.objects.filter(user=adviser, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=adviser, name="Phone", confirmed=True)
    client.force_login(adviser)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


def follow_enrolment_link(client, user: User) -> str:
    """Follow a fresh enrolment link as the signed-in user, as from the email; its address."""
    url = reverse("debrief:adviser-2fa-enrol", args=[EnrolmentLink.issue(user=user)])
    client.get(url)
    return url
