"""The careers adviser's side: two-step sign-in, the caseload, notes, and a consenting client's
record, read-only, through the job seeker's own templates.

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
    Application,
    FeedbackRequest,
    Interview,
    StarAnswer,
    User,
)
from debrief.services import consent
from debrief.services.access_log import record_view
from debrief.services.caseload import caseload as caseload_rows
from debrief.services.dashboard import dashboard_context
from debrief.views.actions import action_list_context
from debrief.views.applications import application_detail_context, application_list_context
from debrief.views.feedback import feedback_detail_context, feedback_list_context
from debrief.views.interviews import interview_detail_context
from debrief.views.shared import (
    delete_after_confirmation,
    paginate,
    query_string_without_page,
    safe_next,
)
from debrief.views.star import star_detail_context, star_list_context

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
    form = AdviserNoteForm(
        request.POST or None,
        client=client,
        initial={"interview": interview if interview.isascii() and interview.isdigit() else None},
    )
    if form.is_valid():
        note = form.save(commit=False)
        note.adviser = request.user
        note.client = client
        note.save()
        messages.success(request, f"Note saved. {client} can read it on their dashboard.")
        return redirect(after_note(note))
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


# --- A client's record, read-only ---------------------------------------------------------------


# The record's sections: the page that opens each, and the pages that belong to it.
RECORD_SECTIONS = [
    ("adviser-dashboard", "Dashboard and notes", []),
    (
        "adviser-application-list",
        "Applications",
        ["adviser-application-detail", "adviser-interview-detail"],
    ),
    ("adviser-feedback-list", "Feedback", ["adviser-feedback-detail"]),
    ("adviser-star-list", "STAR answers", ["adviser-star-detail"]),
    ("adviser-action-list", "Actions", []),
]


def record_sections(request: HttpRequest, client: User) -> list[dict]:
    page = request.resolver_match.url_name
    return [
        {
            "url": reverse(f"debrief:{name}", args=[client.pk]),
            "label": label,
            "current": "page" if page == name else "true" if page in pages else "",
        }
        for name, label, pages in RECORD_SECTIONS
    ]


def render_record(
    request: HttpRequest, client: User, template: str, context: dict, *, viewed: str
) -> HttpResponse:
    """A job seeker's page, with its own template and context, as the adviser reads it."""
    log_view(request, client, viewed)
    return render(
        request,
        "debrief/adviser_record.html",
        {
            **context,
            "record_template": template,
            "record_client": client,
            "record_sections": record_sections(request, client),
        },
    )


def notes_context(request: HttpRequest, client: User, interview: Interview | None = None) -> dict:
    """The adviser's own notes on this client (about this interview, if given) and a form for
    a new one."""
    notes = AdviserNote.objects.filter(adviser=request.user, client=client).select_related(
        "adviser", "interview__application"
    )
    if interview is not None:
        notes = notes.filter(interview=interview)
    return {
        "adviser_notes": list(notes),
        "note_form": AdviserNoteForm(client=client, initial={"interview": interview}),
    }


@adviser_required
def client_dashboard(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_for_adviser(request, client_id)
    context = {**dashboard_context(client, timezone.localdate()), **notes_context(request, client)}
    return render_record(request, client, "debrief/dashboard.html", context, viewed="Dashboard")


@adviser_required
def client_application_list(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_for_adviser(request, client_id)
    context = application_list_context(request, client)
    return render_record(
        request, client, "debrief/application_list.html", context, viewed="Applications"
    )


@adviser_required
def client_application_detail(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    client = client_for_adviser(request, client_id)
    application = get_object_or_404(Application.objects.for_user(client), pk=pk)
    return render_record(
        request,
        client,
        "debrief/application_detail.html",
        application_detail_context(application),
        viewed=f"Application: {application}",
    )


@adviser_required
def client_interview_detail(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    client = client_for_adviser(request, client_id)
    interview = get_object_or_404(
        Interview.objects.for_user(client).select_related("application"), pk=pk
    )
    return render_record(
        request,
        client,
        "debrief/interview_detail.html",
        {**interview_detail_context(interview), **notes_context(request, client, interview)},
        viewed=f"Interview: {interview}",
    )


@adviser_required
def client_feedback_list(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_for_adviser(request, client_id)
    return render_record(
        request,
        client,
        "debrief/feedbackrequest_list.html",
        feedback_list_context(request, client),
        viewed="Feedback requests",
    )


@adviser_required
def client_feedback_detail(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    client = client_for_adviser(request, client_id)
    feedback_request = get_object_or_404(
        FeedbackRequest.objects.for_user(client).select_related("interview__application"), pk=pk
    )
    context = feedback_detail_context(
        feedback_request, sender_name=client.display_name, today=timezone.localdate()
    )
    return render_record(
        request,
        client,
        "debrief/feedbackrequest_detail.html",
        context,
        viewed=f"Feedback request: {feedback_request.interview}",
    )


@adviser_required
def client_star_list(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_for_adviser(request, client_id)
    return render_record(
        request,
        client,
        "debrief/staranswer_list.html",
        star_list_context(request, client),
        viewed="STAR answers",
    )


@adviser_required
def client_star_detail(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    client = client_for_adviser(request, client_id)
    answer = get_object_or_404(StarAnswer.objects.for_user(client), pk=pk)
    return render_record(
        request,
        client,
        "debrief/staranswer_detail.html",
        star_detail_context(answer),
        viewed=f"STAR answer: {answer}",
    )


@adviser_required
def client_action_list(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_for_adviser(request, client_id)
    return render_record(
        request,
        client,
        "debrief/actionitem_list.html",
        action_list_context(request, client),
        viewed="Action items",
    )


CLIENT = "adviser/clients/<int:client_id>"

urlpatterns = [
    path("adviser/", caseload, name="adviser-caseload"),
    path("adviser/2fa/setup/", two_factor_setup, name="adviser-2fa-setup"),
    path("adviser/2fa/verify/", two_factor_verify, name="adviser-2fa-verify"),
    path(f"{CLIENT}/", client_dashboard, name="adviser-dashboard"),
    path(f"{CLIENT}/applications/", client_application_list, name="adviser-application-list"),
    path(
        f"{CLIENT}/applications/<int:pk>/",
        client_application_detail,
        name="adviser-application-detail",
    ),
    path(
        f"{CLIENT}/interviews/<int:pk>/", client_interview_detail, name="adviser-interview-detail"
    ),
    path(f"{CLIENT}/feedback/", client_feedback_list, name="adviser-feedback-list"),
    path(f"{CLIENT}/feedback/<int:pk>/", client_feedback_detail, name="adviser-feedback-detail"),
    path(f"{CLIENT}/star/", client_star_list, name="adviser-star-list"),
    path(f"{CLIENT}/star/<int:pk>/", client_star_detail, name="adviser-star-detail"),
    path(f"{CLIENT}/actions/", client_action_list, name="adviser-action-list"),
    path(f"{CLIENT}/notes/new/", note_new, name="adviser-note-new"),
    path(f"{CLIENT}/notes/<int:pk>/edit/", note_edit, name="adviser-note-edit"),
    path(f"{CLIENT}/notes/<int:pk>/delete/", note_delete, name="adviser-note-delete"),
]
