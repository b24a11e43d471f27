"""Applications: the list, one application with its interviews and stage history, and its forms."""

import datetime
import functools
from dataclasses import dataclass
from html import escape
from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe

from debrief.forms.applications import ApplicationFilterForm, ApplicationForm
from debrief.models import Application, DashboardCount, Interview
from debrief.ratelimits import limit_creation
from debrief.services.outcomes import OPEN_STATUSES, Decision, application_save
from debrief.services.silence import silence_of
from debrief.templatetags.caseload_tags import status_badge
from debrief.templatetags.debrief_tags import short_date
from debrief.views import once
from debrief.views.shared import (
    delete_after_confirmation,
    paginate,
    query_string_without_page,
    transaction_for_changes,
)


def known_count(filters: ApplicationFilterForm, counts: dict, total: int) -> int | None:
    """How many applications the list shows, when the counts by status already say: a search
    needs counting; a status filter, or none, does not (a second pass over the record saved)."""
    if not filters.is_valid():
        return total
    if filters.cleaned_data["q"]:
        return None
    status = filters.cleaned_data["status"]
    hidden = Application.Status.REJECTED if filters.cleaned_data["hide_closed"] else None
    if status:
        return 0 if status == hidden else counts.get(status, 0)
    return total - counts.get(hidden, 0) if hidden else total


# One line of the list, printed here rather than by the template: the template's variable lookups,
# filters and escaping per cell were most of the page's time (25 rows, ~10 values each).
# Every value is escaped (html.escape, which Django's escape filter calls).
ROW_HTML = """<tr>
  <td>
    <a href="{url}">{role_title}</a>
    <div class="small text-body-secondary">{employer}{location}</div>
    <div class="small text-body-secondary d-sm-none">{applied_on}</div>
  </td>
  <td>{badge}{silence}{decision}</td>
  <td class="d-none d-sm-table-cell">{applied}</td>
  <td class="d-none d-md-table-cell">{interviews}{pending}</td>
</tr>
"""
DECISION_HTML = (
    '\n    <div class="small"><a href="{url}">{they_said_no}<span class="visually-hidden">: '
    "{role_at_employer}</span></a></div>"
)
PENDING_HTML = ' <span class="small text-body-secondary">{pending}</span>'
# The silence clock of an open application, in the words of its own page (includes/silence.html).
SILENCE_HTML = '\n    <div class="small silence-clock">{silence}</div>'


def silence_words(days: int) -> str:
    """The clock's sentence whole (Welsh words the days differently from English)."""
    if not days:
        return _("Today since the employer last said anything")
    return ngettext(
        "%(days)s day since the employer last said anything",
        "%(days)s days since the employer last said anything",
        days,
    ) % {"days": days}


@dataclass(frozen=True)
class ApplicationRow:
    """One line of the list, ready to print (`html`)."""

    url: str
    role_title: str
    employer: str
    location: str
    status: str
    status_label: str
    applied: str
    interview_count: int
    pending_interviews: int
    # "They said no" on an application still open, for its owner (never in an adviser's view).
    decision_url: str
    # Days since the employer last said anything, while the application waits for them.
    silent_days: int | None = None

    @property
    def html(self) -> str:
        role_title, employer = escape(self.role_title), escape(self.employer)
        return ROW_HTML.format(
            url=escape(self.url),
            role_title=role_title,
            employer=employer,
            location=f" · {escape(self.location)}" if self.location else "",
            applied=escape(self.applied),
            applied_on=escape(_("Applied %(date)s") % {"date": self.applied}),
            badge=status_badge(self.status, self.status_label),
            decision=DECISION_HTML.format(
                url=escape(self.decision_url),
                they_said_no=escape(_("They said no")),
                role_at_employer=escape(
                    _("%(role)s at %(employer)s")
                    % {"role": self.role_title, "employer": self.employer}
                ),
            )
            if self.decision_url
            else "",
            silence=""
            if self.silent_days is None
            else SILENCE_HTML.format(silence=escape(silence_words(self.silent_days))),
            interviews=self.interview_count,
            pending=PENDING_HTML.format(
                pending=escape(
                    _("(%(pending)s awaiting outcome)") % {"pending": self.pending_interviews}
                )
            )
            if self.pending_interviews
            else "",
        )


