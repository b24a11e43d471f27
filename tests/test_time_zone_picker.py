"""The time-zone picker: current IANA names only, the likely ones first, searchable without
JavaScript (a <datalist> the browser filters as the person types)."""

import pytest

from debrief.forms.notifications import current_time_zones
from debrief.models import NotificationSettings, User
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


def offered(response) -> list[str]:
    field = field_labelled(response, "Time zone")
    (datalist,) = [
        element
        for element in parse(response).iter()
        if element.tag == "datalist" and element.attrs.get("id") == field.attrs["list"]
    ]
    return [option.attrs["value"] for option in datalist.iter() if option.tag == "option"]


@pytest.fixture
def reads_english(owner):
    """The account's language wins over the browser's, so a Welsh browser still reads English
    labels here: the test is about the browser's region, not its language."""
    User.objects.filter(pk=owner.pk).update(language="en-gb")


US_ZONES = {"America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles"}


def test_a_browser_in_the_us_is_offered_the_us_zones_before_the_others(owner_client):
    names = offered(
        owner_client.get("/settings/notifications/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    )
    # The saved zone (the default, as nothing was saved), then the 29 US zones, then the rest.
    assert names[0] == "Europe/London"
    us_zones = names[1:30]
    assert set(us_zones) >= US_ZONES
    assert all(name.startswith(("America/", "Pacific/Honolulu")) for name in us_zones)
    assert "America/Toronto" not in us_zones
    assert names.index("America/New_York") < names.index("Africa/Abidjan")
    assert len(names) == len(set(names)) == len(current_time_zones())


def test_welsh_from_wales_and_french_from_canada_name_their_countries(
    owner_client, owner, reads_english
):
    NotificationSettings.objects.create(user=owner, time_zone="Asia/Kolkata")
    names = offered(owner_client.get("/settings/notifications/", HTTP_ACCEPT_LANGUAGE="cy-GB"))
    assert names[:2] == ["Asia/Kolkata", "Europe/London"]
    names = offered(
        owner_client.get("/settings/notifications/", HTTP_ACCEPT_LANGUAGE="fr-CA,fr;q=0.8")
    )
    assert names[0] == "Asia/Kolkata"
    assert {"America/Toronto", "America/Vancouver", "America/St_Johns"} <= set(names[1:30])
    assert names.index("America/Vancouver") < names.index("Africa/Abidjan")


def test_a_language_without_a_region_or_an_unknown_region_changes_nothing(
    owner_client, owner, reads_english
):
    NotificationSettings.objects.create(user=owner, time_zone="Asia/Kolkata")
    default = offered(owner_client.get("/settings/notifications/", HTTP_ACCEPT_LANGUAGE=""))
    assert default[:3] == ["Asia/Kolkata", "Europe/London", "Africa/Abidjan"]
    for header in ("cy", "en-ZZ", "es-419", "*"):
        assert (
            offered(owner_client.get("/settings/notifications/", HTTP_ACCEPT_LANGUAGE=header))
            == default
        ), header


def test_the_saved_zone_still_comes_first_for_a_browser_in_another_country(owner_client, owner):
    NotificationSettings.objects.create(user=owner, time_zone="Asia/Kolkata")
    names = offered(owner_client.get("/settings/notifications/", HTTP_ACCEPT_LANGUAGE="en-US"))
    assert names[0] == "Asia/Kolkata"
    assert set(names[1:30]) >= US_ZONES


def test_a_rejected_zone_keeps_the_country_zones_first(owner_client):
    response = owner_client.post(
        "/settings/notifications/",
        {**FORM, "time_zone": "Mars/Olympus"},
        HTTP_ACCEPT_LANGUAGE="en-US",
    )
    assert response.status_code == 200
    assert set(offered(response)[:30]) >= US_ZONES
