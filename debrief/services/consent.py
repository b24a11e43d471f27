"""Consent: a client's permission for one adviser to read their record.

The life of an `AdviserAccess`:

    adviser_request ─► pending ─► client_accept ─► active ─► client_revoke ─► revoked
                          └─────► client_decline ─► declined
    client_grant ─► active (accepting the adviser's pending request, if there is one)

Each change is kept as an `AdviserAccessChange` with its time and who made it. A declined or
revoked access is closed for good: asking again opens a new one, so the history stays intact.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from debrief.identity import normalise_email
from debrief.models import AdviserAccess, AdviserAccessChange, SharedAddress, User
from debrief.services import notify

Status = AdviserAccess.Status


class ConsentError(ValueError):
    """A change of consent that the state of the access does not allow."""


CONFIRM_FIRST = gettext_lazy(
    "Confirm your email address first (open the link we sent you): until then no adviser can be "
    "given access to your record."
)


def find_person(email: str, role: str) -> User | None:
    """Only an account whose owner has confirmed the address: otherwise anyone could sign up with
    someone else's address and have an adviser find "them"."""
    return User.objects.reachable().with_email(email).filter(role=role).first()


def find_adviser(email: str) -> User | None:
    return find_person(email, User.Role.ADVISER)


def find_client(email: str) -> User | None:
    return find_person(email, User.Role.JOB_SEEKER)


def require_confirmed(client: User) -> None:
    if not client.has_confirmed_email:
        raise ConsentError(CONFIRM_FIRST)


def open_access(*, client: User, adviser: User) -> AdviserAccess | None:
    """The pending or active access of this pair, locked until the transaction ends."""
    return (
        AdviserAccess.objects.select_for_update()
        .filter(client=client, adviser=adviser, status__in=[Status.PENDING, Status.ACTIVE])
        .first()
    )


def _record(access: AdviserAccess, *, by: User) -> AdviserAccess:
    access.save()
    AdviserAccessChange.objects.create(
        access=access, status=access.status, changed_by=by, changed_at=timezone.now()
    )
    notify.consent_changed(access)
    return access


def _locked(access: AdviserAccess, *, expected: str) -> AdviserAccess:
    access = AdviserAccess.objects.select_for_update().get(pk=access.pk)
    if access.status != expected:
        raise ConsentError(
            _("This access is now %(status)s.") % {"status": access.get_status_display().lower()}
        )
    return access


def adviser_request(*, adviser: User, client: User) -> AdviserAccess:
    """The adviser asks the client for access; an open request or access is left as it is."""
    if adviser.pk == client.pk:
        raise ConsentError(_("An adviser cannot ask for access to their own record."))
    require_confirmed(client)
    with transaction.atomic():
        existing = open_access(client=client, adviser=adviser)
        if existing is not None:
            return existing
        access = AdviserAccess(
            client=client, adviser=adviser, status=Status.PENDING, requested_at=timezone.now()
        )
        return _record(access, by=adviser)


def client_grant(*, client: User, adviser: User) -> AdviserAccess:
    """The client gives the adviser access, accepting the adviser's request if there is one."""
    if adviser.pk == client.pk:
        raise ConsentError(_("You cannot share your record with yourself."))
    require_confirmed(client)
    with transaction.atomic():
        existing = open_access(client=client, adviser=adviser)
        if existing is not None and existing.status == Status.ACTIVE:
            return existing
        if existing is not None:
            return client_accept(access=existing)
        access = AdviserAccess(
            client=client, adviser=adviser, status=Status.ACTIVE, granted_at=timezone.now()
        )
        return _record(access, by=client)


def client_accept(*, access: AdviserAccess) -> AdviserAccess:
    require_confirmed(access.client)
    with transaction.atomic():
        access = _locked(access, expected=Status.PENDING)
        access.status = Status.ACTIVE
        access.granted_at = timezone.now()
        return _record(access, by=access.client)


def client_decline(*, access: AdviserAccess) -> AdviserAccess:
    with transaction.atomic():
        access = _locked(access, expected=Status.PENDING)
        access.status = Status.DECLINED
        access.ended_at = timezone.now()
        return _record(access, by=access.client)


def client_revoke(*, access: AdviserAccess) -> AdviserAccess:
    """Ends the adviser's access at once: every adviser page checks consent on each request."""
    with transaction.atomic():
        access = _locked(access, expected=Status.ACTIVE)
        access.status = Status.REVOKED
        access.ended_at = timezone.now()
        return _record(access, by=access.client)


def share_with_address(*, client: User, email: str) -> SharedAddress:
    """The client gives access to whoever has this address, if it is a current careers
    adviser's: the address is kept and listed as typed either way (see SharedAddress)."""
    require_confirmed(client)
    email = normalise_email(email)
    with transaction.atomic():
        shared = (
            SharedAddress.objects.select_for_update()
            .filter(client=client, email=email, ended_at__isnull=True)
            .first()
        )
        if shared is not None:
            return shared
        adviser = find_adviser(email)
        access = None
        if adviser is not None and adviser.pk != client.pk:
            access = client_grant(client=client, adviser=adviser)
        return SharedAddress.objects.create(client=client, email=email, access=access)


def stop_sharing_with_address(*, shared: SharedAddress) -> SharedAddress:
    """Ends what sharing with the address gave, at once."""
    with transaction.atomic():
        shared = SharedAddress.objects.select_for_update().get(pk=shared.pk)
        if shared.ended_at is not None:
            raise ConsentError(_("You had already stopped sharing with this address."))
        shared.ended_at = timezone.now()
        shared.save(update_fields=["ended_at"])
        access = shared.access
        if access is not None and access.status == Status.ACTIVE:
            client_revoke(access=access)
        return shared
