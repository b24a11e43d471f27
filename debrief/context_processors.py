from django.http import HttpRequest
from django.utils.translation import gettext_lazy, pgettext_lazy

JOB_SEEKER_SECTIONS = [
    ("dashboard", gettext_lazy("Dashboard")),
    ("application-list", gettext_lazy("Applications")),
    ("feedback-list", pgettext_lazy("navigation", "Feedback")),
    ("star-list", gettext_lazy("STAR answers")),
    ("action-list", gettext_lazy("Actions")),
    ("contact-list", gettext_lazy("Contacts")),
    ("document-list", gettext_lazy("CVs")),
]
ADVISER_SECTIONS = [
    ("adviser-caseload", gettext_lazy("Caseload")),
    ("adviser-diary", gettext_lazy("Diary")),
]
SERVICE_ADMIN_SECTIONS = [*ADVISER_SECTIONS, ("service-home", gettext_lazy("Your service"))]


def navigation(request: HttpRequest) -> dict:
    """The main navigation for the signed-in user: (URL name, label, in this section, on the
    section's own page), so a sub-page (an application's detail) is marked as within the section
    and only the section's page as the current page."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Advisers work on their clients' records; their own job search is not what they came for.
    if user.is_service_admin:
        sections = SERVICE_ADMIN_SECTIONS
    elif user.is_adviser:
        sections = ADVISER_SECTIONS
    else:
        sections = JOB_SEEKER_SECTIONS
    match = request.resolver_match
    current = match.url_name if match else None
    return {
        "nav_sections": [
            (f"debrief:{name}", label, in_section(name, current), name == current)
            for name, label in sections
        ],
        # For the account links beside the sections ("Sign-in security" on /adviser/2fa/).
        "nav_current": current,
    }


# Pages whose URL name shares a section's first word without being part of it: the adviser's
# own two-step sign-in pages and their diary are not their caseload.
OUTSIDE_SECTIONS = ("adviser-2fa", "adviser-diary")


def in_section(section: str, current: str | None) -> bool:
    """Whether the page named `current` is the section's page or one within it (same first
    word of the URL name: application-detail is within application-list)."""
    if current is None:
        return False
    if current == section:
        return True
    if section in OUTSIDE_SECTIONS:  # a section of its own: only its pages are in it
        return current.startswith(f"{section}-")
    if any(current == name or current.startswith(f"{name}-") for name in OUTSIDE_SECTIONS):
        return False
    return current.split("-")[0] == section.split("-")[0]
