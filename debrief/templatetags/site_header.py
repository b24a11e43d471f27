"""The top of every page built on base.html: the language switch and the main navigation,
written in Python as the dashboard's panels are. As two included templates they took about
0.6 ms of every page (issue 22: the floor every page pays); the markup and the messages are
theirs. The sections and which is current come from context_processors.navigation.

The language switch follows GOV.UK's language navigation: the current language as text, the
other as a button of a POST form (works without JavaScript; see debrief/views/language.py). Each
language is named in itself, with its own lang, so it reads the same whichever is current.

The navigation, signed in, is a disclosure that works without JavaScript: folded behind "Menu"
on a narrow screen, always open on a wide one (app.css)."""

from django import template
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, pgettext

from debrief.csrf_slot import csrf_input
from debrief.reversing import reverse_remembered
from debrief.templatetags.dashboard_rows import translated

register = template.Library()

ENGLISH = '<span aria-current="true" lang="en-GB">English</span>'
WELSH = '<span aria-current="true" lang="cy">Cymraeg</span>'
TO_ENGLISH = (
    '<button type="submit" class="btn btn-link" name="language" value="en-gb" lang="en-GB">'
    "English</button>"
)
TO_WELSH = (
    '<button type="submit" class="btn btn-link" name="language" value="cy" lang="cy">'
    "Cymraeg</button>"
)


def language_switch(context, request) -> str:
    first, second = (TO_ENGLISH, WELSH) if get_language() == "cy" else (ENGLISH, TO_WELSH)
    # Each message in a local of its own: xgettext does not read inside an f-string's braces.
    name = translated("Language")
    return (
        f'<nav class="language-switch container" aria-label="{name}">\n'
        f'<form method="post" action="{reverse_remembered("debrief:language")}">\n'
        f"{csrf_input(context)}\n"
        f'<input type="hidden" name="next" value="{escape(request.get_full_path())}">\n'
        f'<ul class="language-switch-list">\n<li>{first}</li>\n<li>{second}</li>\n</ul>\n'
        "</form>\n</nav>\n"
    )


def nav_link(href: str, text: str, current: str | None) -> str:
    """A link of the navigation; `current` is its aria-current, when it is the current page
    ("page") or within its section ("true")."""
    if current is None:
        return f'<a class="nav-link" href="{href}">{text}</a>'
    return f'<a class="nav-link active" href="{href}" aria-current="{current}">{text}</a>'


def account_item(name: str, text: str, current: str | None) -> str:
    return f'<li class="nav-item">{nav_link(reverse_remembered(name), text, current)}</li>\n'


def account_links(context, user) -> str:
    """Beside the sections: an adviser's own emails, two-step sign-in and password; anyone
    else's settings (marked current on every settings page)."""
    page = context.get("nav_current") or ""
    if not user.is_adviser:
        within = "true" if page[:9] == "settings-" else None
        settings = translated("Settings")
        return account_item("debrief:settings-account", settings, within)
    emails = translated("Emails")
    security = translated("Sign-in security")
    password = translated("Change password")
    return "".join(
        account_item(name, text, "page" if page == current_name else None)
        for name, current_name, text in (
            ("debrief:settings-notifications", "settings-notifications", emails),
            ("debrief:adviser-2fa", "adviser-2fa", security),
            ("password_change", "password_change", password),
        )
    )


def signed_in_menu(context, user) -> str:
    sections = "".join(
        '<li class="nav-item">'
        + nav_link(
            reverse_remembered(url_name),
            conditional_escape(label),
            ("page" if is_exact else "true") if is_current else None,
        )
        + "</li>\n"
        for url_name, label, is_current, is_exact in context.get("nav_sections", ())
    )
    menu = translated("Menu")
    sign_out = translated("Sign out")
    return (
        '<details class="nav-menu">\n'
        f'<summary class="nav-menu-toggle">{menu}</summary>\n'
        '<div class="nav-menu-items">\n'
        f'<ul class="nav nav-pills">\n{sections}</ul>\n'
        '<ul class="nav nav-account">\n'
        f"{account_links(context, user)}"
        '<li class="nav-item">\n'
        f'<form method="post" action="{reverse_remembered("logout")}">\n'
        f"{csrf_input(context)}\n"
        f'<button type="submit" class="btn btn-outline-secondary btn-sm">{sign_out}</button>\n'
        "</form>\n</li>\n</ul>\n</div>\n</details>\n"
    )


def signed_out_links() -> str:
    sign_in = translated("Sign in")
    sign_up = translated("Create an account")
    return (
        '<ul class="nav ms-auto align-items-center">\n'
        f'<li class="nav-item"><a class="nav-link" href="{reverse_remembered("login")}">'
        f"{sign_in}</a></li>\n"
        '<li class="nav-item"><a class="btn btn-primary btn-sm ms-2" '
        f'href="{reverse_remembered("signup")}">{sign_up}</a></li>\n'
        "</ul>\n"
    )


@register.simple_tag(takes_context=True)
def site_header(context) -> str:
    """The language switch (on a page rendered for a request) and the main navigation."""
    request = context.get("request")
    user = context.get("user")
    signed_in = user is not None and user.is_authenticated
    main = pgettext("navigation", "Main")
    return mark_safe(  # every value in it escaped above; the messages are trusted, as templates'
        (language_switch(context, request) if request else "")
        + f'<nav class="container site-nav py-2" aria-label="{main}">\n'
        + f'<a class="brand me-3" href="{reverse_remembered("debrief:home")}">Debrief</a>\n'
        + (signed_in_menu(context, user) if signed_in else signed_out_links())
        + "</nav>"
    )
