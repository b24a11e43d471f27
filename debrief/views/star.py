"""The STAR answer bank: examples ready for the next interview, and where each was used."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from debrief.forms.star import StarAnswerForm, StarFilterForm
from debrief.models import Competency, DebriefQuestion, StarAnswer, User
from debrief.ratelimits import limit_creation
from debrief.services.dashboard_counts import read_counts, star_coverage
from debrief.views import once
from debrief.views.shared import delete_after_confirmation, paginate, query_string_without_page


def star_list_context(request: HttpRequest, owner: User) -> dict:
    filters = StarFilterForm(request.GET)
    answers = filters.filter(
        StarAnswer.objects.for_user(owner).annotate(use_count=Count("uses")).order_by("title", "id")
    )
    page = paginate(request, answers)
    return {
        "filters": filters,
        "active_competency": filters.active_competency,
        "page_obj": page,
        "answers": page.object_list,
        "coverage": star_coverage(read_counts(owner.pk, timezone.localdate(), timezone.now())),
        "query_string": query_string_without_page(request),
    }


def star_detail_context(answer: StarAnswer) -> dict:
    uses = (
        DebriefQuestion.objects.filter(star_answer=answer)
        .select_related("debrief__interview__application")
        .order_by("-debrief__interview__scheduled_at", "id")
    )
    return {"answer": answer, "uses": list(uses)}


@require_safe
@login_required
def star_list(request: HttpRequest) -> HttpResponse:
    return render(request, "debrief/staranswer_list.html", star_list_context(request, request.user))


def star_prefill(request: HttpRequest) -> dict:
    """What the page that links here already said: a question the user answered poorly (their
    debrief, the preparation sheet), or the competency an answer is missing for (the dashboard,
    the preparation sheet, the bank filtered by it). The answer starts there."""
    initial = {}
    question = request.GET.get("question", "").replace("\x00", "")[:500].strip()
    if question:
        initial.update(title=question[:200], questions=question)
    competency = request.GET.get("competency", "")
    if competency in Competency.values:
        initial["competencies"] = [competency]
    return initial


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@limit_creation
def star_new(request: HttpRequest) -> HttpResponse:
    if replay := once.already_saved(request):
        return replay
    form = once.protect(
        StarAnswerForm(
            request.POST or None,
            instance=StarAnswer(owner=request.user),
            initial=star_prefill(request),
            submit_label=_("Add answer"),
        )
    )
    if form.is_valid():

        def save() -> str:
            answer = form.save()
            messages.success(
                request, _("STAR answer “%(title)s” added to your bank.") % {"title": answer}
            )
            return answer.get_absolute_url()

        return once.save_once(request, save)
    return render(request, "debrief/staranswer_form.html", {"form": form})


@require_safe
@login_required
def star_detail(request: HttpRequest, pk: int) -> HttpResponse:
    answer = get_object_or_404(StarAnswer.objects.for_user(request.user), pk=pk)
    return render(request, "debrief/staranswer_detail.html", star_detail_context(answer))


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def star_edit(request: HttpRequest, pk: int) -> HttpResponse:
    answer = get_object_or_404(StarAnswer.objects.for_user(request.user), pk=pk)
    form = StarAnswerForm(request.POST or None, instance=answer)
    if form.is_valid():
        answer = form.save()
        messages.success(request, _("STAR answer “%(title)s” saved.") % {"title": answer})
        return redirect(answer)
    return render(request, "debrief/staranswer_form.html", {"form": form, "answer": answer})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def star_delete(request: HttpRequest, pk: int) -> HttpResponse:
    answer = get_object_or_404(StarAnswer.objects.for_user(request.user), pk=pk)
    return delete_after_confirmation(
        request,
        answer,
        what=_("this STAR answer"),
        cancel_url=answer.get_absolute_url(),
        success_url=reverse("debrief:star-list"),
        message=_("STAR answer “%(title)s” deleted.") % {"title": answer},
        consequences=_(
            "Debrief questions that used it keep their text; they will no longer link to this "
            "answer."
        ),
    )


urlpatterns = [
    path("star/", star_list, name="star-list"),
    path("star/new/", star_new, name="star-new"),
    path("star/<int:pk>/", star_detail, name="star-detail"),
    path("star/<int:pk>/edit/", star_edit, name="star-edit"),
    path("star/<int:pk>/delete/", star_delete, name="star-delete"),
]
