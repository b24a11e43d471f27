"""The careers adviser's side: the access check every read of a client's record goes through,
the caseload and notes. A client's record itself is in views/client_record.py; two-step sign-in
(for staff too) in views/two_step.py.

Every read of a client's record goes through `client_for_adviser`, which checks the client's
consent on every request (nothing is cached) and writes the client's access log, whatever the
HTTP method: no way of reading a record skips the log. Two-step verification is required by
`debrief.middleware.TwoStepVerificationMiddleware` on every page but the two-step pages.
"""

import datetime
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from debrief import csrf_slot
from debrief.forms.adviser import (
    AdviserNoteForm,
    CaseloadFilterForm,
    RequestAccessForm,
)
from debrief.models import AdviserNote, User, invitation_lifetime
from debrief.ratelimits import invitations_left_today, limit_creation
from debrief.replica import reads_from_replica
from debrief.services import cohorts, invitations, notify
from debrief.services.access_log import record_view
from debrief.services.caseload import SORTS, Filters
from debrief.services.caseload_body import Written, caseload_body
from debrief.views import once
from debrief.views.shared import (
    delete_after_confirmation,
    query_string_without_page,
    signed_in_and,
    transaction_for_changes,
)

# Said whatever the email: whether an address belongs to a Debrief user is not ours to reveal.
# The caseload lists this many of the addresses waiting for an answer (and how many in all).
WAITING_SHOWN = 20

