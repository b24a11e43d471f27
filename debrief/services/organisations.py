"""A careers service runs its staff: invitations, deactivation, handover of clients with each
client's yes, and resetting an adviser's two-step sign-in.

Invitations never tell the admin whether an address has an account (see StaffInvitation): an
address new to Debrief gets a one-time link that makes the account and the membership when its
owner chooses a password (`join`); any other address gets an email saying it cannot join with
that address. An invitation makes no account, so it never stands in its owner's way. Only a
member of the admin's own service is named as such: the admin sees those already.

A handover is proposed per client and moves nothing until the client accepts:

    propose_handover ─► proposed ─► accept_handover ─► accepted (consent to A revoked, to B active)
                            ├─────► decline_handover ─► declined (nothing changes hands)
                            ├─────► withdraw_handovers ─► withdrawn (by a service admin, or when
                            │                              the adviser taking over is deactivated)
                            └─────► (Handover.LIFETIME without an answer) ─► expired
"""

import secrets

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from debrief.emails import one_line, quoted_name
from debrief.identity import normalise_email
from debrief.models import (
    AdviserAccess,
    EnrolmentLink,
    Handover,
    Membership,
    Organisation,
    SecurityEvent,
    ServiceAuditEntry,
    StaffInvitation,
    User,
    invitation_lifetime,
)
from debrief.services import consent, notify, service_audit
from debrief.services.enrolment import send_enrolment_link


class ServiceError(ValueError):
    """A change to a service's staff that the service's state does not allow."""


# --- Reading ------------------------------------------------------------------------------------


def joined(*, organisation: Organisation):
    """The service's members: an invited person has a membership once they have used their
    invitation's link (`join`)."""
    return Membership.objects.filter(organisation=organisation)


def staff(*, organisation: Organisation):
    """The service's members who have joined (current first, then deactivated), each with
    `active_clients`, the number of clients sharing with them now: one query."""
    return (
        joined(organisation=organisation)
        .select_related("user")
        .annotate(
            active_clients=Count(
                "user__client_accesses",
                filter=Q(user__client_accesses__status=AdviserAccess.Status.ACTIVE),
            ),
            has_device=Exists(TOTPDevice.objects.filter(user=OuterRef("user"), confirmed=True)),
        )
        .order_by(F("deactivated_at").asc(nulls_first=True), "user__display_name", "pk")
    )


def member(*, organisation: Organisation, pk: int) -> Membership:
    """One joined member of this service by the membership's id (Membership.DoesNotExist
    otherwise)."""
    return joined(organisation=organisation).select_related("user").get(pk=pk)


# --- Invitations --------------------------------------------------------------------------------


def _invitation_email(invitation: StaffInvitation, *, url: str | None) -> None:
    service = one_line(invitation.organisation.name)
    by = quoted_name(invitation.invited_by) if invitation.invited_by else _("A service admin")
    words = {"by": by, "service": service, "url": url}
    if url is not None:
        until = timezone.localtime(invitation.expires_at)
        body = _(
            "%(by)s invited this address to join the careers advisers of “%(service)s” on "
            "Debrief.\n\n"
            "Open this link to choose your password, then set up two-step sign-in (an "
            "authenticator app on your phone):\n\n%(url)s\n\n"
            "The link works once, until %(until)s. If you did not expect it, ignore this "
            "email: no account exists until you use the link.\n\nDebrief\n"
        ) % {**words, "until": date_format(until, "j F Y")}
    else:
        body = (
            _(
                "%(by)s invited this address to join the careers advisers of “%(service)s” on "
                "Debrief.\n\n"
                "This address already has a Debrief account, and an account cannot join a careers "
                "service this way (a job seeker's account stays their own, and a member of staff "
                "belongs to one service at most). To join, ask the service to invite another "
                "address, such as your work address.\n\n"
                "If you did not expect this, ignore this email: nothing has changed.\n\nDebrief\n"
            )
            % words
        )
    send_mail(
        _("An invitation to join a careers service on Debrief"),
        body,
        settings.DEFAULT_FROM_EMAIL,
        [invitation.email],
    )


def _send(invitation: StaffInvitation, *, site: str) -> None:
    """A new link for an address that has no account (the earlier one stops working), emailed
    once the transaction commits; `invitation.link_url` is the link (None for an address that
    has an account), for platform staff's command."""
    url = None
    invitation.token_hash = None
    if not User.objects.with_email(invitation.email).exists():
        token = secrets.token_urlsafe(32)
        invitation.token_hash = EnrolmentLink.hash(token)
        url = site.rstrip("/") + reverse("debrief:staff-invitation-open", args=[token])
    invitation.save(update_fields=["token_hash"])
    invitation.link_url = url
    transaction.on_commit(lambda: _invitation_email(invitation, url=url))


