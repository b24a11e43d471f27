"""The job seeker's dashboard."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "debrief/dashboard.html")


urlpatterns = [
    path("dashboard/", dashboard, name="dashboard"),
]
