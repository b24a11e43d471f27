"""Action items (being built)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path


@login_required
def placeholder(request, **kwargs):
    return render(request, "debrief/dashboard.html")


urlpatterns = [
    path("actions/", placeholder, name="action-list"),
]