class AlreadyStaff(ServiceError):
    pass


class AlreadyInvited(ServiceError):
    pass


class AddressTaken(ServiceError):
    """The invited address has an account now: an account cannot join a service this way."""


def invite(
    *, organisation: Organisation, email: str, name: str, role: str, by: User | None, site: str
) -> StaffInvitation:
    """Invite an address to the service's staff. Raises AlreadyStaff for a member of this
    service and AlreadyInvited for an address with a pending invitation to it; anything else
    looks the same to the admin, account or not. No account is made until the invited person
    uses the link (`join`)."""
    email = normalise_email(email)
    now = timezone.now()
    with transaction.atomic():
        # One invitation at a time per service: two admins inviting at once wait for each other.
        Organisation.objects.select_for_update().get(pk=organisation.pk)
        pending = StaffInvitation.objects.pending().filter(organisation=organisation, email=email)
        if pending.filter(expires_at__gt=now).exists():
            raise AlreadyInvited(
                _("%(email)s has a pending invitation already: send it again from the list.")
                % {"email": email}
            )
        # An expired invitation gives way to the new one.
        pending.update(cancelled_at=now)
        existing = User.objects.with_email(email).first()
        if (
            existing is not None
            and Membership.objects.filter(user=existing, organisation=organisation).exists()
        ):
            raise AlreadyStaff(
                _("%(email)s is already on your service's staff (see the list).") % {"email": email}
            )
        invitation = StaffInvitation.objects.create(
            organisation=organisation,
            email=email,
            display_name=name,
            role=role,
            invited_by=by,
            created_at=now,
            sent_at=now,
            expires_at=now + invitation_lifetime(),
        )
        _send(invitation, site=site)
    return invitation


def pending_invitation(*, organisation: Organisation, pk: int) -> StaffInvitation:
    return StaffInvitation.objects.pending().get(organisation=organisation, pk=pk)


def resend(*, invitation: StaffInvitation, by: User, site: str) -> StaffInvitation:
    """A new link (the earlier one stops working) and a new expiry."""
    now = timezone.now()
    with transaction.atomic():
        invitation = StaffInvitation.objects.select_for_update().pending().get(pk=invitation.pk)
        invitation.sent_at = now
        invitation.expires_at = now + invitation_lifetime()
        invitation.save(update_fields=["sent_at", "expires_at"])
        _send(invitation, site=site)
    return invitation


def cancel(*, invitation: StaffInvitation) -> None:
    """The link stops working (no account was made for it)."""
    with transaction.atomic():
        invitation = StaffInvitation.objects.select_for_update().pending().get(pk=invitation.pk)
        invitation.cancelled_at = timezone.now()
        invitation.token_hash = None
        invitation.save(update_fields=["cancelled_at", "token_hash"])


def invitation_for_token(token: str) -> StaffInvitation | None:
    """The pending invitation whose link this is, expired or not (None for a link cancelled,
    replaced, used or never made)."""
    return (
        StaffInvitation.objects.pending()
        .filter(token_hash=EnrolmentLink.hash(token))
        .select_related("organisation", "invited_by")
        .first()
    )


def join(*, invitation: StaffInvitation, display_name: str, password: str) -> User:
    """The invited person followed the link and chose a password: their account is made, with
    the address confirmed (the link reached it), and they are staff. Raises ServiceError when
    the invitation was used, cancelled or expired meanwhile, AddressTaken when the address has
    an account by now."""
    now = timezone.now()
    with transaction.atomic():
        # Locked and checked again: two browsers holding the link cannot both use it.
        invitation = (
            StaffInvitation.objects.select_for_update()
            .usable(now)
            .filter(pk=invitation.pk, token_hash__isnull=False)
            .first()
        )
        if invitation is None:
            raise ServiceError(_("This invitation has been used, cancelled or has expired."))
        if User.objects.with_email(invitation.email).exists():
            raise AddressTaken(_("This address has a Debrief account now."))
        user = User(
            email=invitation.email,
            display_name=display_name,
            role=User.Role.ADVISER,
            email_confirmed_at=now,
        )
        user.set_password(password)
        user.save()
        Membership.objects.create(
            organisation=invitation.organisation,
            user=user,
            role=invitation.role,
            invited_by=invitation.invited_by,
            created_at=now,
        )
        invitation.user = user
        invitation.accepted_at = now
        invitation.token_hash = None
        invitation.save(update_fields=["user", "accepted_at", "token_hash"])
    return user


# --- Deactivation -------------------------------------------------------------------------------


def is_last_admin(membership: Membership) -> bool:
    if not membership.is_admin:
        return False
    # Only admins who have joined count: an invited admin may never accept.
    return not (
        joined(organisation=membership.organisation)
        .filter(deactivated_at__isnull=True, role=Membership.Role.ADMIN)
        .exclude(pk=membership.pk)
        .exists()
    )


