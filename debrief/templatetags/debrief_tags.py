"""Template helpers shared by the job seeker's pages and the adviser's read-only view of them."""

import datetime

from django import template
from django.utils import timezone
from django.utils.dates import MONTHS_3, WEEKDAYS_ABBR
from django.utils.translation import pgettext

from debrief.reversing import reverse_remembered

register = template.Library()


@register.simple_tag(takes_context=True)
def record_url(context, name: str, *args) -> str:
    """Link within a job seeker's record.

    The same templates render the job seeker's own pages and, with `record_client` in the
    context, an adviser's read-only view of that client's record: there `application-detail`
    becomes `adviser-application-detail` under the client's id.
    """
    client = context.get("record_client")
    if client is not None:
        name, args = f"adviser-{name}", [client.pk, *args]
    return reverse_remembered(f"debrief:{name}", list(args), {}, current_app=None)


@register.filter
def days_before(day, today) -> int | None:
    """Whole days from `day` to `today` (the silence clock's count), None without a day."""
    if not day or not today:
        return None
    return max((today - day).days, 0)


@register.filter
def short_date(value, weekday: str = "") -> str:
    """'3 Dec' this year, '3 Dec 2025' in any other: a date is never ambiguous about its year.
    `|short_date:"weekday"` starts with the day of the week ('Wed 3 Dec'). The names of days
    and months are the active language's ('Mer 3 Rhag' in Welsh): what `date:"D j M"` writes,
    without parsing the format on every call (the dashboard writes a few dozen)."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    text = f"{value.day} {MONTHS_3[value.month].title()}"
    if value.year != timezone.localdate().year:
        text += f" {value.year}"
    return f"{WEEKDAYS_ABBR[value.weekday()]} {text}" if weekday else text


def client_name(context) -> str | None:
    """The first name of the client whose record an adviser is reading (None for one's own)."""
    client = context.get("record_client")
    if client is None:
        return None
    name = (client.display_name or client.email).split()
    return name[0] if name else str(client)


# The record in its reader's words: "your STAR bank" to the job seeker, "Sam's STAR bank" to
# their adviser, so nothing reads as advice addressed to the wrong person. These are words put
# before a noun, which Welsh cannot always do with a name ("banc STAR Sam"): a sentence that
# reads badly in Welsh should be written whole for each reader ({% if record_client %}).
def possessive(name: str) -> str:
    return pgettext("possessive of a client's name", "%(name)s’s") % {"name": name}


@register.simple_tag(takes_context=True)
def your(context) -> str:
    name = client_name(context)
    return possessive(name) if name else pgettext("possessive", "your")


@register.simple_tag(takes_context=True, name="Your")
def your_capital(context) -> str:
    name = client_name(context)
    return possessive(name) if name else pgettext("possessive", "Your")


@register.simple_tag(takes_context=True)
def you(context) -> str:
    return client_name(context) or pgettext("object pronoun", "you")


@register.simple_tag(takes_context=True, name="You")
def you_capital(context) -> str:
    return client_name(context) or pgettext("subject pronoun", "You")


@register.simple_tag(takes_context=True)
def yours(context) -> str:
    name = client_name(context)
    return possessive(name) if name else pgettext("possessive pronoun", "yours")


@register.simple_tag
def text_limit(field) -> int | None:
    """For crispy's field template: the one rule is the bound field's (debrief/forms/rendering.py
    `text_limit`, whose `build_widget_attrs` also leaves `maxlength` off every control)."""
    return field.text_limit
