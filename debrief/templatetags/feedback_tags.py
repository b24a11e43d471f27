"""Template helpers for debriefs and feedback requests."""

from django import template

from debrief.models import Reason

register = template.Library()


@register.filter
def reason_labels(values: list[str]) -> list[str]:
    """The words for stored reason values, in the list's own order."""
    return [Reason(value).label for value in values if value in Reason.values]
