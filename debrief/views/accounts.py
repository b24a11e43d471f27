"""Sign-up; the other account pages are Django's own views with Debrief's templates."""

from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from debrief.forms.accounts import SignUpForm


@require_http_methods(["GET", "HEAD", "POST"])
@sensitive_post_parameters("password1", "password2")
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("debrief:dashboard")
    form = SignUpForm(request.POST or None)
    if form.is_valid():
        user = form.save()
        login(request, user, backend="debrief.auth.UserBackend")
        messages.success(request, f"Welcome to Debrief, {user.display_name}.")
        return redirect("debrief:dashboard")
    return render(request, "registration/signup.html", {"form": form})
