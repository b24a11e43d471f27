"""Reminder settings, the one-click unsubscribe link in every email, and the calendar feed."""

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from debrief.forms.notifications import NotificationSettingsForm
from debrief.i18n import browser_languages, in_language_of
from debrief.models import Notification, NotificationSettings, RecordVersion, User
from debrief.services import appointments, calendar_feed
from debrief.services.delivery import read_unsubscribe_token

SHOWN_SENT = 50


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def notification_settings(request: HttpRequest) -> HttpResponse:
    prefs = NotificationSettings.of(request.user)
    form = NotificationSettingsForm(
        request.POST or None,
        instance=prefs,
        user=request.user,
        languages=browser_languages(request),
    )
    if form.is_valid():
        form.save()
        messages.success(request, _("Your reminder settings are saved."))
        return redirect("debrief:settings-notifications")
    sent = Notification.objects.filter(user=request.user, status=Notification.Status.SENT).order_by(
        "-sent_at", "-id"
    )[:SHOWN_SENT]
    return render(
        request,
        "debrief/settings_notifications.html",
        {"form": form, "sent": sent, "shown_sent": SHOWN_SENT},
    )


@csrf_exempt  # Mail providers POST here (RFC 8058) with no cookie: the signed token is the proof.
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET only asks (link checkers and previews follow links); POST switches the kind off."""
    found = read_unsubscribe_token(token)
    if found is None:
        raise Http404("This unsubscribe link is not valid.")
    user_id, kind = found
    label = Notification.Kind(kind).label
    done = False
    if request.method == "POST":
        with transaction.atomic():
            user = User.objects.filter(pk=user_id).first()
            if user is not None:
                prefs, _ignored = NotificationSettings.objects.select_for_update().get_or_create(
                    user=user
                )
                prefs.switch_off(kind)
                prefs.save()
        done = True
    return render(
        request,
        "debrief/unsubscribe.html",
        {"label": label, "done": done, "token": token},
    )


@login_required
@require_safe
def calendar_settings(request: HttpRequest) -> HttpResponse:
    prefs = NotificationSettings.of(request.user)
    feed_url = (
        request.build_absolute_uri(calendar_feed.feed_path(prefs.calendar_secret))
        if prefs.calendar_secret
        else ""
    )
    return render(request, "debrief/settings_calendar.html", {"feed_url": feed_url})


@login_required
@require_POST
def calendar_new_link(request: HttpRequest) -> HttpResponse:
    had_link = calendar_feed.new_secret(request.user)
    messages.success(
        request,
        _(
            "Here is your new calendar link. The old one has stopped working: subscribe again "
            "with this one."
        )
        if had_link
        else _("Here is your calendar link: add it to your calendar app."),
    )
    return redirect("debrief:settings-calendar")


@transaction.non_atomic_requests  # Read-only and polled: no transaction around it.
@require_safe
def calendar(request: HttpRequest, secret: str) -> HttpResponse:
    """The feed: a private address instead of a sign-in, so calendar apps can poll it. Its ETag
    costs one query; an unchanged record answers 304 without building anything."""
    prefs = (
        NotificationSettings.objects.filter(calendar_secret=secret, user__is_active=True)
        .select_related("user__record_version")
        .annotate(**appointments.feed_marks())
        .first()
    )
    if prefs is None:
        raise Http404("No such calendar.")
    user = prefs.user
    today = timezone.localdate()
    fingerprint = (
        f"{user.pk}:{RecordVersion.of(user)}:{secret}:{today}:{prefs.time_zone}:{user.language}:"
        f"{prefs.appointments_count}:{prefs.appointments_sequence}:{prefs.appointments_changed}"
    )
    etag = '"' + hashlib.sha256(fingerprint.encode()).hexdigest()[:32] + '"'
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        return not_modified
    with in_language_of(user):  # a calendar app sends no cookie: the owner's language
        body, last_modified = calendar_feed.build(user, prefs, today)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified.timestamp())
    response["Content-Disposition"] = 'inline; filename="debrief.ics"'
    # Kept by no cache (PrivatePagesMiddleware): calendar apps poll, and the ETag answers an
    # unchanged feed with 304 when they send it back.
    return get_conditional_response(
        request, etag=etag, last_modified=int(last_modified.timestamp()), response=response
    )


urlpatterns = [
    path("settings/notifications/", notification_settings, name="settings-notifications"),
    path("settings/calendar/", calendar_settings, name="settings-calendar"),
    path("settings/calendar/new-link/", calendar_new_link, name="settings-calendar-new"),
    path("calendar/<str:secret>.ics", calendar, name="calendar-feed"),
    path("unsubscribe/<str:token>/", unsubscribe, name="unsubscribe"),
]