def detail_url_maker(client):
    """A function of an application's id giving its page's address: reversed once, not per row.
    Under an adviser's view of `client`, the adviser's read-only page."""
    name, args = (
        ("debrief:adviser-application-detail", [client.pk])
        if client is not None
        else ("debrief:application-detail", [])
    )
    sample = reverse(name, args=[*args, 1])
    if not sample.endswith("/1/"):  # a changed URL pattern: reverse each row
        return lambda pk: reverse(name, args=[*args, pk])
    prefix = sample[: -len("1/")]
    return lambda pk: f"{prefix}{pk}/"


def silent_days(
    status: str, date_applied, interview_count: int, last_word, today: datetime.date
) -> int | None:
    """As the application's own page counts it (services/silence.silence_of): from the day it
    was sent while it waits with no interview, from the employer's last word in its interviews
    (the latest one held, or the latest outcome) while it is at "interviewing"."""
    if interview_count:
        if last_word is None or status != Application.Status.INTERVIEWING:
            return None
        since = min(last_word, today)
    elif status == Application.Status.APPLIED:
        since = date_applied
    else:
        return None
    return max((today - since).days, 0)


def application_rows(
    values: list[tuple], client=None, *, today: datetime.date | None = None
) -> list[ApplicationRow]:
    today = today or timezone.localdate()
    url = detail_url_maker(client)
    labels = dict(Application.Status.choices)
    turned_down = reverse("debrief:application-decision", args=[1, "turned-down"])

    def decision_url(pk: int, status: str) -> str:
        if client is not None or status not in OPEN_STATUSES:
            return ""
        return turned_down.replace("/1/", f"/{pk}/", 1)

    return [
        ApplicationRow(
            url=url(pk),
            role_title=role_title,
            employer=employer,
            location=location,
            status=status,
            status_label=str(labels.get(status, status)),
            applied=short_date(date_applied),
            interview_count=interview_count,
            pending_interviews=pending_interviews,
            decision_url=decision_url(pk, status),
            silent_days=silent_days(status, date_applied, interview_count, last_word, today),
        )
        for (
            pk,
            role_title,
            employer,
            location,
            status,
            date_applied,
            interview_count,
            pending_interviews,
            last_word,
        ) in values
    ]


# A line's HTML is a function of the row as read (ROWS_SQL), the day (the silence clock), the
# language of its words and whose record it is (the links): remembered in this process by exactly
# those, so an unchanged line is not printed again (a changed one is a new row, printed afresh).
# Bounded: a few pages of every recent reader.
@functools.lru_cache(maxsize=4096)
def remembered_row_html(
    values: tuple, today: datetime.date, language: str, client_pk: int | None
) -> str:
    client = None if client_pk is None else SimpleNamespace(pk=client_pk)
    (row,) = application_rows([values], client, today=today)
    return row.html


def rows_html(values: list[tuple], client=None) -> str:
    today, language = timezone.localdate(), translation.get_language()
    client_pk = None if client is None else client.pk
    return "".join(remembered_row_html(row, today, language, client_pk) for row in values)


# The page of rows in SQL: the same queryset through the ORM (two correlated count subqueries)
# took longer to compile than to run. The interviews are counted for the page's rows only, with
# the employer's last word in them (the latest interview held, or the latest outcome given) for
# the silence clock.
ROWS_SQL = """
SELECT a.id, a.role_title, a.employer, a.location, a.status, a.date_applied,
       counted.interviews, counted.pending, counted.last_word
FROM (
    SELECT id, role_title, employer, location, status, date_applied, updated_at
    FROM debrief_application
    WHERE {where}
    ORDER BY {order}
    LIMIT %(limit)s OFFSET %(offset)s
) AS a
CROSS JOIN LATERAL (
    SELECT count(*) AS interviews, count(*) FILTER (WHERE outcome = %(awaiting)s) AS pending,
           greatest(
               max((i.scheduled_at AT TIME ZONE %(zone)s)::date)
               FILTER (WHERE i.scheduled_at <= %(now)s),
               max(i.outcome_date)
           ) AS last_word
    FROM debrief_interview i WHERE i.application_id = a.id
) AS counted
ORDER BY {outer_order}
"""
COUNT_SQL = "SELECT count(*) FROM debrief_application WHERE {where}"


