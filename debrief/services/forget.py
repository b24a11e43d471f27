"""Deleting an account forgets the person: their record goes with the account (the database
cascades), and every trace of their address and name kept elsewhere goes with it.

Kept elsewhere, and removed here: rows of advisers' invitation lists naming the address (so it
never reappears on an adviser's "requests waiting" list), notifications that told an adviser of
them, the sign-in throttle's logs (django-axes keeps the address typed), staff invitations to the
address, the name copied into other people's security logs, the admin's change history of the
account, every session still signed in, and the files of their CVs and cover letters (from the
documents storage, once the deletion commits). The access log entries a deleted *adviser* wrote in
clients' logs keep their name: that log is the client's evidence of who read their record.
"""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.fields.json import KeyTextTransform

from debrief import devices
from debrief.emails import quoted_name
from debrief.models import ClientInvitation, Notification, SecurityEvent, StaffInvitation, User
from debrief.services import documents


def delete_account(*, user: User) -> None:
    email, named = user.email, quoted_name(user)
    with transaction.atomic():
        devices.end_sessions(user)
        # Rows of advisers' invitation lists that name them (the line typed, the address, the
        # name) go, so the address never comes back as "waiting for an answer".
        ClientInvitation.objects.filter(email=email).delete()
        StaffInvitation.objects.filter(email=email).delete()
        # Other people's notifications about them say "…, “Name” (address), …".
        Notification.objects.annotate(sentence=KeyTextTransform("sentence", "context")).filter(
            sentence__contains=named
        ).delete()
        SecurityEvent.objects.filter(by=user).update(by_name="")
        for log in (AccessAttempt, AccessFailureLog, AccessLog):
            log.objects.filter(username=email).delete()
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)
        ).delete()
        # Their documents' files leave the storage once the deletion commits (the rows cascade).
        documents.forget_files(owner=user)
        # Cascades to every record the user owns, their consents either way, the notes about
        # them and their access log.
        user.delete()
