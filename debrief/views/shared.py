"""Helpers every views module uses."""

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from debrief.models import User
from debrief.replica import SAFE_METHODS

PAGE_SIZE = 25


def transaction_for_changes(view):
    """ATOMIC_REQUESTS for a request that changes something (POST), not for one that only reads
    (GET, HEAD): a page that only reads needs no transaction, and its BEGIN and COMMIT would be
    two round trips to the database on every visit (issue 22: the floor every page pays). For
    the pages visited most, whose GET writes nothing to the database."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method in SAFE_METHODS:
            return view(request, *args, **kwargs)
        with transaction.atomic():
            return view(request, *args, **kwargs)

    return transaction.non_atomic_requests(wrapped)


def paginate(
    request: HttpRequest, queryset, per_page: int = PAGE_SIZE, *, count: int | None = None
) -> Page:
    """The requested page of a queryset; a bad or out-of-range page number gives the nearest.
    `count`, when the view already knows how many rows the queryset has, saves counting them."""
    paginator = Paginator(queryset, per_page)
    if count is not None:
        paginator.count = count
    return paginator.get_page(request.GET.get("page"))


def query_string_without_page(request: HttpRequest) -> str:
    """The current filters, to carry into pagination and sort links."""
    return urlencode([(key, value) for key, value in request.GET.items() if key != "page"])


def signed_in_and(allowed: Callable[[User], bool]):
    """A view decorator: signed in (else the sign-in page), and `allowed(user)`, else 404, as if
    the page did not exist. The two-step check is the middleware's, for every page."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not allowed(request.user):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def safe_next(request: HttpRequest, default: str) -> str:
    """The `next` address posted or in the query string if it is a path on this site, so it
    cannot send the user elsewhere; otherwise the default. Only a path ("/…"): `redirect()` would
    take a plain word for a URL name and fail, and a full URL is never needed."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def delete_after_confirmation(
    request: HttpRequest,
    obj,
    *,
    what: str,
    cancel_url: str,
    success_url: str,
    message: str,
    consequences: str = "",
    shown_as: str | None = None,
) -> HttpResponse:
    """GET asks "Delete <what>?" with what else goes with it; POST deletes and moves on."""
    if request.method == "POST":
        obj.delete()
        messages.success(request, message)
        return redirect(success_url)
    return render(
        request,
        "debrief/confirm_delete.html",
        {
            "object": shown_as or obj,
            "what": what,
            "cancel_url": cancel_url,
            "consequences": consequences,
        },
    )


def not_yet_context(interview, what: str) -> dict:
    """Why a debrief or feedback request waits until the interview has happened."""
    return {"interview": interview, "application": interview.application, "what": what}
