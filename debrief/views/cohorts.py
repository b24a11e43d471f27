"""The adviser's tags (cohorts) and the caseload's CSV: tagging chosen clients, a tag's page with
a note or an appointment for everyone in it, and the export. Only the adviser's own tags and
current clients; any other tag is 404."""

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from debrief.forms.adviser import NOTE_MAX_LENGTH
from debrief.forms.together import GroupInvitationForm
from debrief.models import ClientTag
from debrief.ratelimits import limit_creation
from debrief.services import appointments, cohorts
from debrief.views import once
from debrief.views.adviser import adviser_required, caseload_filters

CASELOAD = "debrief:adviser-caseload"


class TagForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Tag"),
        max_length=ClientTag._meta.get_field("name").max_length,
        help_text=gettext_lazy("An existing tag or a new one, e.g. “Graduates 2026”."),
    )
    clients = forms.TypedMultipleChoiceField(coerce=int, choices=[], required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any id is accepted here; the service keeps only the adviser's current clients.
        self.fields["clients"].choices = [
            (value, value) for value in self.data.getlist("clients") if value.isdigit()
        ]


class TagMessageForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Note to everyone in this tag"),
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "Each client reads it as a note from you on their dashboard, and is emailed."
        ),
    )


def own_tag(request: HttpRequest, pk: int) -> ClientTag:
    return get_object_or_404(ClientTag.objects.filter(adviser=request.user), pk=pk)


@require_POST
@adviser_required
@limit_creation
def tag_add(request: HttpRequest) -> HttpResponse:
    form = TagForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Nothing tagged: give the tag a name (50 characters at most)."))
        return redirect(CASELOAD)
    try:
        tag, added = cohorts.tag_clients(
            adviser=request.user,
            name=form.cleaned_data["name"],
            client_ids=form.cleaned_data["clients"],
        )
    except cohorts.CohortError as error:
        messages.error(request, _("Nothing tagged: %(error)s") % {"error": error})
        return redirect(CASELOAD)
    messages.success(
        request,
        ngettext(
            "%(count)s client added to “%(tag)s”.", "%(count)s clients added to “%(tag)s”.", added
        )
        % {"count": added, "tag": tag},
    )
    return redirect(f"{reverse(CASELOAD)}?tag={tag.pk}")


@require_http_methods(["GET", "HEAD", "POST"])
@adviser_required
@limit_creation
def tag_detail(request: HttpRequest, pk: int) -> HttpResponse:
    tag = own_tag(request, pk)
    form = TagMessageForm(request.POST or None)
    if form.is_valid():
        sent = cohorts.message_tag(tag=tag, text=form.cleaned_data["text"])
        messages.success(
            request,
            ngettext("Note sent to %(count)s client.", "Note sent to %(count)s clients.", sent)
            % {"count": sent},
        )
        return redirect(reverse("debrief:adviser-tag", args=[tag.pk]))
    return render(
        request,
        "debrief/adviser_tag.html",
        {
            "tag": tag,
            "clients": cohorts.clients_in(tag),
            "form": form,
            "sessions": cohorts.sessions_of(tag),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@adviser_required
@limit_creation
def tag_invite(request: HttpRequest, pk: int) -> HttpResponse:
    """An appointment for everyone in the tag at once (a workshop, a group session): each
    consenting client gets the email and calendar invitation of a one-to-one."""
    tag = own_tag(request, pk)
    if replay := once.already_saved(request):
        return replay
    form = once.protect(GroupInvitationForm(request.POST or None))
    clients = cohorts.clients_in(tag)
    if form.is_valid():
        form.instance.adviser = request.user
        if not clients:
            form.add_error(None, _("Nobody in this tag shares their record with you now."))
        elif appointments.clashes(form.instance) is not None:
            form.add_error("time", cohorts.ALREADY_BUSY)
    if form.is_valid():

        def save() -> str:
            try:
                _session, sent = cohorts.invite_tag(tag=tag, details=form.save(commit=False))
            except cohorts.CohortError as error:
                messages.error(request, _("Nobody invited: %(error)s") % {"error": error})
                return reverse("debrief:adviser-tag-invite", args=[tag.pk])
            messages.success(
                request,
                ngettext(
                    "Invitation sent to %(count)s client. Their answers show on your diary "
                    "and below.",
                    "Invitation sent to %(count)s clients. Their answers show on your diary "
                    "and below.",
                    sent,
                )
                % {"count": sent},
            )
            return reverse("debrief:adviser-tag", args=[tag.pk])

        return once.save_once(request, save)
    return render(
        request,
        "debrief/adviser_tag_invite.html",
        {"tag": tag, "form": form, "clients": clients},
    )


@require_POST
@adviser_required
def tag_remove(request: HttpRequest, pk: int, client_id: int) -> HttpResponse:
    tag = own_tag(request, pk)
    cohorts.untag(tag=tag, client_id=client_id)
    messages.success(request, _("Removed from “%(tag)s”.") % {"tag": tag})
    return redirect(reverse("debrief:adviser-tag", args=[tag.pk]))


@require_POST
@adviser_required
def tag_delete(request: HttpRequest, pk: int) -> HttpResponse:
    tag = own_tag(request, pk)
    tag.delete()
    messages.success(
        request, _("Tag “%(tag)s” deleted. Your clients are unchanged.") % {"tag": tag}
    )
    return redirect(CASELOAD)


@require_safe
@adviser_required
def caseload_csv(request: HttpRequest) -> HttpResponse:
    _ignored, filters = caseload_filters(request, cohorts.tags_for(request.user))
    body = cohorts.caseload_csv(
        adviser=request.user,
        filters=filters,
        now=timezone.now(),
        today=timezone.localdate(),
        path=request.get_full_path(),
    )
    return HttpResponse(
        body,
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="caseload.csv"'},
    )


urlpatterns = [
    path("adviser/tags/add/", tag_add, name="adviser-tag-add"),
    path("adviser/tags/<int:pk>/", tag_detail, name="adviser-tag"),
    path("adviser/tags/<int:pk>/invite/", tag_invite, name="adviser-tag-invite"),
    path("adviser/tags/<int:pk>/delete/", tag_delete, name="adviser-tag-delete"),
    path(
        "adviser/tags/<int:pk>/clients/<int:client_id>/remove/",
        tag_remove,
        name="adviser-tag-remove",
    ),
    path("adviser/caseload.csv", caseload_csv, name="adviser-caseload-csv"),
]
