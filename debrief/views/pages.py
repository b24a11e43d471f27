"""Public pages, health check and error pages."""

from django.conf import settings
from django.core.cache import cache
from django.db import connection, connections, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import path
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("debrief:dashboard")
    return render(request, "debrief/home.html")


# Outside ATOMIC_REQUESTS: opening a transaction on a dead database would answer 500, not 503.
@transaction.non_atomic_requests
@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


# Outside ATOMIC_REQUESTS like /healthz. /healthz says "this process and its database answer"
# (the load balancer's check); /readyz also asks every shared component a replica needs to serve
# a page as any other replica would: the cache (Redis under make cluster) and, when configured,
# the read replica. It answers 503 with the first that does not answer.
@transaction.non_atomic_requests
@never_cache
@require_safe
def readyz(request: HttpRequest) -> JsonResponse:
    checks = {"database": database_ok(), "cache": cache_ok()}
    if "replica" in settings.DATABASES:
        checks["replica"] = database_ok("replica")
    ready = all(checks.values())
    return JsonResponse(
        {
            "status": "ready" if ready else "not ready",
            **{name: "ok" if ok else "unavailable" for name, ok in checks.items()},
        },
        status=200 if ready else 503,
    )


def cache_ok() -> bool:
    try:
        cache.set("readyz", "1", 5)
        return cache.get("readyz") == "1"
    except Exception:
        return False


def database_ok(alias: str = "default") -> bool:
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return False
    return True


@transaction.non_atomic_requests
@never_cache
@require_safe
def status(request: HttpRequest) -> HttpResponse:
    """The service status for people; /healthz says the same to machines."""
    ok = database_ok()
    return render(
        request,
        "debrief/status.html",
        {"ok": ok, "checked_at": timezone.now()},
        status=200 if ok else 503,
    )


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "debrief/privacy.html",
        {
            "contact": settings.PRIVACY_CONTACT_EMAIL,
            "session_days": settings.SESSION_COOKIE_AGE // 86400,
        },
    )


@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "debrief/accessibility.html",
        {"contact": settings.ACCESSIBILITY_CONTACT_EMAIL},
    )


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "404.html", status=404)


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "403.html", status=403)


def rate_limited(request: HttpRequest, exception=None) -> HttpResponse:
    """RATELIMIT_VIEW: a request over one of the limits in settings.RATE_LIMITS."""
    return render(request, "429.html", status=429)


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without the request: its context processors look up the user, who may be in the
    # database whose failure caused this error. The page shows the signed-out navigation.
    return HttpResponseServerError(loader.get_template("500.html").render())


urlpatterns = [
    path("", home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("status/", status, name="status"),
    path("privacy/", privacy, name="privacy"),
    path("accessibility/", accessibility, name="accessibility"),
]
