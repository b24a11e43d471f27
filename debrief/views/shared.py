"""Helpers every views module uses."""

from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

PAGE_SIZE = 25


def paginate(request: HttpRequest, queryset, per_page: int = PAGE_SIZE) -> Page:
    """The requested page of a queryset; a bad or out-of-range page number gives the nearest."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def query_string_without_page(request: HttpRequest) -> str:
    """The current filters, to carry into pagination and sort links."""
    return urlencode([(key, value) for key, value in request.GET.items() if key != "page"])
