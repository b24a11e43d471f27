"""Careers services: organisations, their staff, invitations and handovers between advisers."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from debrief.identity import normalise_email
from debrief.models.fields import choices_constraint, limited_char_field
from debrief.models.people import User, validate_display_name
from debrief.summaries.triggers import keep_summaries


class Organisation(models.Model):
    """A careers service (a university's, a college's, a National Careers Service provider): its
    service admins and advisers. Consent stays personal: a client shares with a named adviser,
    and the service sees only what its advisers' clients shared, anonymised in the report."""

    name = limited_char_field(_("Name"), "organisation", "name")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(Lower("name"), name="organisation_name_unique_ci")]

    def __str__(self) -> str:
        return self.name


class MembershipRole(models.TextChoices):
    ADMIN = "admin", _("Service admin")
    ADVISER = "adviser", _("Careers adviser")


class MembershipQuerySet(models.QuerySet):
    def current(self):
        return self.filter(deactivated_at__isnull=True)


class Membership(models.Model):
    """A member of a careers service's staff. A person belongs to at most one service as staff
    (the one-to-one), and their account is an adviser account (two-step sign-in) whatever their
    role here: a service admin may also have a caseload. Deactivating a member ends all their
    access to clients' records at once (`User.may_act_as_adviser`) without touching consent."""

    Role = MembershipRole

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    role = models.CharField(_("Role"), max_length=10, choices=Role, default=Role.ADVISER)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    deactivated_at = models.DateTimeField(null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        # The derived stores follow every statement (debrief/summaries).
        triggers = keep_summaries()
        ordering = ["organisation", "user"]
        constraints = [choices_constraint("role", MembershipRole, "membership")]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.organisation})"

    NOT_AN_ADVISER = _(
        "Only an adviser account can be on a careers service's staff (a job seeker's account "
        "stays their own): make it an adviser account first, or use another address."
    )

    def save(self, *args, **kwargs):
        # Whatever the caller (a service, a command, a shell), never a job seeker on the staff.
        update_fields = kwargs.get("update_fields")
        if (update_fields is None or "user" in update_fields) and (
            self.user.role != User.Role.ADVISER
        ):
            raise ValidationError({"user": self.NOT_AN_ADVISER})
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        # Across tables, so no database constraint: services/organisations.py checks it too.
        if self.user_id is not None and self.user.role != User.Role.ADVISER:
            raise ValidationError({"user": self.NOT_AN_ADVISER})

    @property
    def is_current(self) -> bool:
        return self.deactivated_at is None

    @property
    def is_admin(self) -> bool:
        return self.is_current and self.role == MembershipRole.ADMIN


class InvitationStatus(models.TextChoices):
    DRAFT = "draft", _("In the preview, not sent")
    LEFT_OUT = "left_out", _("Left out (its row has an error)")
    QUEUED = "queued", _("Waiting to be sent")
    # The worker handled it: an invitation email, a sharing request to an existing account, or
    # nothing for an address Debrief may not write to. The adviser is never told which.
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Not sent (the mail server refused it)")


class InvitationBatch(models.Model):
    """One list of people an adviser pasted or uploaded: previewed with its errors, and sent only
    when the adviser confirms it (once: `confirmed_at` is set under a row lock)."""

    adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitation_batches"
    )
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = _("invitation batches")

    def __str__(self) -> str:
        return f"Invitations by {self.adviser} on {self.created_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("debrief:invitation-batch", args=[self.pk])

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


def invitation_lifetime() -> datetime.timedelta:
    """How long an invitation's link works (DEBRIEF_INVITATION_DAYS), staff's and clients'."""
    return datetime.timedelta(days=settings.INVITATION_DAYS)


class ClientInvitationQuerySet(models.QuerySet):
    def usable(self, now: datetime.datetime | None = None):
        """Sent to a new address, not yet used, not expired: a link that can still sign up."""
        return self.filter(
            status=InvitationStatus.SENT, used_at__isnull=True, expires_at__gt=now or timezone.now()
        )


