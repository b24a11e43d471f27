"""A page written once and served to more than one visit keeps a slot where its CSRF token goes,
and each visit writes a token of its own there, as `{% csrf_token %}` would: the dashboard's
cached panels (services/dashboard.py) and the sign-in pages kept for visitors
(debrief/visitor_pages.py)."""

import re

from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.utils.html import escape

# Render a page with this as `csrf_token`, or put the slot in with `with_slot`.
SLOT_TOKEN = "csrf-token-slot"
CSRF_SLOT = f'name="csrfmiddlewaretoken" value="{SLOT_TOKEN}"'
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def csrf_input(context) -> str:
    """What `{% csrf_token %}` writes, for markup written in Python."""
    token = context.get("csrf_token")
    if not token or token == "NOTPROVIDED":
        return ""
    return f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(token)}">'


def with_slot(html: str) -> str:
    """The page with the slot in place of each token it was written with."""
    return CSRF_INPUT.sub(CSRF_SLOT, html)


def with_token(html: str, request: HttpRequest) -> str:
    """The page with this visit's token in each slot."""
    if CSRF_SLOT not in html:
        return html
    return html.replace(CSRF_SLOT, CSRF_SLOT.replace(SLOT_TOKEN, escape(get_token(request))))
