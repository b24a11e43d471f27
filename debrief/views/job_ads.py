"""Add from a job ad: paste the link and the text, or arrive from the bookmarklet with the page's
title, address and selection; the application form comes back filled with what the ad says.

The bookmarklet is a `javascript:` link the person drags to their bookmarks bar: it runs on the
job board's page, never on Debrief's, and opens this page in a new tab with GET parameters, so
Debrief's pages carry no script of their own and the Content-Security-Policy is unchanged."""

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from debrief.forms.applications import ApplicationForm
from debrief.services.job_ads import read_ad
from debrief.views import once

SELECTION_LIMIT = 6_000
BOOKMARKLET = (
    "javascript:(function(){{var s=String(window.getSelection()).slice(0,{limit});"
    "window.open('{target}?title='+encodeURIComponent(document.title)+'&url='"
    "+encodeURIComponent(location.href)+'&text='+encodeURIComponent(s),'_blank');}})();"
)


class PastedAdForm(forms.Form):
    url = forms.URLField(
        label=gettext_lazy("Job link"), required=False, max_length=500, assume_scheme="https"
    )
    text = forms.CharField(
        label=gettext_lazy("The ad's text"),
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=20_000,
        help_text=gettext_lazy(
            "Select all of the ad on the job board's page, copy it and paste it here."
        ),
    )


def bookmarklet(request: HttpRequest) -> str:
    target = settings.SITE_URL.rstrip("/") + reverse("debrief:application-from-ad")
    return BOOKMARKLET.format(limit=SELECTION_LIMIT, target=target)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def application_from_ad(request: HttpRequest) -> HttpResponse:
    """GET with the bookmarklet's parameters, or POST of the pasted ad: the application form,
    filled. Nothing is saved here: the form posts to "Add an application"."""
    if request.method == "POST":
        pasted = PastedAdForm(request.POST)
        if not pasted.is_valid():
            return render(
                request,
                "debrief/application_from_ad.html",
                {"pasted": pasted, "bookmarklet": bookmarklet(request)},
            )
        facts = read_ad(url=pasted.cleaned_data["url"], text=pasted.cleaned_data["text"])
    elif any(request.GET.get(key) for key in ("title", "url", "text")):
        facts = read_ad(
            title=request.GET.get("title", "")[:500],
            url=request.GET.get("url", "")[:2000],
            text=request.GET.get("text", "")[:SELECTION_LIMIT],
        )
    else:
        return render(
            request,
            "debrief/application_from_ad.html",
            {"pasted": PastedAdForm(), "bookmarklet": bookmarklet(request)},
        )
    form = once.protect(ApplicationForm(initial=facts.initial(), submit_label=_("Add application")))
    form.helper.form_action = reverse("debrief:application-new")
    return render(request, "debrief/application_form.html", {"form": form, "from_ad": True})


urlpatterns = [
    path("applications/from-ad/", application_from_ad, name="application-from-ad"),
]
