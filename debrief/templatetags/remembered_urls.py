"""`{% url %}` as Django's, remembering each answer (a template builtin: every template's
`{% url %}` is this one).

Reversing a URL name costs tens of microseconds, and every page reverses the same names over
and over: the navigation, the footer, a row's links. The answer depends only on the name, its
arguments, the namespace asked for, the URL configuration, the script prefix and the language,
so it is kept under all of those, for the simple arguments URLs are made of (issue 22: the
floor every page pays). Anything else, and every failure, is reversed afresh as Django does.
"""

import uuid
from functools import lru_cache

from django import template
from django.conf import settings
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape
from django.utils.translation import get_language

register = template.Library()

# The argument types a URL is made of; a model instance or a lazy string is reversed afresh.
SIMPLE = (int, str, uuid.UUID)


@lru_cache(maxsize=4096)
def remembered(view_name, args, kwargs, current_app, urlconf, script_prefix, language) -> str:
    # The last four are the key only: reverse() reads them from where this request set them.
    return reverse(view_name, args=args, kwargs=dict(kwargs), current_app=current_app)


def reverse_remembered(view_name, args: list, kwargs: dict, current_app) -> str:
    # isinstance: a name written in a template is a SafeString.
    simple = isinstance(view_name, str) and all(
        isinstance(value, SIMPLE) for value in (*args, *kwargs.values())
    )
    if not simple:
        return reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
    return remembered(
        view_name,
        tuple(args),
        tuple(sorted(kwargs.items())),
        current_app,
        get_urlconf() or settings.ROOT_URLCONF,
        get_script_prefix(),
        get_language(),
    )


class RememberedURLNode(URLNode):
    def render(self, context):
        # Django's URLNode.render, with reverse_remembered in place of reverse.
        args = [arg.resolve(context) for arg in self.args]
        kwargs = {k: v.resolve(context) for k, v in self.kwargs.items()}
        view_name = self.view_name.resolve(context)
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        url = ""
        try:
            url = reverse_remembered(view_name, args, kwargs, current_app)
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser, token):
    node = django_url(parser, token)
    return RememberedURLNode(node.view_name, node.args, node.kwargs, node.asvar)
