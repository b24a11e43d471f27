"""The careers adviser's side: the access check every read of a client's record goes through,
two-step sign-in (for staff too), the caseload and notes. A client's record itself is in
views/client_record.py.

Every read of a client's record goes through `client_for_adviser`, which checks the client's
consent on every request (nothing is cached) and writes the client's access log, whatever the
HTTP method: no way of reading a record skips the log. Two-step verification is required by
`debrief.middleware.TwoStepVerificationMiddleware` on every page but the two-step pages here.
"""

import base64
import logging
from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from axes.helpers import get_client_ip_address
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from debrief.forms.adviser import (
    AdviserNoteForm,
    CaseloadFilterForm,
    RecoveryCodeForm,
    RequestAccessForm,
    TokenForm,
)
from debrief.models import AdviserNote, ClientInvitation, EnrolmentLink, SecurityEvent, User
from debrief.ratelimits import invitations_left_today, limit_creation
from debrief.replica import reads_from_replica
from debrief.services import cohorts, invitations, notify, organisations
from debrief.services.access_log import record_view
from debrief.services.caseload import caseload as caseload_rows
from debrief.services.caseload import with_latest_outcomes
from debrief.views import once
from debrief.views.shared import (
    delete_after_confirmation,
    paginate,
    query_string_without_page,
    safe_next,
)

logger = logging.getLogger(__name__)

# Said whatever the email: whether an address belongs to a Debrief user is not ours to reveal.
# The caseload lists this many of the addresses waiting for an answer (and how many in all).
WAITING_SHOWN = 20

REQUESTED_MESSAGE = (
    "If {email} belongs to a Debrief job seeker, they have been asked to share their record "
    "with you. Their record appears here once they accept."
)


def client_for_adviser[T](
    request: HttpRequest,
    client_id: int,
    *,
    viewed: str,
    item: Callable[[User], T] | None = None,
) -> tuple[User, T | None]:
    """The client whose record the signed-in adviser may read now, and the item of it asked for
    (`item(client)`, which 404s for anything not theirs); 404 unless the client's consent is
    active. Writes one entry in the client's access log (`viewed`, with the item filled in:
    "Application: {}") for every request that gets this far, whatever its method: this is the
    one place every read of a client's record passes through."""
    client = get_object_or_404(User.objects.clients_of(request.user), pk=client_id)
    found = None if item is None else item(client)
    record_view(
        viewer=request.user,
        client=client,
        viewed=viewed if found is None else viewed.format(found),
        path=request.path,
    )
    return client, found


def adviser_required(view):
    """Signed in as an adviser whom no careers service has deactivated (anyone else: 404, as
    if the page did not exist). The two-step check is the middleware's, for every page."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.may_act_as_adviser:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def needs_two_step(user: User) -> bool:
    """Advisers and staff read other people's records: a password alone is not enough."""
    return user.is_authenticated and (user.is_adviser or user.is_staff)