def deactivate(*, membership: Membership, by: User | None = None) -> Membership:
    """The member loses every client's record and the service's pages at once. Their clients'
    consent is untouched: hand it over (with each client's yes) or the clients revoke it."""
    with transaction.atomic():
        Organisation.objects.select_for_update().get(pk=membership.organisation_id)
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if not membership.is_current:
            return membership
        if is_last_admin(membership):
            raise ServiceError(
                _("You are the service's only admin: invite another admin before leaving.")
            )
        membership.deactivated_at = timezone.now()
        membership.save(update_fields=["deactivated_at"])
        # No client is left with a proposal they can no longer accept.
        _withdraw(Handover.objects.open().filter(to_adviser=membership.user_id))
        service_audit.record(
            organisation=membership.organisation,
            actor=by,
            action=ServiceAuditEntry.Action.MEMBER_DEACTIVATED,
            subject=_who(membership),
        )
    return membership


def reactivate(*, membership: Membership, by: User | None = None) -> Membership:
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if membership.deactivated_at is None:
            return membership
        membership.deactivated_at = None
        membership.save(update_fields=["deactivated_at"])
        service_audit.record(
            organisation=membership.organisation,
            actor=by,
            action=ServiceAuditEntry.Action.MEMBER_REACTIVATED,
            subject=_who(membership),
        )
    return membership


def change_role(*, membership: Membership, role: str, by: User | None = None) -> Membership:
    """Make a member an admin of the service, or an adviser only. The last admin stays one."""
    if role not in Membership.Role.values:
        raise ServiceError(_("Choose adviser or service admin."))
    with transaction.atomic():
        Organisation.objects.select_for_update().get(pk=membership.organisation_id)
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if membership.role == role:
            return membership
        if is_last_admin(membership):
            raise ServiceError(_("This is the service's only admin: make another admin first."))
        before = membership.get_role_display()
        membership.role = role
        membership.save(update_fields=["role"])
        service_audit.record(
            organisation=membership.organisation,
            actor=by,
            action=ServiceAuditEntry.Action.ROLE_CHANGED,
            subject=f"{_who(membership)}: {before} → {membership.get_role_display()}",
        )
    return membership


def _who(membership: Membership) -> str:
    return f"{membership.user.display_name} ({membership.user.email})"


# --- Handover -----------------------------------------------------------------------------------


def handover_candidates(*, from_member: Membership, to_member: Membership):
    """The active consents of the first adviser whose client has no open handover from them and
    does not already share with the second: those a handover would be proposed for."""
    already_shares = AdviserAccess.objects.filter(
        client=OuterRef("client"),
        adviser=to_member.user_id,
        status__in=[AdviserAccess.Status.PENDING, AdviserAccess.Status.ACTIVE],
    )
    open_handover = Handover.objects.filter(
        client=OuterRef("client"),
        from_adviser=from_member.user_id,
        status=Handover.Status.PROPOSED,
    )
    return (
        AdviserAccess.objects.active()
        .filter(adviser=from_member.user_id)
        .exclude(Exists(already_shares))
        .exclude(Exists(open_handover))
    )


def propose_handover(
    *, from_member: Membership, to_member: Membership, by: User, reason: str = ""
) -> int:
    """A proposal to each of the first adviser's clients (see handover_candidates); returns how
    many. The admin never sees who they are."""
    if from_member.organisation_id != to_member.organisation_id:
        raise ServiceError(_("Both advisers must be on your service's staff."))
    if from_member.pk == to_member.pk:
        raise ServiceError(_("Choose another adviser to hand over to."))
    if not to_member.is_current:
        raise ServiceError(_("The adviser taking over must be a current member of staff."))
    now = timezone.now()
    with transaction.atomic():
        Organisation.objects.select_for_update().get(pk=from_member.organisation_id)
        # An expired proposal no longer stands in the way of a new one.
        Handover.objects.filter(from_adviser=from_member.user_id).close_expired(now)
        accesses = list(
            handover_candidates(from_member=from_member, to_member=to_member).select_related(
                "client"
            )
        )
        handovers = Handover.objects.bulk_create(
            Handover(
                organisation_id=from_member.organisation_id,
                client=access.client,
                from_adviser_id=from_member.user_id,
                to_adviser_id=to_member.user_id,
                proposed_by=by,
                proposed_at=now,
                reason=reason.strip(),
            )
            for access in accesses
        )
        to_adviser = to_member.user
        for handover in handovers:
            notify.handover_proposed(handover, to_adviser=to_adviser, from_adviser=from_member.user)
    return len(handovers)


