"""An adviser's private case notes on one client: written and read only by that adviser (every
request through `client_for_adviser`, so logged, and 404 without active consent); never on the
client's pages, always in the client's data export."""

import datetime

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from debrief.forms.applications import DATE_INPUT
from debrief.forms.dates import date_fields
from debrief.models import Appointment, CaseNote, User
from debrief.ratelimits import limit_creation
from debrief.views import once
from debrief.views.adviser import CLIENT, adviser_required, client_for_adviser
from debrief.views.client_record import render_record
from debrief.views.shared import delete_after_confirmation


class CaseNoteForm(forms.ModelForm):
    class Meta:
        formfield_callback = date_fields
        model = CaseNote
        fields = ["contact_on", "contact_type", "minutes", "outcome", "text"]
        widgets = {
            "contact_on": DATE_INPUT,
            "contact_type": forms.RadioSelect,
            "minutes": forms.NumberInput(attrs={"min": 1, "max": CaseNote.LONGEST_MINUTES}),
            "outcome": forms.Textarea(attrs={"rows": 2}),
            "text": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "outcome": gettext_lazy(
                "What came of it, e.g. “Agreed to ask Acme for feedback by Friday”."
            ),
            "text": gettext_lazy("Anything else you need to remember."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Radios, one of which must be chosen: no "---------" radio for none.
        self.fields["contact_type"].choices = CaseNote.ContactType.choices


def notes_url(client: User) -> str:
    return reverse("debrief:adviser-case-notes", args=[client.pk])


def own_case_note(request: HttpRequest, client: User, pk: int) -> CaseNote:
    return get_object_or_404(CaseNote.objects.filter(adviser=request.user, client=client), pk=pk)


def render_page(request: HttpRequest, client: User, form, *, editing: CaseNote | None = None):
    return render_record(
        request,
        client,
        "debrief/case_notes.html",
        {
            "form": form,
            "editing": editing,
            "case_notes": list(CaseNote.objects.filter(adviser=request.user, client=client)),
        },
    )


# How far back an appointment is still the contact the next case note is about.
RECENT = datetime.timedelta(days=14)


def last_appointment_without_a_note(adviser: User, client: User) -> Appointment | None:
    """The adviser's latest appointment with the client in the last fortnight, up to today, that
    no case note of theirs covers yet (none written for its day)."""
    today = timezone.localdate()
    held = (
        Appointment.objects.live()
        .filter(adviser=adviser, client=client, date__range=(today - RECENT, today))
        .order_by("-date", "-time")
        .first()
    )
    if held is None:
        return None
    noted = CaseNote.objects.filter(adviser=adviser, client=client, contact_on=held.date)
    return None if noted.exists() else held


def from_appointment(held: Appointment | None) -> dict:
    """What the appointment already says (its day, its length, what was agreed), so the case note
    does not ask for it again (WCAG 2.2 3.3.7)."""
    if held is None:
        return {}
    phoned = held.place == Appointment.Place.PHONE
    return {
        "contact_on": held.date,
        "contact_type": CaseNote.ContactType.PHONE if phoned else CaseNote.ContactType.APPOINTMENT,
        "minutes": held.length_minutes,
        "outcome": held.agreed,
    }


@require_http_methods(["GET", "HEAD", "POST"])
@adviser_required
@limit_creation
def case_notes(request: HttpRequest, client_id: int) -> HttpResponse:
    client, _ignored = client_for_adviser(
        request, client_id, viewed=gettext_lazy("Your case notes")
    )
    if replay := once.already_saved(request):
        return replay
    held = last_appointment_without_a_note(request.user, client)
    form = once.protect(CaseNoteForm(request.POST or None, initial=from_appointment(held)))
    if held is not None:
        form.fields["contact_on"].help_text = _(
            "Filled in from your appointment on %(date)s: change what differs."
        ) % {"date": date_format(held.date, "j F Y")}
    if form.is_valid():

        def save() -> str:
            note = form.save(commit=False)
            note.adviser = request.user
            note.client = client
            note.save()
            messages.success(request, _("Case note saved. It is private to you."))
            return notes_url(client)

        return once.save_once(request, save)
    return render_page(request, client, form)


@require_http_methods(["GET", "HEAD", "POST"])
@adviser_required
def case_note_edit(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    client, _ignored = client_for_adviser(
        request, client_id, viewed=gettext_lazy("Editing a case note")
    )
    note = own_case_note(request, client, pk)
    form = CaseNoteForm(request.POST or None, instance=note)
    if form.is_valid():
        form.save()
        messages.success(request, _("Case note saved."))
        return redirect(notes_url(client))
    return render_page(request, client, form, editing=note)


@require_http_methods(["GET", "HEAD", "POST"])
@adviser_required
def case_note_delete(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    client, _ignored = client_for_adviser(
        request, client_id, viewed=gettext_lazy("Deleting a case note")
    )
    note = own_case_note(request, client, pk)
    return delete_after_confirmation(
        request,
        note,
        what=_("this case note"),
        cancel_url=notes_url(client),
        success_url=notes_url(client),
        message=_("Case note deleted."),
        shown_as=str(note),
    )


urlpatterns = [
    path(f"{CLIENT}/case-notes/", case_notes, name="adviser-case-notes"),
    path(f"{CLIENT}/case-notes/<int:pk>/edit/", case_note_edit, name="adviser-case-note-edit"),
    path(
        f"{CLIENT}/case-notes/<int:pk>/delete/", case_note_delete, name="adviser-case-note-delete"
    ),
]
