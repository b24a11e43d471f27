"""The private calendar feed: valid RFC 5545 with the owner's events only, stable UIDs, an
alarm the evening before, a new link that ends the old one at once, cheap polling."""

import datetime

import icalendar
import pytest

from debrief.models import ActionItem, FeedbackRequest, NotificationSettings
from debrief.services.calendar_feed import new_secret
from tests.factories import (
    make_action_item,
    make_application,
    make_feedback_request,
    make_interview,
)
from tests.reminder_helpers import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(owner, clock):
    clock.move_to(at("2026-12-01 12:00"))
    application = make_application(owner, employer="Initech", role_title="Analyst")
    interview = make_interview(
        application, scheduled_at=at("2026-12-10 14:30"), stage="second", format="video"
    )
    make_feedback_request(
        make_interview(application, scheduled_at=at("2026-11-25 10:00")),
        status=FeedbackRequest.Status.REQUESTED,
        requested_on=datetime.date(2026, 11, 26),
        follow_up_due=datetime.date(2026, 12, 3),
    )
    make_action_item(owner, "Practise the case study", due_date=datetime.date(2026, 12, 9))
    make_action_item(owner, "Done long ago", status=ActionItem.Status.DONE)
    return interview


def feed_url(user) -> str:
    new_secret(user)
    return f"/calendar/{NotificationSettings.objects.get(user=user).calendar_secret}.ics"


def events(response) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(event["uid"]): event for event in calendar.walk("VEVENT")}


def test_it_parses_and_holds_interviews_follow_ups_and_action_due_dates(client, owner, record):
    response = client.get(feed_url(owner))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    found = events(response)
    interview = found[f"interview-{record.pk}@debrief"]
    assert interview["summary"] == "Second interview: Analyst at Initech"
    assert interview.decoded("dtstart") == at("2026-12-10 14:30")
    assert interview.decoded("dtend") == at("2026-12-10 15:30")
    [alarm] = interview.walk("VALARM")
    assert alarm.decoded("trigger") == at("2026-12-09 18:00")
    assert f"/interviews/{record.pk}/prepare/" in str(interview["description"])
    all_day = {str(e["summary"]): e.decoded("dtstart") for e in found.values() if "-" in e["uid"]}
    assert all_day["Follow up: feedback from Initech"] == datetime.date(2026, 12, 3)
    assert all_day["Action due: Practise the case study"] == datetime.date(2026, 12, 9)
    assert len(found) == 4


def test_the_uids_stay_the_same_when_an_event_moves(client, owner, record):
    url = feed_url(owner)
    before = set(events(client.get(url)))
    record.scheduled_at = at("2026-12-11 09:00")
    record.save()
    after = events(client.get(url))
    assert set(after) == before
    assert after[f"interview-{record.pk}@debrief"].decoded("dtstart") == at("2026-12-11 09:00")


def test_it_shows_only_the_owners_events(client, owner, stranger, record):
    make_interview(make_application(stranger, employer="Umbrella"), scheduled_at=at("2026-12-12"))
    mine = client.get(feed_url(owner)).content.decode()
    theirs = client.get(feed_url(stranger)).content.decode()
    assert "Umbrella" not in mine
    assert "Initech" not in theirs
    assert "Umbrella" in theirs


def test_an_unknown_or_old_secret_is_404(client, owner, record):
    old = feed_url(owner)
    assert client.get(old).status_code == 200
    new = feed_url(owner)
    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    assert client.get("/calendar/not-a-secret.ics").status_code == 404


def test_a_calendar_app_polls_cheaply_with_etag_and_last_modified(
    client, owner, record, django_assert_max_num_queries, clock
):
    url = feed_url(owner)
    first = client.get(url)
    etag, modified = first["ETag"], first["Last-Modified"]
    assert modified == "Tue, 01 Dec 2026 12:00:00 GMT"
    with django_assert_max_num_queries(1):
        again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    clock.move_to(at("2026-12-01 13:00"))
    make_action_item(owner, "A new action", due_date=datetime.date(2026, 12, 20))
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert "A new action" in changed.content.decode()


def test_the_feed_costs_the_same_queries_for_a_big_record(
    client, owner, record, django_assert_num_queries
):
    url = feed_url(owner)
    with django_assert_num_queries(5):
        client.get(url)
    application = make_application(owner)
    for day in range(1, 28):
        interview = make_interview(application, scheduled_at=at(f"2026-12-{day:02d} 10:00"))
        make_feedback_request(
            interview,
            status=FeedbackRequest.Status.REQUESTED,
            requested_on=datetime.date(2026, 12, 1),
            follow_up_due=datetime.date(2026, 12, day),
        )
        make_action_item(owner, f"Action {day}", due_date=datetime.date(2026, 12, day))
    with django_assert_num_queries(5):
        response = client.get(url)
    assert len(events(response)) == 4 + 27 * 3


def test_the_settings_page_shows_the_link_with_a_copy_button_and_makes_a_new_one(
    owner_client, owner
):
    page = owner_client.get("/settings/calendar/")
    assert "Make my calendar link" in page.text
    assert not NotificationSettings.objects.filter(user=owner).exists()
    owner_client.post("/settings/calendar/new-link/")
    secret = NotificationSettings.objects.get(user=owner).calendar_secret
    page = owner_client.get("/settings/calendar/")
    assert f"http://testserver/calendar/{secret}.ics" in page.text
    assert 'data-copy-target="calendar-link"' in page.text
    assert "Make a new link" in page.text
    response = owner_client.post("/settings/calendar/new-link/", follow=True)
    assert "The old one has stopped working" in response.text
    assert NotificationSettings.objects.get(user=owner).calendar_secret != secret


def test_the_calendar_pages_declare_their_methods(owner_client):
    assert owner_client.post("/settings/calendar/").status_code == 405
    assert owner_client.get("/settings/calendar/new-link/").status_code == 405
    assert owner_client.post("/calendar/anything.ics").status_code == 405