class ApplicationsOfPage:
    """The filtered applications as Paginator sees them: a length (known from the counts by
    status, or counted) and slices, each read in one statement."""

    def __init__(self, owner, filters: ApplicationFilterForm, count: int | None):
        data = (
            filters.cleaned_data
            if filters.is_valid()
            else {"q": "", "status": "", "sort": "", "hide_closed": False}
        )
        where, self.params = ["owner_id = %(owner)s"], {"owner": owner.pk}
        if data["q"]:
            # Django's icontains, in SQL: LIKE's wildcards in the search are matched literally.
            pattern = data["q"].replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            where.append(
                "(UPPER(employer) LIKE UPPER(%(q)s) OR UPPER(role_title) LIKE UPPER(%(q)s))"
            )
            self.params["q"] = f"%{pattern}%"
        if data["status"]:
            where.append("status = %(status)s")
            self.params["status"] = data["status"]
        if data["hide_closed"]:
            where.append("status <> %(closed)s")
            self.params["closed"] = Application.Status.REJECTED
        self.where = " AND ".join(where)
        # The list without a search or a status (the page visited most, in any order) is prepared
        # on the connection: its plan is the same for every record, along the owner's rows in
        # the order asked. A search's or a status's best plan depends on how many rows match.
        self.plan_is_shared = not (data["q"] or data["status"])
        order = ApplicationFilterForm.SORTS[data["sort"] or "-date_applied"][1]
        self.order = ", ".join(f"{f.lstrip('-')} {'DESC' if f[0] == '-' else 'ASC'}" for f in order)
        self.outer_order = ", ".join(
            f"a.{f.lstrip('-')} {'DESC' if f[0] == '-' else 'ASC'}" for f in order
        )
        self.count = count

    def __len__(self) -> int:
        if self.count is None:
            with connection.cursor() as cursor:
                cursor.execute(COUNT_SQL.format(where=self.where), self.params)
                self.count = cursor.fetchone()[0]
        return self.count

    def __getitem__(self, window: slice) -> list[tuple]:
        sql = ROWS_SQL.format(where=self.where, order=self.order, outer_order=self.outer_order)
        cursor_for = connection.prepared_cursor if self.plan_is_shared else connection.cursor
        with cursor_for() as cursor:
            cursor.execute(
                sql,
                {
                    **self.params,
                    "limit": window.stop - window.start,
                    "offset": window.start,
                    "awaiting": Interview.Outcome.AWAITING,
                    "zone": timezone.get_current_timezone_name(),
                    "now": timezone.now(),
                },
            )
            return cursor.fetchall()


def application_list_context(request: HttpRequest, owner, client=None) -> dict:
    """The list of `owner`'s applications; `client` when an adviser reads them (its links go to
    the adviser's read-only pages)."""
    filters = ApplicationFilterForm(request.GET)
    # Kept by the database (DashboardCount): a few rows, not a count of the whole record.
    counts = DashboardCount.application_statuses(owner)
    status_counts = tuple(
        (value, str(label), counts.get(value, 0)) for value, label in Application.Status.choices
    )
    total = sum(counts.values())
    applications = ApplicationsOfPage(owner, filters, known_count(filters, counts, total))
    page = paginate(request, applications, count=len(applications))
    page.object_list = list(page.object_list)
    return {
        "page_obj": page,
        "rows_html": mark_safe(rows_html(page.object_list, client)),
        "controls_html": controls_html(
            {name: request.GET[name] for name in FILTER_FIELDS if name in request.GET},
            status_counts,
            total,
        ),
        "query_string": query_string_without_page(request),
        "total_count": total,
    }


FILTER_FIELDS = tuple(ApplicationFilterForm.base_fields)


