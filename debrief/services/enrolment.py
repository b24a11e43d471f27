"""Enrolment links: the one-time link an adviser or staff member needs to set up their first
authenticator (see EnrolmentLink)."""

from django.core.mail import send_mail
from django.urls import reverse
from django.utils.translation import gettext as _

from debrief.models import EnrolmentLink, User


def enrolment_url(*, user: User, created_by: User | None, site: str) -> str:
    """A new enrolment link for the user, as a full address on `site` (e.g.
    https://debrief.example.org); any earlier unused link stops working."""
    token = EnrolmentLink.issue(user=user, created_by=created_by)
    return site.rstrip("/") + reverse("debrief:adviser-2fa-enrol", args=[token])


def send_enrolment_link(*, user: User, created_by: User | None, site: str) -> None:
    url = enrolment_url(user=user, created_by=created_by, site=site)
    days = EnrolmentLink.LIFETIME.days
    send_mail(
        _("Set up two-step sign-in for Debrief"),
        _(
            "Your Debrief account reads other people's records, so it needs a code from an "
            "authenticator app as well as your password.\n\n"
            "Sign in to Debrief, then open this link to set up your authenticator app:\n\n"
            "%(url)s\n\n"
            "The link works once, for %(days)s days. If you did not expect it, tell Debrief's "
            "support staff.\n"
        )
        % {"url": url, "days": days},
        None,
        [user.email],
    )
