"""Contacts at employers: the list, the form, and vCards of one contact or all."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from debrief.forms.contacts import ContactForm
from debrief.models import Application, Contact, Interview
from debrief.ratelimits import limit_creation
from debrief.services.contacts import vcard, vcards
from debrief.views import once
from debrief.views.shared import delete_after_confirmation


def own_contact(request: HttpRequest, pk: int) -> Contact:
    return get_object_or_404(Contact.objects.for_user(request.user), pk=pk)


@require_safe
@login_required
def contact_list(request: HttpRequest) -> HttpResponse:
    contacts = Contact.objects.for_user(request.user).prefetch_related(
        Prefetch("applications", queryset=Application.objects.only("employer", "role_title")),
        Prefetch(
            "interviews",
            queryset=Interview.objects.select_related("application").only(
                "stage", "scheduled_at", "application__employer", "application__role_title"
            ),
        ),
    )
    return render(request, "debrief/contact_list.html", {"contacts": contacts})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@limit_creation
def contact_new(request: HttpRequest) -> HttpResponse:
    if replay := once.already_saved(request):
        return replay
    initial = {}
    application_id = request.GET.get("application", "")
    if application_id.isascii() and application_id.isdigit():
        application = Application.objects.for_user(request.user).filter(pk=application_id).first()
        if application is not None:
            initial = {"applications": [application.pk], "employer": application.employer}
    form = once.protect(
        ContactForm(
            request.POST or None,
            instance=Contact(owner=request.user),
            owner=request.user,
            initial=initial,
            submit_label=_("Add contact"),
        )
    )
    if form.is_valid():

        def save() -> str:
            contact = form.save()
            messages.success(
                request, _("%(name)s added to your contacts.") % {"name": contact.name}
            )
            return reverse("debrief:contact-list")

        return once.save_once(request, save)
    return render(request, "debrief/contact_form.html", {"form": form})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def contact_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contact = own_contact(request, pk)
    form = ContactForm(request.POST or None, instance=contact, owner=request.user)
    if form.is_valid():
        contact = form.save()
        messages.success(request, _("%(name)s saved.") % {"name": contact.name})
        return redirect("debrief:contact-list")
    return render(request, "debrief/contact_form.html", {"form": form, "contact": contact})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def contact_delete(request: HttpRequest, pk: int) -> HttpResponse:
    contact = own_contact(request, pk)
    return delete_after_confirmation(
        request,
        contact,
        what=_("this contact"),
        cancel_url=contact.get_absolute_url(),
        success_url=reverse("debrief:contact-list"),
        message=_("%(name)s deleted from your contacts.") % {"name": contact.name},
        consequences=_("Your applications and interviews stay as they are."),
    )


def vcard_response(text: str, name: str) -> HttpResponse:
    return HttpResponse(
        text,
        content_type="text/vcard; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}.vcf"'},
    )


@require_safe
@login_required
def contact_vcard(request: HttpRequest, pk: int) -> HttpResponse:
    contact = own_contact(request, pk)
    return vcard_response(vcard(contact), slugify(contact.name) or "contact")


@require_safe
@login_required
def contact_vcards(request: HttpRequest) -> HttpResponse:
    return vcard_response(vcards(Contact.objects.for_user(request.user)), "debrief-contacts")


urlpatterns = [
    path("contacts/", contact_list, name="contact-list"),
    path("contacts/new/", contact_new, name="contact-new"),
    path("contacts/all.vcf", contact_vcards, name="contact-vcards"),
    path("contacts/<int:pk>/edit/", contact_edit, name="contact-edit"),
    path("contacts/<int:pk>/delete/", contact_delete, name="contact-delete"),
    path("contacts/<int:pk>/vcard.vcf", contact_vcard, name="contact-vcard"),
]