def controls_html(data: dict, status_counts: tuple, total: int) -> SafeString:
    """The status links and the search form (application_list.html#controls) for this query
    string (`data`, the filters' fields as sent) and these counts."""
    if len(data.get("q", "")) > ApplicationFilterForm.base_fields["q"].max_length:
        return mark_safe(remembered_controls.__wrapped__(data, status_counts, total, ""))
    return mark_safe(
        remembered_controls(
            tuple(sorted(data.items())), status_counts, total, translation.get_language()
        )
    )


# Rendered from its arguments alone (no request, no context processors), so remembered in this
# process by them and the language, as the rows are. A search longer than the field allows is
# rendered without being remembered.
@functools.lru_cache(maxsize=1024)
def remembered_controls(data, status_counts: tuple, total: int, language: str) -> str:
    filters = ApplicationFilterForm(dict(data))
    valid = filters.is_valid()
    context = {
        "filters": filters,
        "status_counts": status_counts,
        "total_count": total,
        "current_status": filters.cleaned_data.get("status", "") if valid else "",
        "current_sort": filters.cleaned_data.get("sort", "") if valid else "",
    }
    return str.__str__(render_to_string("debrief/application_list.html#controls", context))


def application_detail_context(application: Application) -> dict:
    interviews = (
        application.interviews.select_related("debrief")
        .annotate(feedback_count=Count("feedback_requests"))
        .order_by("scheduled_at")
    )
    return {
        "application": application,
        "interviews": interviews,
        "status_changes": application.status_changes.all(),
        "is_open": application.status in OPEN_STATUSES,
        "decision": Decision.for_status(application.status),
    }


@transaction_for_changes
@require_safe
@login_required
def application_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "debrief/application_list.html", application_list_context(request, request.user)
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@limit_creation
def application_new(request: HttpRequest) -> HttpResponse:
    if replay := once.already_saved(request):
        return replay
    form = once.protect(ApplicationForm(request.POST or None, submit_label=_("Add application")))
    if form.is_valid():

        def save() -> str:
            application = form.save(commit=False)
            application.owner = request.user
            if application_save(application=application):
                messages.success(
                    request, _("Added %(application)s.") % {"application": application}
                )
                return reverse("debrief:application-next-steps", args=[application.pk])
            messages.success(
                request, _("Added %(application)s. Good luck!") % {"application": application}
            )
            return application.get_absolute_url()

        return once.save_once(request, save)
    return render(request, "debrief/application_form.html", {"form": form})


@require_safe
@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(Application.objects.for_user(request.user), pk=pk)
    context = application_detail_context(application)
    context["interviews"] = list(context["interviews"])
    context["silence"] = silence_of(
        application,
        owner=request.user,
        today=timezone.localdate(),
        interviews=context["interviews"],
    )
    return render(request, "debrief/application_detail.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def application_edit(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(Application.objects.for_user(request.user), pk=pk)
    form = ApplicationForm(request.POST or None, instance=application)
    if form.is_valid():
        if application_save(application=form.save(commit=False)):
            messages.success(request, _("Application saved. Here is what to do next."))
            return redirect("debrief:application-next-steps", application.pk)
        messages.success(request, _("Application saved."))
        return redirect(application)
    return render(
        request, "debrief/application_form.html", {"form": form, "application": application}
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def application_delete(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(Application.objects.for_user(request.user), pk=pk)
    interview_count = application.interviews.count()
    return delete_after_confirmation(
        request,
        application,
        what=_("this application"),
        cancel_url=application.get_absolute_url(),
        success_url=reverse("debrief:application-list"),
        message=_("Deleted %(application)s.") % {"application": application},
        consequences=(
            ngettext(
                # The English has always used the plural's words for one interview too.
                "Its %(count)s interview, with their debriefs and feedback requests, are "
                "deleted with it.",
                "Its %(count)s interviews, with their debriefs and feedback requests, are "
                "deleted with it.",
                interview_count,
            )
            % {"count": interview_count}
            if interview_count
            else ""
        ),
    )


urlpatterns = [
    path("applications/", application_list, name="application-list"),
    path("applications/new/", application_new, name="application-new"),
    path("applications/<int:pk>/", application_detail, name="application-detail"),
    path("applications/<int:pk>/edit/", application_edit, name="application-edit"),
    path("applications/<int:pk>/delete/", application_delete, name="application-delete"),
]