def two_step_user_required(view):
    """Signed in as an adviser or a staff member (anyone else: 404)."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not needs_two_step(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


# --- Two-step sign-in ---------------------------------------------------------------------------


# The key the set-up page offers, kept in the session until a code from the app proves the adviser
# has it: opening the page stores nothing in the database.
SETUP_KEY_SESSION = "adviser_totp_setup_key"
# The enrolment link followed in this session (its id): without one, no first enrolment.
ENROLMENT_LINK_SESSION = "two_step_enrolment_link"


def redirect_with_next(name: str, next_path: str) -> HttpResponse:
    return redirect(f"{reverse(f'debrief:{name}')}?{urlencode({'next': next_path})}")


def next_url(request: HttpRequest) -> str:
    if request.user.is_adviser:
        default = reverse("debrief:adviser-caseload")
    elif request.user.is_staff:
        default = reverse("admin:index")
    else:
        default = reverse("debrief:dashboard")
    return safe_next(request, default)


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def locked(device: TOTPDevice) -> TOTPDevice:
    """The device row, locked until the request's transaction ends: a parallel guess waits and
    then sees this one's throttle count, so guesses cannot slip past django-otp's throttle."""
    return TOTPDevice.objects.select_for_update().get(pk=device.pk)


def token_form(request: HttpRequest, device: TOTPDevice) -> TokenForm:
    form = TokenForm(request.POST or None, device=device)
    if request.method == "POST" and not form.is_valid() and form.refused:
        logger.warning(
            "two-step code refused user=%s ip=%s failures=%s",
            request.user.pk,
            get_client_ip_address(request),
            device.throttling_failure_count,
        )
    return form


def verified(request: HttpRequest, device: TOTPDevice) -> HttpResponse:
    otp_login(request, device)
    # A new session key for the more trusted session, as at sign-in.
    request.session.cycle_key()
    return redirect(next_url(request))


# New recovery codes waiting to be shown, once, on the next page (after a redirect, so that
# reloading the page never makes codes again).
RECOVERY_CODES_SESSION = "two_step_recovery_codes"


def show_recovery_codes(request: HttpRequest, codes: list[str]) -> None:
    request.session[RECOVERY_CODES_SESSION] = codes


def qr_code_data_uri(text: str) -> str:
    svg = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage).to_string()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode()


def session_enrolment_link(request: HttpRequest) -> EnrolmentLink | None:
    """The usable enrolment link this user followed in this session, if any."""
    link_id = request.session.get(ENROLMENT_LINK_SESSION)
    if link_id is None:
        return None
    return EnrolmentLink.objects.usable().filter(user=request.user, pk=link_id).first()


@require_safe
def two_factor_enrol(request: HttpRequest, token: str) -> HttpResponse:
    """The enrolment link from the email (or from staff): remembered in the session, then the
    set-up page, so the token does not stay in the address bar. Someone invited by a careers
    service has no password yet: their link, followed signed out, first lets them choose one
    (views/two_step.py); anyone else signs in first."""
    if not request.user.is_authenticated:
        link = (
            EnrolmentLink.objects.usable()
            .filter(token_hash=EnrolmentLink.hash(token))
            .select_related("user")
            .first()
        )
        if link is not None and invited_without_password(link):
            request.session[ENROLMENT_LINK_SESSION] = link.pk
            return redirect("debrief:adviser-2fa-password")
        return redirect_to_login(request.get_full_path())
    if not needs_two_step(request.user):
        raise Http404
    link = (
        EnrolmentLink.objects.usable()
        .filter(user=request.user, token_hash=EnrolmentLink.hash(token))
        .first()
    )
    if link is None:
        messages.error(
            request,
            "That enrolment link has expired, has been used already or is for another account.",
        )
    else:
        request.session[ENROLMENT_LINK_SESSION] = link.pk
    return redirect("debrief:adviser-2fa-setup")


def invited_without_password(link: EnrolmentLink) -> bool:
    """The link is a careers service's invitation, and its account has no password yet."""
    user = link.user
    return (
        user.is_active
        and user.is_adviser
        and not user.has_usable_password()
        and organisations.has_pending_invitation(user)
    )


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache  # The page shows the authenticator's secret key.
@two_step_user_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    if confirmed_device(request.user) is not None:
        return redirect_with_next("adviser-2fa-verify", next_url(request))
    link = session_enrolment_link(request)
    if link is None:
        return render(
            request,
            "debrief/two_step_link_needed.html",
            {"lifetime_days": EnrolmentLink.LIFETIME.days},
        )
    key = request.session.setdefault(SETUP_KEY_SESSION, default_key())
    if request.method == "POST":
        # Saved unconfirmed from the first code typed, so that wrong codes are throttled.
        device, _ = TOTPDevice.objects.get_or_create(
            user=request.user, key=key, confirmed=False, defaults={"name": "Authenticator app"}
        )
        device = locked(device)
    else:
        device = TOTPDevice(user=request.user, name="Authenticator app", key=key)
    form = token_form(request, device)
    if form.is_valid():
        # Locked: the same link cannot enrol twice from two tabs.
        link = EnrolmentLink.objects.select_for_update().usable().filter(pk=link.pk).first()
        if link is None:
            return redirect("debrief:adviser-2fa-setup")
        link.used_at = timezone.now()
        link.save(update_fields=["used_at"])
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        del request.session[SETUP_KEY_SESSION]
        del request.session[ENROLMENT_LINK_SESSION]
        SecurityEvent.record(user=request.user, kind=SecurityEvent.Kind.ENROLLED, by=request.user)
        messages.success(request, "Two-step sign-in is set up. You will need a code each time.")
        response = verified(request, device)
        show_recovery_codes(request, organisations.new_recovery_codes(user=request.user))
        return redirect_with_next("adviser-2fa-recovery-codes", response.url)
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "debrief/adviser_2fa_setup.html",
        {
            "form": form,
            "qr_code": qr_code_data_uri(device.config_url),
            "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
            "next": next_url(request),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@two_step_user_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    device = confirmed_device(request.user)
    if device is None:
        return redirect_with_next("adviser-2fa-setup", next_url(request))
    if request.user.is_verified():
        return redirect(next_url(request))
    recovery = StaticDevice.objects.filter(user=request.user, confirmed=True).first()
    if request.method == "POST" and "code" in request.POST and recovery is not None:
        recovery_form = RecoveryCodeForm(
            request.POST, device=StaticDevice.objects.select_for_update().get(pk=recovery.pk)
        )
        if recovery_form.is_valid():
            SecurityEvent.record(
                user=request.user, kind=SecurityEvent.Kind.RECOVERY_CODE_USED, by=request.user
            )
            left = recovery_form.device.token_set.count()
            messages.warning(
                request,
                f"You signed in with a recovery code; {left} left. Lost your phone? Ask your "
                "service admin to reset your two-step sign-in.",
            )
            return verified(request, recovery_form.device)
        if recovery_form.refused:
            logger.warning(
                "two-step recovery code refused user=%s ip=%s failures=%s",
                request.user.pk,
                get_client_ip_address(request),
                recovery_form.device.throttling_failure_count,
            )
        form = TokenForm(device=device)
    else:
        recovery_form = RecoveryCodeForm(device=recovery)
        if request.method == "POST":
            device = locked(device)
        form = token_form(request, device)
        if form.is_valid():
            return verified(request, device)
    return render(
        request,
        "debrief/adviser_2fa_verify.html",
        {
            "form": form,
            "recovery_form": recovery_form if recovery is not None else None,
            "next": next_url(request),
        },
    )


# --- Caseload -----------------------------------------------------------------------------------


def caseload_for(request: HttpRequest) -> tuple[CaseloadFilterForm, cohorts.CaseloadView]:
    """The caseload as filtered (search, tag, needing attention) and sorted, with its signals and
    tags: the page and its CSV show the same rows."""
    tags = cohorts.tags_for(request.user)
    filters = CaseloadFilterForm(request.GET, tags=tags)
    search, sort, tag, attention = "", "name", None, False
    if filters.is_valid():
        search = filters.cleaned_data["q"]
        sort = filters.cleaned_data["sort"] or "name"
        tag = next((t for t in tags if t.pk == filters.cleaned_data["tag"]), None)
        attention = filters.cleaned_data["attention"]
    now = timezone.now()
    rows = caseload_rows(
        adviser=request.user, now=now, today=timezone.localdate(), search=search, sort=sort
    )
    return filters, cohorts.caseload_view(
        adviser=request.user,
        rows=rows,
        now=now,
        today=timezone.localdate(),
        tags=tags,
        tag=tag,
        attention_only=attention,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@reads_from_replica  # a read-only report over many clients: the replica's, once it has your writes
@adviser_required
@limit_creation
def caseload(request: HttpRequest) -> HttpResponse:
    request_form = RequestAccessForm(request.POST or None)
    if request_form.is_valid() and not invitations_left_today(request.user):
        request_form.add_error(
            "email",
            "You have asked 1,000 people today, the most in a day: ask again tomorrow.",
        )
    if request_form.is_valid():
        email = request_form.cleaned_data["email"]
        # A batch of one, sent by the worker: whether the address has an account changes
        # nothing the adviser sees, not even how long this takes.
        invitations.ask_one(adviser=request.user, email=email)
        messages.success(request, REQUESTED_MESSAGE.format(email=email))
        return redirect("debrief:adviser-caseload")

    filters, view = caseload_for(request)
    page_obj = paginate(request, view.rows)
    with_latest_outcomes(page_obj.object_list)
    waiting = invitations.waiting_for_answer(adviser=request.user)
    shown = list(waiting[:WAITING_SHOWN])
    return render(
        request,
        "debrief/adviser_caseload.html",
        {
            "filters": filters,
            "search": filters.cleaned_data.get("q", "") if filters.is_valid() else "",
            "view": view,
            "request_form": request_form,
            "page_obj": page_obj,
            "query_string": query_string_without_page(request),
            "waiting": shown,
            "waiting_more": waiting.count() - len(shown) if len(shown) == WAITING_SHOWN else 0,
            "lifetime_days": ClientInvitation.LIFETIME.days,
        },
    )


# --- Notes --------------------------------------------------------------------------------------


def own_note(request: HttpRequest, client: User, pk: int) -> AdviserNote:
    """A note this adviser wrote about this client; another adviser's note is 404."""
    return get_object_or_404(AdviserNote.objects.filter(adviser=request.user, client=client), pk=pk)


def after_note(note: AdviserNote) -> str:
    if note.interview_id:
        return reverse("debrief:adviser-interview-detail", args=[note.client_id, note.interview_id])
    return reverse("debrief:adviser-dashboard", args=[note.client_id])


@require_http_methods(["GET", "HEAD", "POST"])
@adviser_required
@limit_creation
def note_new(request: HttpRequest, client_id: int) -> HttpResponse:
    client, _ = client_for_adviser(
        request, client_id, viewed="Writing a note (your interviews are listed)"
    )
    interview = request.GET.get("interview", "")
    if replay := once.already_saved(request):
        return replay
    form = once.protect(
        AdviserNoteForm(
            request.POST or None,
            client=client,
            initial={
                "interview": interview if interview.isascii() and interview.isdigit() else None
            },
        )
    )
    if form.is_valid():

        def save() -> str:
            note = form.save(commit=False)
            note.adviser = request.user
            note.client = client
            note.save()
            notify.note_added(note)
            messages.success(request, f"Note saved. {client} can read it on their dashboard.")
            return after_note(note)

        return once.save_once(request, save)
    return render(
        request, "debrief/adviser_note_form.html", {"form": form, "client": client, "note": None}
    )


@require_http_methods(["GET", "HEAD", "POST"])
@adviser_required
def note_edit(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    client, _ = client_for_adviser(
        request, client_id, viewed="Editing a note (your interviews are listed)"
    )
    note = own_note(request, client, pk)
    form = AdviserNoteForm(request.POST or None, instance=note, client=client)
    if form.is_valid():
        form.save()
        messages.success(request, "Note updated.")
        return redirect(after_note(note))
    return render(
        request, "debrief/adviser_note_form.html", {"form": form, "client": client, "note": note}
    )


@require_http_methods(["GET", "HEAD", "POST"])
@adviser_required
def note_delete(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    client, _ = client_for_adviser(request, client_id, viewed="Deleting a note")
    note = own_note(request, client, pk)
    return delete_after_confirmation(
        request,
        note,
        what="this note",
        cancel_url=after_note(note),
        success_url=reverse("debrief:adviser-dashboard", args=[client.pk]),
        message="Note deleted.",
        consequences=f"{client} will no longer see it.",
        shown_as=note.text if len(note.text) <= 80 else note.text[:80] + "…",
    )


CLIENT = "adviser/clients/<int:client_id>"

urlpatterns = [
    path("adviser/", caseload, name="adviser-caseload"),
    path("adviser/2fa/setup/", two_factor_setup, name="adviser-2fa-setup"),
    path("adviser/2fa/verify/", two_factor_verify, name="adviser-2fa-verify"),
    path("adviser/2fa/enrol/<str:token>/", two_factor_enrol, name="adviser-2fa-enrol"),
    path(f"{CLIENT}/notes/new/", note_new, name="adviser-note-new"),
    path(f"{CLIENT}/notes/<int:pk>/edit/", note_edit, name="adviser-note-edit"),
    path(f"{CLIENT}/notes/<int:pk>/delete/", note_delete, name="adviser-note-delete"),
]
