"""Inviting job seekers in the tests: an adviser's list, its preview and the link it emails."""

import re

from django.core import mail

from debrief.models import InvitationBatch

LINK = re.compile(r"http://\S+/invitation/(\S+)/")


def check_list(client, text: str = "", **files):
    """Post a pasted list (or files=…) to the invitation form; the response (a preview redirect
    when the list could be read)."""
    return client.post("/adviser/invitations/", {"people": text, **files})


def latest_batch() -> InvitationBatch:
    return InvitationBatch.objects.latest("created_at")


def invitation_links() -> dict[str, str]:
    """Each emailed invitation's path, by recipient."""
    links = {}
    for message in mail.outbox:
        found = LINK.search(message.body)
        if found:
            [to] = message.to
            links[to] = f"/invitation/{found[1]}/"
    return links
