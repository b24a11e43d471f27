"""One-time tokens for create forms: a double submit or Back-and-resubmit creates one object.

Each create view calls `protect(form)` (a hidden `form_token` field with a fresh UUID), answers a
token already used with `already_saved(request)` before validating, and saves with
`save_once(request, save)`, which claims the token in the same transaction as the save.
"""

import datetime
import hashlib
import uuid
from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy

from debrief.models import FormSubmission

FIELD = "form_token"
ALREADY_SAVED = gettext_lazy("That form was already sent and saved once: here is what it saved.")
RACED = gettext_lazy(
    "Something was saved from another tab or window at the same moment, and this form would "
    "have clashed with it, so it was not saved. Here is the page as it is now: check it before "
    "you send anything again."
)
# The same content sent again from the same form this soon is a resubmission, not a new record.
SAME_CONTENT_WINDOW = datetime.timedelta(minutes=10)
NOT_CONTENT = {FIELD, "csrfmiddlewaretoken", "save"}


def protect(form: forms.BaseForm) -> forms.BaseForm:
    # No id: no label points at it, and two protected forms on one page must not share one.
    form.fields[FIELD] = forms.UUIDField(
        required=False, initial=uuid.uuid4, widget=forms.HiddenInput(attrs={"id": False})
    )
    helper = getattr(form, "helper", None)
    if helper is not None:
        helper.render_hidden_fields = True
    return form


def posted_token(request: HttpRequest) -> uuid.UUID | None:
    try:
        return uuid.UUID(request.POST.get(FIELD, ""))
    except ValueError:
        return None


def fingerprint(request: HttpRequest) -> str:
    content = sorted(
        (key, value)
        for key, values in request.POST.lists()
        if key not in NOT_CONTENT
        for value in values
    )
    return hashlib.sha256(repr((request.get_full_path(), content)).encode()).hexdigest()


def earlier(request: HttpRequest, token: uuid.UUID) -> HttpResponse | None:
    same_content = Q(
        fingerprint=fingerprint(request),
        created_at__gte=timezone.now() - SAME_CONTENT_WINDOW,
    )
    url = (
        FormSubmission.objects.filter(Q(token=token) | same_content, user=request.user)
        .exclude(url="")
        .order_by("-created_at")
        .values_list("url", flat=True)
        .first()
    )
    if url is None:
        return None
    messages.info(request, ALREADY_SAVED)
    return redirect(url)


def already_saved(request: HttpRequest) -> HttpResponse | None:
    """The page of what this form's token already saved, if it was sent before.

    Two submissions of one token (a double click) wait for each other here, until the first
    request's transaction ends (ATOMIC_REQUESTS): the second then finds what the first saved,
    instead of validating against it and being told its own row already exists."""
    if request.method != "POST":
        return None
    token = posted_token(request)
    if token is None:
        return None
    digest = hashlib.sha256(f"{request.user.pk}:{token}".encode()).digest()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s)", [int.from_bytes(digest[:8], "big", signed=True)]
        )
    return earlier(request, token)


def save_once(request: HttpRequest, save: Callable[[], str]) -> HttpResponse:
    """Run `save` (which returns the address to land on) unless this token already saved
    something, and redirect to what was saved (now or by the earlier submission)."""
    token = posted_token(request)
    if token is None:
        # In a savepoint of its own, so a broken rule leaves the request able to answer.
        with transaction.atomic():
            return redirect(save())
    try:
        with transaction.atomic():
            submission = FormSubmission.objects.create(
                user=request.user, token=token, fingerprint=fingerprint(request), url=""
            )
            submission.url = save()
            submission.save(update_fields=["url"])
    except IntegrityError:
        # Another submission won the race: the same token (a double click) lands on the
        # winner's result; another form (a second tab) that the winner's row now contradicts
        # (one open feedback request per interview, one debrief per interview) saved nothing
        # and comes back to the page as it now is, with a sentence saying why.
        replay = earlier(request, token)
        if replay is not None:
            return replay
        messages.error(request, RACED)
        return redirect(request.get_full_path())
    return redirect(submission.url)
