"""Appointments, both sides: the adviser books, edits, cancels or deletes one with a client
(every request through `client_for_adviser`, so it is logged and 404s without active consent);
the client answers it: accept, decline or ask to rearrange."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from debrief.forms.together import AppointmentAnswerForm, AppointmentForm
from debrief.models import Appointment, User
from debrief.ratelimits import limit_creation
from debrief.services import appointments
from debrief.views import once
from debrief.views.adviser import CLIENT, adviser_required, client_for_adviser
from debrief.views.client_record import render_record
from debrief.views.together import render_form, together_url

# --- The adviser's side -------------------------------------------------------------------------


def own_appointment(request: HttpRequest, client: User, pk: int) -> Appointment:
    return get_object_or_404(
        Appointment.objects.filter(adviser=request.user, client=client).select_related(
            "adviser", "client"
        ),
        pk=pk,
    )


def booked_message(appointment: Appointment, client: User) -> str:
    values = {
        "kind": appointment.get_kind_display(),
        "date": date_format(appointment.date, "j M Y"),
        "client": client,
    }
    if appointments.is_coming(appointment):
        return (
            _(
                "%(kind)s on %(date)s booked. %(client)s is sent the details and a calendar "
                "invitation."
            )
            % values
        )
    return _("%(kind)s on %(date)s recorded. %(client)s sees it.") % values


def refuse_a_clash(form: AppointmentForm) -> None:
    other = appointments.clashes(form.instance)
    if other is not None:
        form.add_error(
            "time",
            _("You already have an appointment then: %(kind)s with %(client)s at %(time)s.")
            % {
                "kind": other.get_kind_display().lower(),
                "client": other.client.display_name,
                "time": f"{other.time:%H:%M}",
            },
        )


@require_http_methods(["GET", "HEAD", "POST"])
@adviser_required
@limit_creation
def appointment_new(request: HttpRequest, client_id: int) -> HttpResponse:
    client, _ignored = client_for_adviser(
        request, client_id, viewed=gettext_lazy("Recording an appointment")
    )
    if replay := once.already_saved(request):
        return replay
    form = once.protect(AppointmentForm(request.POST or None))
    if form.is_valid():
        form.instance.adviser, form.instance.client = request.user, client
        refuse_a_clash(form)
    if form.is_valid():

        def save() -> str:
            appointment = form.save(commit=False)
            appointments.appointment_book(appointment=appointment)
            messages.success(request, booked_message(appointment, client))
            return together_url(client)

        return once.save_once(request, save)
    return render_form(
        request,
        client,
        form,
        title=_("Book an appointment with %(client)s") % {"client": client},
        action=reverse("debrief:adviser-appointment-new", args=[client.pk]),
        button=_("Save appointment"),
    )


@require_http_methods(["GET", "HEAD", "POST"])
@adviser_required
def appointment_edit(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    client, _ignored = client_for_adviser(
        request, client_id, viewed=gettext_lazy("Editing an appointment")
    )
    appointment = own_appointment(request, client, pk)
    form = AppointmentForm(request.POST or None, instance=appointment)
    if appointment.response == Appointment.Response.REARRANGE and appointment.response_note:
        # The times the client offered, beside the date to change: read here, not looked up.
        # Escaped here: help texts are rendered as HTML.
        form.fields["date"].help_text = _("%(client)s asked to rearrange: “%(times)s”.") % {
            "client": escape(client),
            "times": escape(appointment.response_note),
        }
    if form.is_valid():
        refuse_a_clash(form)
    if form.is_valid():
        try:
            appointments.appointment_change(
                appointment=form.save(commit=False), changed=set(form.changed_data)
            )
        except appointments.AppointmentError as error:
            messages.info(request, _("Nothing changed: %(reason)s") % {"reason": error})
        else:
            resent = appointment.sequence and set(form.changed_data) & appointments.SENT_FIELDS
            messages.success(
                request,
                _("Appointment saved. %(client)s is sent the change.") % {"client": client}
                if resent and appointments.is_coming(appointment)
                else _("Appointment saved."),
            )
        return redirect(together_url(client))
    return render_form(
        request,
        client,
        form,
        title=_("Edit the appointment"),
        action=reverse("debrief:adviser-appointment-edit", args=[client.pk, pk]),
        button=_("Save appointment"),
    )


@require_http_methods(["GET", "HEAD", "POST"])
@adviser_required
def appointment_cancel(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    client, _ignored = client_for_adviser(
        request, client_id, viewed=gettext_lazy("Cancelling an appointment")
    )
    appointment = own_appointment(request, client, pk)
    if request.method == "POST":
        try:
            appointments.appointment_cancel(appointment=appointment)
        except appointments.AppointmentError as error:
            messages.info(request, _("Nothing changed: %(reason)s") % {"reason": error})
        else:
            messages.success(
                request,
                _("Appointment cancelled. %(client)s is told, and their calendar updates.")
                % {"client": client},
            )
        return redirect(together_url(client))
    return render_record(
        request,
        client,
        "debrief/appointment_cancel.html",
        {"appointment": appointment, "when": appointments.when(appointment)},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@adviser_required
def appointment_delete(request: HttpRequest, client_id: int, pk: int) -> HttpResponse:
    """Deleting a coming appointment cancels it first: the client's calendar must not keep it."""
    client, _ignored = client_for_adviser(
        request, client_id, viewed=gettext_lazy("Deleting an appointment")
    )
    appointment = own_appointment(request, client, pk)
    if request.method == "POST":
        with transaction.atomic():
            if not appointment.is_cancelled and appointments.is_coming(appointment):
                appointments.appointment_cancel(appointment=appointment)
            appointment.delete()
        messages.success(request, _("Appointment deleted."))
        return redirect(together_url(client))
    coming = not appointment.is_cancelled and appointments.is_coming(appointment)
    return render(
        request,
        "debrief/confirm_delete.html",
        {
            "object": str(appointment),
            "what": _("this appointment"),
            "cancel_url": together_url(client),
            "consequences": _("%(client)s is told it is cancelled and will no longer see it.")
            % {"client": client}
            if coming
            else _("%(client)s will no longer see it.") % {"client": client},
        },
    )


