"""Lessons turned into action items, grouped by what the job seeker now knows."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Case, F, IntegerField, Value, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from debrief.forms.actions import ActionFilterForm, ActionItemForm
from debrief.models import (
    WHAT_YOU_NOW_KNOW,
    ActionItem,
    ActionSuggestion,
    Debrief,
    FeedbackRequest,
    User,
)
from debrief.ratelimits import limit_creation
from debrief.views import once
from debrief.views.shared import (
    delete_after_confirmation,
    paginate,
    query_string_without_page,
    safe_next,
)

AREA_ORDER = Case(
    *(When(area=value, then=Value(index)) for index, value in enumerate(ActionItem.Area.values)),
    output_field=IntegerField(),
)


def group_by_area(items) -> list[dict]:
    """The page's items under their area's heading, areas in the guide's order."""
    groups: dict[str, dict] = {}
    for item in items:
        group = groups.setdefault(
            item.area,
            {
                "area": item.area,
                "label": item.get_area_display(),
                "now_know": WHAT_YOU_NOW_KNOW[item.area],
                "items": [],
            },
        )
        group["items"].append(item)
    return list(groups.values())


def action_list_context(request: HttpRequest, owner: User) -> dict:
    filters = ActionFilterForm(request.GET)
    items = filters.filter(
        ActionItem.objects.for_user(owner)
        .select_related(
            "debrief__interview__application",
            "feedback_request__interview__application",
            "suggested_by",
        )
        .annotate(area_order=AREA_ORDER)
        # Open before done ("open" sorts after "done"), soonest due first.
        .order_by("area_order", "-status", F("due_date").asc(nulls_last=True), "-created_at")
    )
    page = paginate(request, items)
    return {
        "filters": filters,
        "active_status": filters.active_status,
        "status_choices": ActionFilterForm.STATUSES,
        "groups": group_by_area(page.object_list),
        "page_obj": page,
        "query_string": query_string_without_page(request),
        "today": timezone.localdate(),
    }


@require_safe
@login_required
def action_list(request: HttpRequest) -> HttpResponse:
    suggestions = ActionSuggestion.objects.filter(client=request.user).pending()
    return render(
        request,
        "debrief/actionitem_list.html",
        {
            **action_list_context(request, request.user),
            "suggestions": list(suggestions.select_related("adviser")),
        },
    )


def own_source(request: HttpRequest, model, parameter: str):
    """The debrief or feedback request named in the query string, if it is the user's own."""
    value = request.GET.get(parameter)
    if value is None:
        return None
    # isdigit() alone accepts digits such as "²" that int() refuses.
    if not (value.isascii() and value.isdigit()):
        raise Http404
    return get_object_or_404(
        model.objects.for_user(request.user).select_related("interview__application"),
        pk=int(value),
    )


def prefill(request: HttpRequest, debrief, feedback) -> dict:
    initial = {"debrief": debrief, "feedback_request": feedback}
    text = request.GET.get("text", "").replace("\x00", "")[:300]
    if text:
        initial["text"] = text
    area = request.GET.get("area")
    if area in ActionItem.Area.values:
        initial["area"] = area
    elif debrief is not None:
        initial["area"] = ActionItem.Area.INTERVIEW_PERFORMANCE
    return initial


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@limit_creation
def action_new(request: HttpRequest) -> HttpResponse:
    debrief = own_source(request, Debrief, "debrief")
    feedback = own_source(request, FeedbackRequest, "feedback")
    if replay := once.already_saved(request):
        return replay
    form = once.protect(
        ActionItemForm(
            request.POST or None,
            instance=ActionItem(owner=request.user),
            initial=prefill(request, debrief, feedback),
            user=request.user,
            submit_label=_("Add action"),
        )
    )
    if form.is_valid():

        def save() -> str:
            item = form.save()
            messages.success(request, _("Action added: %(action)s") % {"action": item})
            return reverse("debrief:action-list")

        return once.save_once(request, save)
    return render(
        request,
        "debrief/actionitem_form.html",
        {
            "form": form,
            "source": debrief or feedback,
            "source_kind": "debrief" if debrief else "feedback",
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def action_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(ActionItem.objects.for_user(request.user), pk=pk)
    form = ActionItemForm(request.POST or None, instance=item, user=request.user)
    if form.is_valid():
        item = form.save()
        messages.success(request, _("Action saved: %(action)s") % {"action": item})
        return redirect("debrief:action-list")
    return render(request, "debrief/actionitem_form.html", {"form": form, "item": item})


@require_POST
@login_required
def action_done(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark an open action done today, or reopen a done one."""
    item = get_object_or_404(ActionItem.objects.for_user(request.user), pk=pk)
    if item.is_done:
        changed, message = item.reopen(), _("Reopened: %(action)s") % {"action": item}
    else:
        changed, message = (
            item.mark_done(timezone.localdate()),
            _("Done: %(action)s. Well done.") % {"action": item},
        )
    # Unchanged when another click got there first: that click's message says it.
    if changed:
        messages.success(request, message)
    return redirect(safe_next(request, reverse("debrief:action-list")))


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def action_delete(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(ActionItem.objects.for_user(request.user), pk=pk)
    return delete_after_confirmation(
        request,
        item,
        what=_("this action"),
        cancel_url=item.get_absolute_url(),
        success_url=reverse("debrief:action-list"),
        message=_("Action deleted: %(action)s") % {"action": item},
        consequences=_("The debrief or feedback it came from is kept."),
    )


urlpatterns = [
    path("actions/", action_list, name="action-list"),
    path("actions/new/", action_new, name="action-new"),
    path("actions/<int:pk>/edit/", action_edit, name="action-edit"),
    path("actions/<int:pk>/done/", action_done, name="action-done"),
    path("actions/<int:pk>/delete/", action_delete, name="action-delete"),
]
