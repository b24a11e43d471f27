"""Reversing a URL name, with the answer remembered (issue 22: every page reverses the same
names over and over; the reminders' pass writes a link for every reminder).

An answer depends only on the name, its arguments, the namespace asked for, the URL
configuration, the script prefix and the language, so it is kept under all of those, for the
simple arguments URLs are made of. A name with one integer argument (a primary key) is reversed
once, with a stand-in number, and each key written into the same path: the keys of a page's
rows or of a pass's reminders are all different, and would each miss a cache of answers.
Anything else, and every failure, is reversed afresh as Django does.
"""

import uuid
from functools import lru_cache

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

# The argument types a URL is made of; a model instance or a lazy string is reversed afresh.
SIMPLE = (int, str, uuid.UUID)
PK_MARK = 7_919_191_919  # a number no URL pattern contains, standing for the primary key


@lru_cache(maxsize=4096)
def remembered(view_name, args, kwargs, current_app, urlconf, script_prefix, language) -> str:
    # The last three are the key only: reverse() reads them from where this request set them.
    return reverse(view_name, args=args, kwargs=dict(kwargs), current_app=current_app)


def around(view_name, stand_in, current_app=None) -> tuple[str, str] | None:
    """The path of `view_name` reversed with `stand_in` as its one argument, as the text before
    and after it, for each real argument to be written in between; None when the pattern refuses
    the stand-in or it does not appear exactly once, as it is."""
    try:
        path = reverse(view_name, args=[stand_in], current_app=current_app)
    except NoReverseMatch:
        return None
    before, mark, after = path.partition(str(stand_in))
    return (before, after) if mark and str(stand_in) not in after else None


@lru_cache(maxsize=256)
def around_one_int(view_name, current_app, urlconf, script_prefix, language):
    """`around` a primary key; the last three are the key only, as in `remembered`."""
    return around(view_name, PK_MARK, current_app)


def reverse_remembered(view_name, args=(), kwargs=None, current_app=None) -> str:
    kwargs = kwargs or {}
    # isinstance: a name written in a template is a SafeString.
    simple = isinstance(view_name, str) and all(
        isinstance(value, SIMPLE) for value in (*args, *kwargs.values())
    )
    if not simple:
        return reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
    where = (get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), get_language())
    if len(args) == 1 and not kwargs and type(args[0]) is int and args[0] >= 0:
        around = around_one_int(view_name, current_app, *where)
        if around is not None:
            return f"{around[0]}{args[0]}{around[1]}"
    return remembered(view_name, tuple(args), tuple(sorted(kwargs.items())), current_app, *where)
