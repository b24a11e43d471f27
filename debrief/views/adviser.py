"""The careers adviser's side: the access check every adviser page goes through, two-step
sign-in, the caseload and notes. A client's record itself is in views/client_record.py.

Every page of a client's record goes through `client_for_adviser`, which checks the client's
consent on every request (nothing is cached), so a revoked access ends on the next page.
"""

import base64
from functools import wraps
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from debrief.forms.adviser import (
    AdviserNoteForm,
    CaseloadFilterForm,
    RequestAccessForm,
    TokenForm,
)
from debrief.models import (
    AdviserAccess,
    AdviserNote,
    User,
)
from debrief.services import consent
from debrief.services.access_log import record_view
from debrief.services.caseload import caseload as caseload_rows
from debrief.views import once
from debrief.views.shared import (
    delete_after_confirmation,
    paginate,
    query_string_without_page,
    safe_next,
)

# Said whatever the email: whether an address belongs to a Debrief user is not ours to reveal.
REQUESTED_MESSAGE = (
    "If {email} belongs to a Debrief job seeker, they have been asked to share their record "
    "with you. Their record appears here once they accept."
)


def client_for_adviser(request: HttpRequest, client_id: int) -> User:
    """The client whose record the signed-in adviser may read now; 404 unless the client's
    consent is active (no consent, pending, declined, revoked, or another adviser's client)."""
    return get_object_or_404(
        User.objects.filter(
            adviser_accesses__adviser=request.user,
            adviser_accesses__status=AdviserAccess.Status.ACTIVE,
        ),
        pk=client_id,
    )


def log_view(request: HttpRequest, client: User, viewed: str) -> None:
    """Write the client's access log for a page of their record the adviser opened."""
    if request.method == "GET":
        record_view(adviser=request.user, client=client, viewed=viewed, path=request.path)


def adviser_role_required(view):
    """Signed in as an adviser (anyone else: 404, as if the page did not exist)."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_adviser:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def adviser_required(view):
    """An adviser who has passed the two-step check in this session: advisers read other
    people's records, so a stolen password alone must not be enough."""

    @adviser_role_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_verified():
            has_device = TOTPDevice.objects.devices_for_user(request.user, confirmed=True).exists()
            step = "adviser-2fa-verify" if has_device else "adviser-2fa-setup"
            return redirect_with_next(step, request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper


# --- Two-step sign-in ---------------------------------------------------------------------------


# The key the set-up page offers, kept in the session until a code from the app proves the adviser
# has it: opening the page stores nothing in the database.
SETUP_KEY_SESSION = "adviser_totp_setup_key"


def redirect_with_next(name: str, next_path: str) -> HttpResponse:
    return redirect(f"{reverse(f'debrief:{name}')}?{urlencode({'next': next_path})}")


def next_url(request: HttpRequest) -> str:
    return safe_next(request, reverse("debrief:adviser-caseload"))


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def verified(request: HttpRequest, device: TOTPDevice) -> HttpResponse:
    otp_login(request, device)
    # A new session key for the more trusted session, as at sign-in.
    request.session.cycle_key()
    return redirect(next_url(request))


def qr_code_data_uri(text: str) -> str:
    svg = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage).to_string()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode()


@adviser_role_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    if confirmed_device(request.user) is not None:
        return redirect_with_next("adviser-2fa-verify", next_url(request))
    key = request.session.setdefault(SETUP_KEY_SESSION, default_key())
    if request.method == "POST":
        # Saved unconfirmed from the first code typed, so that wrong codes are throttled.
        device, _ = TOTPDevice.objects.get_or_create(
            user=request.user, key=key, confirmed=False, defaults={"name": "Authenticator app"}
        )
    else:
        device = TOTPDevice(user=request.user, name="Authenticator app", key=key)
    form = TokenForm(request.POST or None, device=device)
    if form.is_valid():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        del request.session[SETUP_KEY_SESSION]
        messages.success(request, "Two-step sign-in is set up. You will need a code each time.")
        return verified(request, device)
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


@adviser_role_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    device = confirmed_device(request.user)
    if device is None:
        return redirect_with_next("adviser-2fa-setup", next_url(request))
    if request.user.is_verified():
        return redirect(next_url(request))
    form = TokenForm(request.POST or None, device=device)
    if form.is_valid():
        return verified(request, device)
    return render(
        request, "debrief/adviser_2fa_verify.html", {"form": form, "next": next_url(request)}
    )


# --- Caseload -----------------------------------------------------------------------------------


@adviser_required
def caseload(request: HttpRequest) -> HttpResponse:
    request_form = RequestAccessForm(request.POST or None)
    if request_form.is_valid():
        email = request_form.cleaned_data["email"]
        client = consent.find_client(email)
        if client is not None and client.pk != request.user.pk:
            consent.adviser_request(adviser=request.user, client=client)
        messages.success(request, REQUESTED_MESSAGE.format(email=email))
        return redirect("debrief:adviser-caseload")

    filters = CaseloadFilterForm(request.GET)
    search, sort = "", "name"
    if filters.is_valid():
        search = filters.cleaned_data["q"]
        sort = filters.cleaned_data["sort"] or "name"
    rows = caseload_rows(
        adviser=request.user,
        now=timezone.now(),
        today=timezone.localdate(),
        search=search,
        sort=sort,
    )
    pending = AdviserAccess.objects.filter(
        adviser=request.user, status=AdviserAccess.Status.PENDING
    ).select_related("client")
    return render(
        request,
        "debrief/adviser_caseload.html",
        {
            "filters": filters,
            "search": search,
            "request_form": request_form,
            "page_obj": paginate(request, rows),
            "query_string": query_string_without_page(request),
            "pending": pending.order_by("-requested_at"),
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


@adviser_required
def note_new(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_for_adviser(request, client_id)
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
            messages.success(request, f"Note saved. {client} can read it on their dashboard.")
            return after_note(note)

        return once.save_once(request, save)
    log_view(request, client, "Writing a note (your interviews are listed)")
    return render(
        request, "debrief/adviser_note_form.html", {"form": form, "client": client, "note": None}
    )


@adviser_required
def note_edit(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    client = client_for_adviser(request, client_id)
    note = own_note(request, client, pk)
    form = AdviserNoteForm(request.POST or None, instance=note, client=client)
    if form.is_valid():
        form.save()
        messages.success(request, "Note updated.")
        return redirect(after_note(note))
    log_view(request, client, "Editing a note (your interviews are listed)")
    return render(
        request, "debrief/adviser_note_form.html", {"form": form, "client": client, "note": note}
    )


@adviser_required
def note_delete(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    client = client_for_adviser(request, client_id)
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
    path(f"{CLIENT}/notes/new/", note_new, name="adviser-note-new"),
    path(f"{CLIENT}/notes/<int:pk>/edit/", note_edit, name="adviser-note-edit"),
    path(f"{CLIENT}/notes/<int:pk>/delete/", note_delete, name="adviser-note-delete"),
]
