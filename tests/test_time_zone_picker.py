"""The time-zone picker: current IANA names only, the likely ones first, searchable without
JavaScript (a <datalist> the browser filters as the person types)."""

import pytest

from debrief.forms.notifications import current_time_zones
from debrief.models import NotificationSettings
from tests.html import field_labelled, parse
from tests.test_notification_settings import FORM

pytestmark = pytest.mark.django_db


def test_it_offers_current_names_only():
    zones = current_time_zones()
    assert {"Europe/London", "Asia/Kolkata", "America/New_York", "UTC"} <= set(zones)
    # Names IANA keeps only as links to the current ones.
    assert not {"US/Pacific", "Asia/Calcutta", "Europe/Belfast", "GB"} & set(zones)


def test_the_likely_zones_come_first_in_a_list_the_browser_searches(owner_client, owner):
    NotificationSettings.objects.create(user=owner, time_zone="Asia/Kolkata")
    response = owner_client.get("/settings/notifications/")
    field = field_labelled(response, "Time zone")
    assert field.attrs["type"] == "text"
    (datalist,) = [
        element
        for element in parse(response).iter()
        if element.tag == "datalist" and element.attrs.get("id") == field.attrs["list"]
    ]
    names = [option.attrs["value"] for option in datalist.iter() if option.tag == "option"]
    assert names[:2] == ["Asia/Kolkata", "Europe/London"]
    assert len(names) == len(set(names)) == len(current_time_zones())


def test_a_name_typed_loosely_is_read_as_the_zone(owner_client, owner):
    owner_client.post("/settings/notifications/", {**FORM, "time_zone": "europe/isle of man"})
    assert NotificationSettings.objects.get(user=owner).time_zone == "Europe/Isle_of_Man"


def test_a_zone_saved_under_an_old_name_is_kept_when_other_settings_change(owner_client, owner):
    NotificationSettings.objects.create(user=owner, time_zone="Asia/Calcutta")
    response = owner_client.post("/settings/notifications/", {**FORM, "time_zone": "Asia/Calcutta"})
    assert response.status_code == 302
    assert NotificationSettings.objects.get(user=owner).time_zone == "Asia/Calcutta"
    response = owner_client.post("/settings/notifications/", {**FORM, "time_zone": "US/Pacific"})
    assert response.status_code == 200
