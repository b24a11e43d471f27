from django.http import HttpRequest

JOB_SEEKER_SECTIONS = [
    ("dashboard", "Dashboard"),
    ("application-list", "Applications"),
    ("feedback-list", "Feedback"),
    ("star-list", "STAR answers"),
    ("action-list", "Actions"),
]
ADVISER_SECTIONS = [("adviser-caseload", "Caseload")]
SERVICE_ADMIN_SECTIONS = [*ADVISER_SECTIONS, ("service-home", "Your service")]


def navigation(request: HttpRequest) -> dict:
    """The main navigation for the signed-in user: (URL name, label, in this section, on the
    section's own page), so a sub-page (an application's detail) is marked as within the section
    and only the section's page as the current page."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Advisers work on their clients' records; their own job search is not what they came for.
    if user.is_adviser and user.is_service_admin:
        sections = SERVICE_ADMIN_SECTIONS
    elif user.is_adviser:
        sections = ADVISER_SECTIONS
    else:
        sections = JOB_SEEKER_SECTIONS
    match = request.resolver_match
    current = match.url_name if match else None
    section_prefix = current.split("-")[0] if current else None
    return {
        "nav_sections": [
            (
                f"debrief:{name}",
                label,
                name == current or name.split("-")[0] == section_prefix,
                name == current,
            )
            for name, label in sections
        ]
    }
