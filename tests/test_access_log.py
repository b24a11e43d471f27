"""The access log: every page of a client's record an adviser opens is written down, and the
client reads it; nobody can change it."""

import datetime

import pytest
from django.urls import NoReverseMatch, reverse

from debrief.models import AccessLogEntry
from tests.adviser_helpers import sign_in_verified
from tests.factories import (
    grant_access,
    make_application,
    make_interview,
    make_star_answer,
)

pytestmark = pytest.mark.django_db

ACCESS_LOG = reverse("debrief:settings-access-log")


def test_each_page_the_adviser_opens_is_logged_in_words(client, adviser, owner, clock):
    now = datetime.datetime(2026, 7, 1, 9, 15, tzinfo=datetime.UTC)
    clock.move_to(now)
    grant_access(owner, adviser)
    application = make_application(owner, employer="Acme", role_title="Data Analyst")
    interview = make_interview(application)
    answer = make_star_answer(owner, "Rescued a late project")
    sign_in_verified(client, adviser)
    pages = [
        ("adviser-dashboard", [], "Dashboard"),
        ("adviser-application-list", [], "Applications"),
        ("adviser-application-detail", [application.pk], "Application: Data Analyst at Acme"),
        (
            "adviser-interview-detail",
            [interview.pk],
            "Interview: First interview — Data Analyst at Acme",
        ),
        ("adviser-star-detail", [answer.pk], "STAR answer: Rescued a late project"),
        ("adviser-action-list", [], "Action items"),
    ]
    for name, args, _ in pages:
        assert client.get(reverse(f"debrief:{name}", args=[owner.pk, *args])).status_code == 200
    entries = list(AccessLogEntry.objects.filter(client=owner).order_by("id"))
    assert [entry.viewed for entry in entries] == [viewed for _, _, viewed in pages]
    first = entries[0]
    assert (first.viewer, first.viewer_name, first.viewed_at) == (adviser, "Ada Adviser", now)
    assert first.path == reverse("debrief:adviser-dashboard", args=[owner.pk])


def test_the_caseload_and_refused_pages_are_not_logged(client, adviser, owner, stranger):
    grant_access(owner, adviser)
    sign_in_verified(client, adviser)
    client.get(reverse("debrief:adviser-caseload"))
    client.get(reverse("debrief:adviser-dashboard", args=[stranger.pk]))
    assert not AccessLogEntry.objects.exists()


def test_the_client_reads_their_log_newest_first(client, adviser, owner, clock):
    grant_access(owner, adviser)
    application = make_application(owner, employer="Acme", role_title="Data Analyst")
    sign_in_verified(client, adviser)
    clock.move_to(datetime.datetime(2026, 7, 1, 9, 0, tzinfo=datetime.UTC))
    client.get(reverse("debrief:adviser-dashboard", args=[owner.pk]))
    clock.move_to(datetime.datetime(2026, 7, 2, 9, 0, tzinfo=datetime.UTC))
    client.get(reverse("debrief:adviser-application-detail", args=[owner.pk, application.pk]))

    client.force_login(owner)
    response = client.get(ACCESS_LOG)
    assert response.status_code == 200
    text = response.text
    assert "Ada Adviser" in text
    assert text.index("Application: Data Analyst at Acme") < text.index("Dashboard</td>")
    assert "2 Jul 2026, 10:00" in text  # shown in London time


def test_a_client_sees_only_their_own_log(client, adviser, owner, stranger):
    AccessLogEntry.objects.create(
        viewer=adviser, viewer_name="Ada Adviser", client=stranger, viewed="Secret", path="/x"
    )
    client.force_login(owner)
    response = client.get(ACCESS_LOG)
    assert "Secret" not in response.text
    assert "Nobody has viewed your record." in response.text


def test_the_log_is_paginated(client, adviser, owner):
    AccessLogEntry.objects.bulk_create(
        AccessLogEntry(
            viewer=adviser, viewer_name="Ada", client=owner, viewed=f"Page {n}", path="/"
        )
        for n in range(30)
    )
    client.force_login(owner)
    assert len(client.get(ACCESS_LOG).context["page_obj"].object_list) == 25
    assert "Page 2 of 2" in client.get(ACCESS_LOG, {"page": 2}).text


def test_the_log_keeps_the_advisers_name_after_their_account_is_deleted(client, adviser, owner):
    grant_access(owner, adviser)
    sign_in_verified(client, adviser)
    client.get(reverse("debrief:adviser-dashboard", args=[owner.pk]))
    adviser.delete()
    entry = AccessLogEntry.objects.get()
    assert entry.viewer is None
    assert entry.viewer_name == "Ada Adviser"


def test_nobody_can_change_an_entry(adviser, owner):
    entry = AccessLogEntry.objects.create(
        viewer=adviser, viewer_name="Ada Adviser", client=owner, viewed="Dashboard", path="/"
    )
    entry.viewed = "Nothing"
    with pytest.raises(ValueError, match="append-only"):
        entry.save()
    entry.refresh_from_db()
    assert entry.viewed == "Dashboard"
    for name in ("settings-access-log-edit", "settings-access-log-delete"):
        with pytest.raises(NoReverseMatch):
            reverse(f"debrief:{name}", args=[entry.pk])


def test_the_log_pages_only_read(client, adviser, owner):
    entry = AccessLogEntry.objects.create(
        viewer=adviser, viewer_name="Ada Adviser", client=owner, viewed="Dashboard", path="/"
    )
    client.force_login(owner)
    assert client.post(ACCESS_LOG, {"viewed": "Nothing"}).status_code == 405
    for url in (f"{ACCESS_LOG}{entry.pk}/", f"{ACCESS_LOG}{entry.pk}/delete/"):
        assert client.post(url).status_code == 404
    entry.refresh_from_db()
    assert entry.viewed == "Dashboard"
