"""The application's URLs plus two floors to compare its pages with.

- `bench/floor/bare`: a view that does nothing, so the cost is the middleware alone.
- `bench/floor/one-query`: the cheapest personal page possible: sign-in required, one small
  query, a small template, no transaction (as the pages visited most: transaction_for_changes).

And two variants of real pages:

- `bench/cold/dashboard`: the dashboard as the first visit after a change to the record sees it.
  A write bumps the record's version (database triggers), so the next visit finds nothing cached
  under the new version and computes every figure. Here each request gives the signed-in user's
  record a version no request has used, in memory only: the real view then misses the cache and
  computes everything, without the benchmark measuring a write as well.
- `bench/cold/caseload`: the same for an adviser's caseload (the first visit after a change to
  any client's record, consent, name or the adviser's tags): the page written, not pasted.
"""

import itertools
import os

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import include, path
from django.views.decorators.http import require_safe

from debrief.models import Application, RecordVersion
from debrief.views.adviser import caseload
from debrief.views.dashboard import dashboard
from debrief.views.shared import transaction_for_changes

ONE_QUERY_TEMPLATE = engines["django"].from_string(
    "<!doctype html><html lang='en'><title>Latest</title><h1>{{ user }}</h1>"
    "<ul>{% for employer in employers %}<li>{{ employer }}</li>{% endfor %}</ul></html>"
)


@require_safe
def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


@transaction_for_changes
@require_safe
@login_required
def one_query(request: HttpRequest) -> HttpResponse:
    employers = Application.objects.for_user(request.user).values_list("employer", flat=True)[:5]
    return HttpResponse(ONE_QUERY_TEMPLATE.render({"user": request.user, "employers": employers}))


# Never a real version: those count up from 1. Unique across workers (one counter per process).
UNUSED_VERSIONS = (-(os.getpid() << 32) - n for n in itertools.count(1))


@transaction_for_changes
@login_required
def cold_dashboard(request: HttpRequest) -> HttpResponse:
    request.user.record_version = RecordVersion(user=request.user, version=next(UNUSED_VERSIONS))
    return dashboard(request)


@login_required
def cold_caseload(request: HttpRequest) -> HttpResponse:
    request.user.record_version = RecordVersion(user=request.user, version=next(UNUSED_VERSIONS))
    return caseload(request)


urlpatterns = [
    path("bench/floor/bare", bare),
    path("bench/floor/one-query", one_query),
    path("bench/cold/dashboard", cold_dashboard),
    path("bench/cold/caseload", cold_caseload),
    path("", include("config.urls")),
]

handler404 = "debrief.views.pages.page_not_found"
handler500 = "debrief.views.pages.server_error"
handler403 = "debrief.views.pages.permission_denied"