REQUESTED_MESSAGE = gettext_lazy(
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
    # With their waiting times and record version, as debrief.auth loads a signed-in person: the
    # client's dashboard reads both (the silence question, the cache key).
    client = get_object_or_404(
        User.objects.clients_of(request.user).select_related("reply_settings", "record_version"),
        pk=client_id,
    )
    found = None if item is None else item(client)
    # The client reads their access log: written in the client's language, not the adviser's
    # (debrief.i18n.language_of once the account has a language; English until then).
    with translation.override(getattr(client, "language", "") or settings.LANGUAGE_CODE):
        viewed_text = str(viewed) if found is None else viewed.format(found)
    record_view(viewer=request.user, client=client, viewed=viewed_text, path=request.path)
    return client, found


# Signed in as an adviser whom no careers service has deactivated (anyone else: 404).
adviser_required = signed_in_and(lambda user: user.may_act_as_adviser)


# --- Caseload -----------------------------------------------------------------------------------


def caseload_filters(request: HttpRequest, tags: list) -> tuple[CaseloadFilterForm, Filters]:
    """The caseload's filters as asked in the URL (search, tag, needing attention, order); a
    value the form refuses is left out and said next to its field."""
    form = CaseloadFilterForm(request.GET, tags=tags)
    if not form.is_valid():
        return form, Filters()
    data = form.cleaned_data
    return form, Filters(
        search=data["q"],
        # Only one of the adviser's own tags: the form's choices are theirs.
        tag_id=data["tag"],
        attention_only=data["attention"],
        sort=data["sort"] or "name",
    )


def sort_links(request: HttpRequest, current: str) -> dict[str, dict]:
    """Each sortable column's link: the same filters in another order, from the first page (the
    order is in the URL, so a link, a bookmark and Back keep it, with no JavaScript)."""
    kept = [(k, v) for k, v in request.GET.items() if k not in ("page", "sort")]
    return {
        sort: {
            "href": "?" + urlencode([*kept, ("sort", sort)]),
            "current": sort == current,
        }
        for sort in SORTS
    }


@transaction_for_changes
@require_http_methods(["GET", "HEAD", "POST"])
@reads_from_replica  # a read-only report over many clients: the replica's, once it has your writes
@adviser_required
@limit_creation
def caseload(request: HttpRequest) -> HttpResponse:
    request_form = RequestAccessForm(request.POST or None)
    if request_form.is_valid() and not invitations_left_today(request.user):
        request_form.add_error(
            "email",
            _("You have asked 1,000 people today, the most in a day: ask again tomorrow."),
        )
    if request_form.is_valid():
        email = request_form.cleaned_data["email"]
        # A batch of one, sent by the worker: whether the address has an account changes
        # nothing the adviser sees, not even how long this takes.
        invitations.ask_one(adviser=request.user, email=email)
        messages.success(request, REQUESTED_MESSAGE.format(email=email))
        return redirect("debrief:adviser-caseload")

    now, today = timezone.now(), timezone.localdate()
    body = caseload_body(
        request=request, today=today, now=now, write=lambda: write_body(request, now, today)
    )
    waiting, waiting_total = invitations.waiting_for_answer(
        adviser=request.user, now=now, shown=WAITING_SHOWN
    )
    return render(
        request,
        "debrief/adviser_caseload.html",
        {
            "body": mark_safe(body),  # written by write_body, every value escaped there
            "request_form": request_form,
            "waiting": waiting,
            "waiting_more": waiting_total - len(waiting),
            "lifetime_days": invitation_lifetime().days,
        },
    )


# What a kept caseload's address may hold, as its own form and links write it.
KEPT_FILTERS = {"sort": set(SORTS), "attention": {"on"}, "q": {""}}


def is_kept_query(request: HttpRequest, filters: CaseloadFilterForm, number: int) -> bool:
    """Whether the page may be kept for this address (services/caseload_body.py): only the
    filters the page's own form and links write, each once, valid, with no search, and the page
    shown. Anything else (a search, a mistyped value, a page past the last, parameters of no
    meaning) is written for that visit alone, so made-up addresses cannot fill the cache."""
    if not filters.is_valid():
        return False
    for name, values in request.GET.lists():
        if len(values) != 1:
            return False
        value = values[0]
        if name == "page":
            if value != str(number):
                return False
        # A tag the form accepted is one of the adviser's, written as its id.
        elif name != "tag" and value not in KEPT_FILTERS.get(name, ()):
            return False
    return True


def write_body(request: HttpRequest, now: datetime.datetime, today: datetime.date) -> Written:
    """The caseload's body for the filters, order and page asked (cached by caseload_body)."""
    tags = cohorts.tags_for(request.user)
    filters, chosen = caseload_filters(request, tags)
    view = cohorts.caseload_view(
        adviser=request.user,
        filters=chosen,
        now=now,
        today=today,
        tags=tags,
        asked_page=request.GET.get("page"),
    )
    html = render_to_string(
        "debrief/adviser_caseload.html#body",
        {
            "user": request.user,
            "csrf_token": csrf_slot.SLOT_TOKEN,
            "filters": filters,
            "chosen": chosen,
            "search": chosen.search,
            "view": view,
            "page_obj": view.page,
            "query_string": query_string_without_page(request),
            "sort_links": sort_links(request, chosen.sort),
            "sort_label": SORTS.get(chosen.sort, SORTS["name"]).lower(),
        },
    )
    # A plain str: the cache holds plain data, not Django's SafeString.
    return Written(
        str.__str__(html), view.changes_at, is_kept_query(request, filters, view.page.number)
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
    client, _ignored = client_for_adviser(
        request, client_id, viewed=gettext_lazy("Writing a note (your interviews are listed)")
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
            messages.success(
                request,
                _("Note saved. %(client)s can read it on their dashboard.") % {"client": client},
            )
            return after_note(note)

        return once.save_once(request, save)
    return render(
        request, "debrief/adviser_note_form.html", {"form": form, "client": client, "note": None}
    )


@require_http_methods(["GET", "HEAD", "POST"])
@adviser_required
def note_edit(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    client, _ignored = client_for_adviser(
        request, client_id, viewed=gettext_lazy("Editing a note (your interviews are listed)")
    )
    note = own_note(request, client, pk)
    form = AdviserNoteForm(request.POST or None, instance=note, client=client)
    if form.is_valid():
        form.save()
        messages.success(request, _("Note updated."))
        return redirect(after_note(note))
    return render(
        request, "debrief/adviser_note_form.html", {"form": form, "client": client, "note": note}
    )


@require_http_methods(["GET", "HEAD", "POST"])
@adviser_required
def note_delete(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    client, _ignored = client_for_adviser(
        request, client_id, viewed=gettext_lazy("Deleting a note")
    )
    note = own_note(request, client, pk)
    return delete_after_confirmation(
        request,
        note,
        what=_("this note"),
        cancel_url=after_note(note),
        success_url=reverse("debrief:adviser-dashboard", args=[client.pk]),
        message=_("Note deleted."),
        consequences=_("%(client)s will no longer see it.") % {"client": client},
        shown_as=note.text if len(note.text) <= 80 else note.text[:80] + "…",
    )


CLIENT = "adviser/clients/<int:client_id>"

urlpatterns = [
    path("adviser/", caseload, name="adviser-caseload"),
    path(f"{CLIENT}/notes/new/", note_new, name="adviser-note-new"),
    path(f"{CLIENT}/notes/<int:pk>/edit/", note_edit, name="adviser-note-edit"),
    path(f"{CLIENT}/notes/<int:pk>/delete/", note_delete, name="adviser-note-delete"),
]