class ClientInvitation(models.Model):
    """One row of a batch: the line as typed, what it says (a normalised address and a name) or
    why it cannot be sent. A row sent to an address with no account carries the hash of a one-time
    sign-up link (like EnrolmentLink, the token itself is never stored)."""

    Status = InvitationStatus
    MAX_ROWS = 500

    batch = models.ForeignKey(InvitationBatch, on_delete=models.CASCADE, related_name="rows")
    line = models.PositiveIntegerField(_("Line"))
    typed = limited_char_field(_("As typed"), "clientinvitation", "typed", blank=True)
    email = models.EmailField(_("Email"), max_length=254, blank=True)
    name = limited_char_field(_("Name"), "clientinvitation", "name", blank=True)
    error = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    token_hash = models.CharField(max_length=64, null=True, blank=True, unique=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    used_at = models.DateTimeField(null=True, blank=True)

    objects = ClientInvitationQuerySet.as_manager()

    class Meta:
        ordering = ["batch", "line"]
        constraints = [
            choices_constraint("status", InvitationStatus, "clientinvitation"),
            models.UniqueConstraint(fields=["batch", "line"], name="clientinvitation_one_per_line"),
            models.CheckConstraint(
                condition=Q(error="")
                | Q(status__in=[InvitationStatus.DRAFT, InvitationStatus.LEFT_OUT]),
                name="clientinvitation_error_never_sent",
            ),
            models.CheckConstraint(
                condition=~Q(error="") | ~Q(email=""), name="clientinvitation_valid_has_email"
            ),
        ]
        indexes = [models.Index(fields=["status", "sent_at"], name="clientinvitation_sent")]

    def __str__(self) -> str:
        return f"Line {self.line}: {self.email or self.typed}"

    @property
    def has_expired(self) -> bool:
        """A link past its lifetime (a row never sent has no link, so none that works)."""
        return self.expires_at is None or self.expires_at <= timezone.now()

    def clean(self):
        super().clean()
        if self.error and self.status not in (InvitationStatus.DRAFT, InvitationStatus.LEFT_OUT):
            raise ValidationError(_("A row with an error is never sent."))
        if not self.error and not self.email:
            raise ValidationError({"email": _("A row without an error names an address.")})


class StaffInvitationQuerySet(models.QuerySet):
    def pending(self):
        """Neither accepted nor cancelled (expired ones included: the admin can send them again)."""
        return self.filter(accepted_at__isnull=True, cancelled_at__isnull=True)

    def usable(self, now: datetime.datetime | None = None):
        """Pending and not expired: a link that can still make its owner staff."""
        return self.pending().filter(expires_at__gt=now or timezone.now())


class StaffInvitation(models.Model):
    """A service admin's invitation of a person, by email, to join the service's staff.

    An invitation makes no account: the address's owner may sign up or reset a password whatever
    invitations name it. An address new to Debrief gets a one-time link (`token_hash`, a hash of
    it; the token itself is never stored) which makes the account and the membership when its
    owner chooses a password; an address that already has an account gets an email saying it
    cannot join with that address, and no link. The admin's list shows both alike, so it never
    tells whether an address has an account. `user` is the account the invitation made, once
    accepted."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = limited_char_field(_("Email"), "staffinvitation", "email")
    display_name = limited_char_field(
        _("Name"), "staffinvitation", "display_name", validators=[validate_display_name]
    )
    role = models.CharField(
        _("Role"), max_length=10, choices=MembershipRole, default=MembershipRole.ADVISER
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="staff_invitations",
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    token_hash = models.CharField(max_length=64, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    objects = StaffInvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at", "-id"]
        constraints = [
            choices_constraint("role", MembershipRole, "staffinvitation"),
            models.UniqueConstraint(
                fields=["organisation", "email"],
                condition=Q(accepted_at__isnull=True, cancelled_at__isnull=True),
                name="staffinvitation_one_pending_per_address",
                violation_error_message="This address already has a pending invitation.",
            ),
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(cancelled_at__isnull=True),
                name="staffinvitation_not_accepted_and_cancelled",
            ),
        ]

    def __str__(self) -> str:
        return f"Invitation of {self.email} to {self.organisation}"

    def clean(self):
        super().clean()
        self.email = normalise_email(self.email)
        if self.accepted_at and self.cancelled_at:
            raise ValidationError(_("An invitation is either accepted or cancelled, not both."))

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.cancelled_at is None

    @property
    def has_expired(self) -> bool:
        return self.expires_at <= timezone.now()


class HandoverStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn by the service")
    EXPIRED = "expired", _("Expired without an answer")


class HandoverQuerySet(models.QuerySet):
    def open(self, now: datetime.datetime | None = None):
        """Proposals a client may still answer: proposed, and younger than Handover.LIFETIME.
        An older one is expired even before `close_expired` writes it so."""
        now = now or timezone.now()
        return self.filter(status=HandoverStatus.PROPOSED, proposed_at__gt=now - Handover.LIFETIME)

    def close_expired(self, now: datetime.datetime | None = None) -> int:
        """Writes `expired` on proposals past their lifetime (each decided when it expired),
        freeing the client for a new proposal."""
        now = now or timezone.now()
        return self.filter(
            status=HandoverStatus.PROPOSED, proposed_at__lte=now - Handover.LIFETIME
        ).update(
            status=HandoverStatus.EXPIRED, decided_at=models.F("proposed_at") + Handover.LIFETIME
        )


class Handover(models.Model):
    """A careers service's proposal that one client's record moves from one of its advisers to
    another. Nothing moves until the client accepts: then their consent to the first adviser is
    revoked and a consent to the second begins, at once (services/organisations.py)."""

    Status = HandoverStatus
    # A proposal left unanswered this long expires: the client can no longer accept it.
    LIFETIME = datetime.timedelta(days=30)

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="handovers"
    )
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="handovers"
    )
    from_adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="handovers_from"
    )
    to_adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="handovers_to"
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=HandoverStatus, default=HandoverStatus.PROPOSED
    )
    # Why the service proposes it, in the admin's words: the client reads it in the email and on
    # their sharing page (empty only on proposals made before it was asked for).
    reason = limited_char_field(_("Reason"), "handover", "reason", blank=True)
    proposed_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = HandoverQuerySet.as_manager()

    class Meta:
        ordering = ["-proposed_at", "-id"]
        constraints = [
            choices_constraint("status", HandoverStatus, "handover"),
            models.CheckConstraint(
                condition=~Q(from_adviser=models.F("to_adviser")),
                name="handover_to_another_adviser",
                violation_error_message="Hand over to another adviser.",
            ),
            models.CheckConstraint(
                condition=Q(status=HandoverStatus.PROPOSED, decided_at__isnull=True)
                | (~Q(status=HandoverStatus.PROPOSED) & Q(decided_at__isnull=False)),
                name="handover_decided_has_decided_at",
            ),
            models.UniqueConstraint(
                fields=["client", "from_adviser"],
                condition=Q(status=HandoverStatus.PROPOSED),
                name="handover_one_open_per_client_and_adviser",
            ),
        ]

    def __str__(self) -> str:
        return f"Handover of {self.client} from {self.from_adviser} to {self.to_adviser}"

    def clean(self):
        super().clean()
        if self.from_adviser_id and self.from_adviser_id == self.to_adviser_id:
            raise ValidationError(_("Hand over to another adviser."))

    @property
    def expires_at(self) -> datetime.datetime:
        return self.proposed_at + self.LIFETIME

    @property
    def is_open(self) -> bool:
        return self.status == HandoverStatus.PROPOSED and self.expires_at > timezone.now()
