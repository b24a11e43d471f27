"""The language switch on every page ("English | Cymraeg", the GOV.UK language navigation).

A POST form of two buttons (templatetags/site_header.py), so it works without
JavaScript and a link or a prefetch cannot change anyone's setting. Django's `set_language` sets
the cookie and sends the person back to the page they were on (only ever a page of this site);
signed in, the choice is also kept on the account, for the next sign-in and for their emails.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from debrief.i18n import LANGUAGE_CODES, remember_language


@require_POST
def switch_language(request: HttpRequest) -> HttpResponse:
    response = set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in LANGUAGE_CODES:
        remember_language(request.user, language)
    return response


urlpatterns = [path("language/", switch_language, name="language")]