def _decide(handover: Handover, status: str) -> Handover:
    handover = Handover.objects.select_for_update().get(pk=handover.pk)
    if handover.status == Handover.Status.WITHDRAWN:
        raise consent.ConsentError(_("Your careers service withdrew this proposal."))
    if handover.status != Handover.Status.PROPOSED or not handover.is_open:
        if handover.status == Handover.Status.PROPOSED:
            raise consent.ConsentError(
                _("This proposal expired: it could be answered for %(days)s days.")
                % {"days": Handover.LIFETIME.days}
            )
        raise consent.ConsentError(
            _("This proposal was %(status)s.") % {"status": handover.get_status_display().lower()}
        )
    handover.status = status
    handover.decided_at = timezone.now()
    handover.save(update_fields=["status", "decided_at"])
    return handover


def accept_handover(*, handover: Handover) -> Handover:
    """The client's yes: their consent to the first adviser ends (revoked) and a consent to the
    second begins, together or not at all; each change is kept with the client as its author."""
    with transaction.atomic():
        handover = _decide(handover, Handover.Status.ACCEPTED)
        to_adviser = User.objects.select_related("membership").get(pk=handover.to_adviser_id)
        membership = to_adviser.current_membership
        if (
            not to_adviser.may_act_as_adviser
            or membership is None
            or membership.organisation_id != handover.organisation_id
        ):
            raise consent.ConsentError(
                _("That adviser is no longer on the service's staff: nothing changed.")
            )
        old = (
            AdviserAccess.objects.active()
            .select_for_update()
            .filter(client=handover.client_id, adviser=handover.from_adviser_id)
            .first()
        )
        if old is None:
            # The client stopped sharing with the first adviser since: there is nothing to hand
            # over, and a yes to a move is not a new consent to the second adviser.
            raise consent.ConsentError(
                _("You no longer share your record with the adviser this proposal was about.")
            )
        consent.client_revoke(access=old)
        consent.client_grant(client=handover.client, adviser=to_adviser)
    return handover


def decline_handover(*, handover: Handover) -> Handover:
    with transaction.atomic():
        return _decide(handover, Handover.Status.DECLINED)


def _withdraw(handovers) -> int:
    return handovers.update(status=Handover.Status.WITHDRAWN, decided_at=timezone.now())


def withdraw_handovers(*, from_member: Membership) -> int:
    """The service changes its mind: the proposals still waiting for the first adviser's
    clients are withdrawn (the clients no longer see them; nothing changes hands). Returns how
    many. Locked against a client accepting at the same moment: each proposal is either
    accepted or withdrawn."""
    with transaction.atomic():
        waiting = Handover.objects.open().filter(
            organisation=from_member.organisation_id, from_adviser=from_member.user_id
        )
        ids = list(waiting.select_for_update().values_list("pk", flat=True))
        return _withdraw(Handover.objects.open().filter(pk__in=ids))


# --- Two-step sign-in ---------------------------------------------------------------------------

RECOVERY_CODES = 10


def new_recovery_codes(*, user: User) -> list[str]:
    """Ten new single-use codes (the earlier ones stop working), shown once: only the static
    device keeps them."""
    with transaction.atomic():
        device, _ignored = StaticDevice.objects.select_for_update().get_or_create(
            user=user, defaults={"name": "Recovery codes", "confirmed": True}
        )
        device.token_set.all().delete()
        codes = [secrets.token_hex(5) for _ in range(RECOVERY_CODES)]
        device.token_set.bulk_create(device.token_set.model(device=device, token=c) for c in codes)
        SecurityEvent.record(user=user, kind=SecurityEvent.Kind.RECOVERY_CODES, by=user)
    return codes


def reset_two_step(*, membership: Membership, by: User, site: str) -> None:
    """The adviser's authenticator and recovery codes are removed (any session verified with
    them is no longer), a new enrolment link goes to their address, and their own security log
    says who did it."""
    user = membership.user
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        SecurityEvent.record(user=user, kind=SecurityEvent.Kind.RESET, by=by)
        transaction.on_commit(lambda: send_enrolment_link(user=user, created_by=by, site=site))


def pending_handovers_by_adviser(*, organisation: Organisation) -> dict[int, int]:
    """How many proposals wait for a client's answer, by the adviser they would leave (not
    those of a client who stopped sharing with that adviser since: see accept_handover)."""
    still_shares = AdviserAccess.objects.active().filter(
        client=OuterRef("client"), adviser=OuterRef("from_adviser")
    )
    rows = (
        Handover.objects.open()
        .filter(Exists(still_shares), organisation=organisation)
        .values("from_adviser")
        .annotate(n=Count("pk"))
    )
    return {row["from_adviser"]: row["n"] for row in rows}
