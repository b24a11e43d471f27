"""Walking every URL of the site with real objects in its parameters, for the tests that check
each page (tests/test_http_methods.py, tests/test_adviser_verification_everywhere.py)."""

import re

from django.urls import URLPattern, URLResolver, get_resolver

from debrief.models import (
    ActionSuggestion,
    Appointment,
    CaseNote,
    ClientTag,
    Contact,
    ImportBatch,
)
from tests.factories import (
    grant_access,
    make_action_item,
    make_application,
    make_feedback_request,
    make_interview,
    make_note,
    make_star_answer,
)

PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def routes(patterns=None, prefix: str = ""):
    """Every route in the site (admin excluded: django-otp's admin site guards it)."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            if str(pattern.pattern) != "admin/":
                yield from routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def make_record(owner, adviser) -> dict:
    """One of everything in the owner's record, shared with the adviser."""
    access = grant_access(owner, adviser)
    application = make_application(owner)
    interview = make_interview(application)
    return {
        "client_id": owner.pk,
        "application_pk": application.pk,
        # <int:pk> after each of these words:
        "applications": application.pk,
        "interviews": interview.pk,
        "feedback": make_feedback_request(interview).pk,
        "star": make_star_answer(owner).pk,
        "actions": make_action_item(owner).pk,
        "sharing": access.pk,
        "notes": make_note(adviser, owner).pk,
        "appointments": Appointment.objects.create(
            adviser=adviser, client=owner, date=application.date_applied
        ).pk,
        "suggestions": ActionSuggestion.objects.create(
            adviser=adviser, client=owner, text="Ask for feedback"
        ).pk,
        "contacts": Contact.objects.create(owner=owner, name="Priya Shah").pk,
        "import": ImportBatch.objects.create(owner=owner, file_name="applications.csv").pk,
        "case-notes": CaseNote.objects.create(
            adviser=adviser, client=owner, contact_type="phone", minutes=10, outcome="Called"
        ).pk,
        "tags": ClientTag.objects.create(adviser=adviser, name="Graduates").pk,
    }


def url_of(route: str, record: dict) -> str:
    """The route with real objects of the record (anything unknown: a value that 404s)."""

    def fill(match: re.Match) -> str:
        name = match["name"]
        if name == "pk":
            word = route[: match.start()].rstrip("/").rsplit("/", 1)[-1]
            return str(record.get(word, 999999))
        if name in record:
            return str(record[name])
        return "999999" if match["converter"] == "int" else "x"

    return "/" + PARAMETER.sub(fill, route)
