"""The application's URLs plus two floors to compare its pages with.

- `bench/floor/bare`: a view that does nothing, so the cost is the middleware alone.
- `bench/floor/one-query`: the cheapest personal page possible: sign-in required, one small
  query, a small template.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import include, path
from django.views.decorators.http import require_safe

from debrief.models import Application

ONE_QUERY_TEMPLATE = engines["django"].from_string(
    "<!doctype html><html lang='en'><title>Latest</title><h1>{{ user }}</h1>"
    "<ul>{% for employer in employers %}<li>{{ employer }}</li>{% endfor %}</ul></html>"
)


@require_safe
def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


@require_safe
@login_required
def one_query(request: HttpRequest) -> HttpResponse:
    employers = Application.objects.for_user(request.user).values_list("employer", flat=True)[:5]
    return HttpResponse(ONE_QUERY_TEMPLATE.render({"user": request.user, "employers": employers}))


urlpatterns = [
    path("bench/floor/bare", bare),
    path("bench/floor/one-query", one_query),
    path("", include("config.urls")),
]

handler404 = "debrief.views.pages.page_not_found"
handler500 = "debrief.views.pages.server_error"
handler403 = "debrief.views.pages.permission_denied"
