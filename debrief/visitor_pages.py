"""The pages people open before they sign in (sign in, sign up), each kept in this process as
it was last written, for the next visitor at the same address.

Signed out, with no message waiting, a GET of these pages is the same for everyone who asks at
the same address, on the same host, in the same language — but for its CSRF tokens, which are
taken out when it is kept and minted afresh for each visitor. Writing the page cost most of its
time (issue 22: the sign-in page is the floor's own measure), so it is written once.

Anything else (a POST, someone signed in, a message to show, an answer other than 200) goes to
the view as usual. The address is the visitor's to choose (`?next=`, `?email=`), so what is kept
is bounded, oldest first out.
"""

import threading
from collections import OrderedDict
from functools import wraps

from django.contrib.messages import get_messages
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

from debrief import csrf_slot
from debrief.replica import SAFE_METHODS

KEPT = 512


class Kept:
    def __init__(self):
        self.pages: OrderedDict[tuple, tuple[str, str]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: tuple):
        with self.lock:
            page = self.pages.get(key)
            if page is not None:
                self.pages.move_to_end(key)
            return page

    def put(self, key: tuple, page: tuple[str, str]) -> None:
        with self.lock:
            self.pages[key] = page
            while len(self.pages) > KEPT:
                self.pages.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.pages.clear()


kept = Kept()


def same_for_every_visitor(request: HttpRequest) -> bool:
    return (
        request.method in SAFE_METHODS
        and not request.user.is_authenticated
        and not len(get_messages(request))
    )


def remembered_for_visitors(view):
    """Apply inside `never_cache` and `csrf_protect`, so that they apply to the kept page too."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not same_for_every_visitor(request):
            return view(request, *args, **kwargs)
        key = (
            view.__module__,
            view.__qualname__,
            request.scheme,
            request.get_host(),
            request.get_full_path(),
            get_language(),
        )
        page = kept.get(key)
        if page is None:
            response = view(request, *args, **kwargs)
            if response.status_code != 200 or response.streaming or response.cookies:
                return response
            content_type = response["Content-Type"]
            kept.put(key, (content_type, csrf_slot.with_slot(response.content.decode())))
            return response
        content_type, html = page
        return HttpResponse(csrf_slot.with_token(html, request), content_type=content_type)

    return wrapper
