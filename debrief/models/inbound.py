"""Rejections that reach Debrief by email: a person's private forwarding address, and each email
forwarded to it (or pasted) waiting for the person to say "yes, that was a no".

Only what the person needs to recognise and record the "no" is kept: the sender, the subject, the
date and the text of the email (never its HTML, attachments or raw source; see debrief/inbound/).
"""

import secrets
import string

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from debrief.models.applications import Interview, OwnedQuerySet
from debrief.models.debriefs import reasons_constraint, reasons_field
from debrief.models.fields import (
    choices_constraint,
    limited_char_field,
    limited_text_field,
    text_length_constraint,
)

# Lower case letters and digits only: mail systems may change the case of an address's local
# part, and some refuse punctuation in it.
SECRET_ALPHABET = string.ascii_lowercase + string.digits
SECRET_LENGTH = 20  # ~103 bits: not guessable, short enough to read aloud.
ADDRESS_PREFIX = "no+"


def new_inbound_secret() -> str:
    return "".join(secrets.choice(SECRET_ALPHABET) for _ in range(SECRET_LENGTH))


class InboundAddress(models.Model):
    """A person's private address, no+<secret>@<INBOUND_SMTP_DOMAIN>. Made when they ask for it;
    a new secret replaces the old one, which stops working at once."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="inbound_address",
    )
    secret = models.CharField(max_length=SECRET_LENGTH, unique=True, default=new_inbound_secret)
    created_at = models.DateTimeField(auto_now_add=True)
    renewed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = _("inbound addresses")
        constraints = [
            models.CheckConstraint(
                condition=Q(secret__regex=rf"^[a-z0-9]{{{SECRET_LENGTH}}}$"),
                name="inboundaddress_secret_shape",
            ),
        ]

    def __str__(self) -> str:
        return f"Forwarding address of {self.user_id}"

    @property
    def address(self) -> str:
        return f"{ADDRESS_PREFIX}{self.secret}@{settings.INBOUND_SMTP_DOMAIN}"


class InboundSource(models.TextChoices):
    FORWARDED = "forwarded", _("Forwarded to your address")
    PASTED = "pasted", _("Pasted")


class InboundStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting for you")
    CONFIRMED = "confirmed", _("Recorded as a no")
    DISMISSED = "dismissed", _("Dismissed")


class InboundMessageQuerySet(OwnedQuerySet):
    def waiting(self):
        return self.filter(status=InboundStatus.WAITING)


class InboundMessage(models.Model):
    """One email that may be a "no": the person confirms it (recording the decision on the
    "They said no" page, with the reasons they tick) or dismisses it."""

    Source = InboundSource
    Status = InboundStatus

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="inbound_messages"
    )
    source = models.CharField(max_length=20, choices=Source, default=Source.FORWARDED)
    status = models.CharField(max_length=20, choices=Status, default=Status.WAITING)
    sender = limited_char_field(_("From"), "inboundmessage", "sender", blank=True)
    subject = limited_char_field(_("Subject"), "inboundmessage", "subject", blank=True)
    sent_at = models.DateTimeField(_("Date"), null=True, blank=True)
    body = limited_text_field(_("Text"), "inboundmessage", "body", blank=True)
    received_at = models.DateTimeField(auto_now_add=True)
    # Filled in when the person records the "no": the interview it was about and the reasons in
    # the email they confirmed (suggested by debrief.inbound.reading, never ticked for them).
    interview = models.ForeignKey(
        Interview, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reasons = reasons_field(_("Reasons they gave"))
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = InboundMessageQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-id"]
        constraints = [
            choices_constraint("source", InboundSource, "inboundmessage"),
            choices_constraint("status", InboundStatus, "inboundmessage"),
            reasons_constraint("reasons", "inboundmessage"),
            text_length_constraint("body", "inboundmessage"),
            models.CheckConstraint(
                condition=Q(status=InboundStatus.WAITING) | Q(decided_at__isnull=False),
                name="inboundmessage_decided_has_date",
            ),
        ]
        indexes = [
            # The dashboard's waiting items, newest first.
            models.Index(
                "owner",
                models.F("received_at").desc(),
                condition=Q(status=InboundStatus.WAITING),
                name="inboundmessage_owner_waiting",
            ),
            # The daily limit counts a person's messages of the last day.
            models.Index(fields=["owner", "received_at"], name="inboundmessage_owner_received"),
        ]

    def __str__(self) -> str:
        return self.subject or str(_("(no subject)"))

    def get_absolute_url(self) -> str:
        return reverse("debrief:inbound-open", args=[self.pk])

    def clean(self):
        super().clean()
        if self.status != InboundStatus.WAITING and self.decided_at is None:
            raise ValidationError(_("A message recorded or dismissed needs the moment it was."))

    @property
    def is_waiting(self) -> bool:
        return self.status == InboundStatus.WAITING
