"""Two-step verification for everyone who can read other people's records."""

from django.http import HttpRequest, HttpResponse

from debrief.views.adviser import confirmed_device, needs_two_step, redirect_with_next

# The pages an adviser or staff member reaches before entering a code: the two-step pages
# themselves, signing out, and the health check. Static files are served before this runs.
EXEMPT_VIEWS = {
    "debrief:adviser-2fa-setup",
    "debrief:adviser-2fa-verify",
    "debrief:adviser-2fa-enrol",
    "debrief:healthz",
    "logout",
    "admin:logout",
}


class TwoStepVerificationMiddleware:
    """An adviser or staff member whose session has not been verified with a code is sent to
    enter one (or to set up an authenticator) before any page, then on to the page asked for.
    One rule here instead of a decorator on each view, so a new page cannot forget it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        user = request.user
        if not needs_two_step(user) or user.is_verified():
            return None
        if request.resolver_match.view_name in EXEMPT_VIEWS:
            return None
        step = "adviser-2fa-verify" if confirmed_device(user) else "adviser-2fa-setup"
        return redirect_with_next(step, request.get_full_path())
