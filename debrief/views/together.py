"""Working together, both sides: the adviser's page of a client's appointments, next-contact date
and suggested actions (every request through `client_for_adviser`, so it is logged and 404s
without active consent), the threads under notes, and the client's page of it all, where they
accept or decline what was suggested."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from debrief.forms.together import (
    AppointmentForm,
    NextContactForm,
    NoteReplyForm,
    SuggestionForm,
)
from debrief.models import (
    ActionSuggestion,
    AdviserAccess,
    AdviserNote,
    Appointment,
    NoteReply,
    User,
)
from debrief.ratelimits import limit_creation
from debrief.services import together
from debrief.views import once
from debrief.views.adviser import CLIENT, adviser_required, client_for_adviser, own_note
from debrief.views.client_record import render_record

# --- The adviser's side -------------------------------------------------------------------------


def together_url(client: User) -> str:
    return reverse("debrief:adviser-together", args=[client.pk])


def adviser_context(request: HttpRequest, client: User) -> dict:
    access = AdviserAccess.objects.active().get(adviser=request.user, client=client)
    return {
        "access": access,
        "today": timezone.localdate(),
        "appointments": list(Appointment.objects.filter(adviser=request.user, client=client)),
        "suggestions": list(
            ActionSuggestion.objects.filter(adviser=request.user, client=client)[:50]
        ),
    }


@require_safe
@adviser_required
def adviser_together(request: HttpRequest, client_id: int) -> HttpResponse:
    client, _ignored = client_for_adviser(
        request, client_id, viewed=gettext_lazy("Appointments, next contact and suggested actions")
    )
    context = adviser_context(request, client)
    return render_record(
        request,
        client,
        "debrief/together_adviser.html",
        {
            **context,
            "next_contact_form": NextContactForm(instance=context["access"]),
            "appointment_form": once.protect(AppointmentForm()),
            "suggestion_form": once.protect(SuggestionForm()),
        },
    )


def render_form(request, client, form, *, title: str, action: str, button: str) -> HttpResponse:
    return render_record(
        request,
        client,
        "debrief/together_form.html",
        {"form": form, "title": title, "action": action, "button": button},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@adviser_required
def next_contact(request: HttpRequest, client_id: int) -> HttpResponse:
    client, _ignored = client_for_adviser(
        request, client_id, viewed=gettext_lazy("Next contact date")
    )
    access = AdviserAccess.objects.active().get(adviser=request.user, client=client)
    form = NextContactForm(request.POST or None, instance=access)
    if form.is_valid():
        on = form.cleaned_data["next_contact_on"]
        together.set_next_contact(adviser=request.user, client=client, on=on)
        messages.success(
            request,
            _("Next contact: %(date)s.") % {"date": date_format(on, "j M Y")}
            if on
            else _("No next contact date is set."),
        )
        return redirect(together_url(client))
    return render_form(
        request,
        client,
        form,
        title=_("Next contact with %(client)s") % {"client": client},
        action=reverse("debrief:adviser-next-contact", args=[client.pk]),
        button=_("Save date"),
    )


@require_http_methods(["GET", "HEAD", "POST"])
@adviser_required
@limit_creation
def suggestion_new(request: HttpRequest, client_id: int) -> HttpResponse:
    client, _ignored = client_for_adviser(
        request, client_id, viewed=gettext_lazy("Suggesting an action")
    )
    if replay := once.already_saved(request):
        return replay
    form = once.protect(SuggestionForm(request.POST or None))
    if form.is_valid():

        def save() -> str:
            together.suggestion_create(
                adviser=request.user,
                client=client,
                text=form.cleaned_data["text"],
                area=form.cleaned_data["area"],
                due_date=form.cleaned_data["due_date"],
            )
            messages.success(
                request,
                _("Action suggested. It joins %(client)s's list when they accept it.")
                % {"client": client},
            )
            return together_url(client)

        return once.save_once(request, save)
    return render_form(
        request,
        client,
        form,
        title=_("Suggest an action to %(client)s") % {"client": client},
        action=reverse("debrief:adviser-suggestion-new", args=[client.pk]),
        button=_("Suggest this action"),
    )


def thread_context(note: AdviserNote, form: NoteReplyForm) -> dict:
    replies = list(NoteReply.objects.filter(note=note).select_related("author"))
    return {
        "note": note,
        "replies": replies,
        "form": form,
        "full": len(replies) >= NoteReply.MAX_PER_NOTE,
        "max_replies": NoteReply.MAX_PER_NOTE,
    }


def post_reply(request: HttpRequest, note: AdviserNote, form: NoteReplyForm) -> bool:
    if not form.is_valid():
        return False
    try:
        together.reply_to_note(note=note, author=request.user, text=form.cleaned_data["text"])
    except together.TogetherError as error:
        form.add_error("text", str(error))
        return False
    messages.success(request, _("Reply sent."))
    return True


@require_http_methods(["GET", "HEAD", "POST"])
@adviser_required
@limit_creation
def adviser_note_thread(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    client, _ignored = client_for_adviser(
        request, client_id, viewed=gettext_lazy("A note and its replies")
    )
    note = own_note(request, client, pk)
    form = NoteReplyForm(request.POST or None)
    if post_reply(request, note, form):
        return redirect(reverse("debrief:adviser-note-thread", args=[client.pk, note.pk]))
    return render_record(request, client, "debrief/note_thread.html", thread_context(note, form))


# --- The client's side --------------------------------------------------------------------------


@require_safe
@login_required
def client_together(request: HttpRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    appointments = list(Appointment.objects.filter(client=user).select_related("adviser"))
    return render(
        request,
        "debrief/together.html",
        {
            "today": today,
            "suggestions": list(
                ActionSuggestion.objects.filter(client=user).pending().select_related("adviser")
            ),
            "accesses": list(
                AdviserAccess.objects.active().filter(client=user).select_related("adviser")
            ),
            "upcoming": [a for a in reversed(appointments) if a.date >= today],
            "past": [a for a in appointments if a.date < today],
            "notes": list(
                AdviserNote.objects.filter(client=user)
                .select_related("adviser")
                .annotate(reply_count=Count("replies"))
                .order_by("-created_at")
                .order_by("-created_at")
            ),
        },
    )


def decide(request: HttpRequest, pk: int, decision, done: str) -> HttpResponse:
    suggestion = get_object_or_404(ActionSuggestion.objects.filter(client=request.user), pk=pk)
    try:
        decision(suggestion=suggestion)
    except together.TogetherError as error:
        messages.info(request, _("Nothing changed: %(reason)s") % {"reason": error})
    else:
        messages.success(request, done.format(text=suggestion.text))
    back = "debrief:action-list" if request.POST.get("back") == "actions" else "debrief:together"
    return redirect(back)


@require_POST
@login_required
def suggestion_accept(request: HttpRequest, pk: int) -> HttpResponse:
    return decide(
        request, pk, together.suggestion_accept, gettext_lazy("“{text}” is now in your actions.")
    )


@require_POST
@login_required
def suggestion_decline(request: HttpRequest, pk: int) -> HttpResponse:
    return decide(
        request,
        pk,
        together.suggestion_decline,
        gettext_lazy("You declined “{text}”: it is not in your list."),
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@limit_creation
def note_thread(request: HttpRequest, pk: int) -> HttpResponse:
    note = get_object_or_404(
        AdviserNote.objects.filter(client=request.user).select_related("adviser"), pk=pk
    )
    if not together.adviser_can_read(note):
        if request.method == "POST":
            messages.info(request, together.NOT_SHARED.format(adviser=note.adviser.display_name))
            return redirect(reverse("debrief:note-thread", args=[note.pk]))
        context = thread_context(note, NoteReplyForm())
        context["closed"] = together.NOT_SHARED.format(adviser=note.adviser.display_name)
        return render(request, "debrief/note_thread.html", context)
    form = NoteReplyForm(request.POST or None)
    if post_reply(request, note, form):
        return redirect(reverse("debrief:note-thread", args=[note.pk]))
    return render(request, "debrief/note_thread.html", thread_context(note, form))


urlpatterns = [
    path(f"{CLIENT}/together/", adviser_together, name="adviser-together"),
    path(f"{CLIENT}/next-contact/", next_contact, name="adviser-next-contact"),
    path(f"{CLIENT}/suggestions/new/", suggestion_new, name="adviser-suggestion-new"),
    path(f"{CLIENT}/notes/<int:pk>/", adviser_note_thread, name="adviser-note-thread"),
    path("together/", client_together, name="together"),
    path("together/suggestions/<int:pk>/accept/", suggestion_accept, name="suggestion-accept"),
    path("together/suggestions/<int:pk>/decline/", suggestion_decline, name="suggestion-decline"),
    path("notes/<int:pk>/", note_thread, name="note-thread"),
]
