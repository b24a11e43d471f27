"""The admin site for Debrief's support staff: django-otp's OTPAdminSite (a verified session),
signed in through Debrief's own sign-in page (its throttles, its two-step pages and their logs),
answering only the methods it uses, and without the autocomplete endpoint, which would list
people's records without writing their access logs."""

from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods
from django_otp.admin import OTPAdminSite


class DebriefAdminSite(OTPAdminSite):
    def admin_view(self, view, cacheable=False):
        return require_http_methods(["GET", "HEAD", "POST"])(super().admin_view(view, cacheable))

    def login(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        next_path = request.GET.get("next") or reverse("admin:index")
        return redirect(f"{reverse('login')}?{urlencode({'next': next_path})}")

    def autocomplete_view(self, request: HttpRequest) -> HttpResponse:
        raise Http404
