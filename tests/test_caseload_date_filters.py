"""The caseload's fast date filters write exactly what Django's `date` filter writes."""

import datetime
import zoneinfo

import pytest
from django.template import engines
from django.utils import timezone

ENGINE = engines["django"]
DAYS = [datetime.date(2026, month, day) for month in range(1, 13) for day in (1, 9, 28)] + [
    datetime.date(999, 3, 4)
]
MOMENTS = [
    datetime.datetime(2026, 3, 29, 0, 30, 5, 123, tzinfo=datetime.UTC),  # BST starts that night
    datetime.datetime(2026, 10, 25, 1, 59, 59, tzinfo=datetime.UTC),
    datetime.datetime(2026, 11, 29, 23, 0, tzinfo=datetime.UTC),
]


def render(source: str, value) -> str:
    return ENGINE.from_string("{% load caseload_tags %}" + source).render({"value": value})


@pytest.mark.parametrize("day", DAYS)
def test_it_writes_a_day_as_date_does(day):
    assert render("{{ value|day_month_year }}", day) == render('{{ value|date:"j M Y" }}', day)


@pytest.mark.parametrize("zone", ["Europe/London", "America/St_Johns", "UTC"])
@pytest.mark.parametrize("moment", MOMENTS)
def test_it_writes_a_moment_as_date_does_in_the_current_time_zone(moment, zone):
    with timezone.override(zoneinfo.ZoneInfo(zone)):
        assert render("{{ value|iso_moment }}", moment) == render(
            "{{ value|date:'Y-m-d\\TH:i:sO' }}", moment
        )
        assert render("{{ value|day_month_year }}", moment) == render(
            '{{ value|date:"j M Y" }}', moment
        )


def test_nothing_writes_nothing():
    assert render("{{ value|day_month_year }}{{ value|iso_moment }}", None) == ""