# --- The client's side --------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def appointment_answer(request: HttpRequest, pk: int) -> HttpResponse:
    appointment = get_object_or_404(
        Appointment.objects.filter(client=request.user).select_related("adviser"), pk=pk
    )
    # Answering again (a change of plan, other times that suit): the last answer is filled in.
    answered = appointment.response != Appointment.Response.NONE
    form = AppointmentAnswerForm(
        request.POST or None,
        initial={"response": appointment.response, "note": appointment.response_note}
        if answered
        else None,
    )
    if form.is_valid():
        try:
            appointments.appointment_respond(
                appointment=appointment,
                client=request.user,
                response=form.cleaned_data["response"],
                note=form.cleaned_data["note"],
            )
        except appointments.AppointmentError as error:
            messages.info(request, _("Nothing changed: %(reason)s") % {"reason": error})
        else:
            messages.success(request, ANSWERED[form.cleaned_data["response"]])
        return redirect("debrief:together")
    return render(
        request,
        "debrief/appointment_answer.html",
        {"appointment": appointment, "when": appointments.when(appointment), "form": form},
    )


ANSWERED = {
    Appointment.Response.ACCEPTED: gettext_lazy(
        "You accepted the appointment. Your adviser sees your answer."
    ),
    Appointment.Response.DECLINED: gettext_lazy(
        "You declined the appointment. Your adviser sees your answer."
    ),
    Appointment.Response.REARRANGE: gettext_lazy(
        "You asked to rearrange. Your adviser sees the times you suggested."
    ),
}


urlpatterns = [
    path(f"{CLIENT}/appointments/new/", appointment_new, name="adviser-appointment-new"),
    path(
        f"{CLIENT}/appointments/<int:pk>/edit/",
        appointment_edit,
        name="adviser-appointment-edit",
    ),
    path(
        f"{CLIENT}/appointments/<int:pk>/cancel/",
        appointment_cancel,
        name="adviser-appointment-cancel",
    ),
    path(
        f"{CLIENT}/appointments/<int:pk>/delete/",
        appointment_delete,
        name="adviser-appointment-delete",
    ),
    path("together/appointments/<int:pk>/answer/", appointment_answer, name="appointment-answer"),
]
