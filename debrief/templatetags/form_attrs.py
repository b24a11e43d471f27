"""A widget's attributes written in one step (templates/django/forms/widgets/attrs.html)."""

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString

register = template.Library()


@register.filter
def html_attrs(attrs: dict) -> SafeString:
    """What Django's own attrs.html writes — ` name="value"`, ` name` for True, nothing for
    False, in the widget's order — without a loop of template nodes per attribute, which every
    field of every form pays."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {name}" if value is True else f' {name}="{escape(value)}"')
    return SafeString("".join(parts))
