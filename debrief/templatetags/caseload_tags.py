"""Date filters for long tables: the same text as Django's `date` filter for the two formats the
caseload uses, without building a DateFormat per call (a 25-row caseload formats about a hundred
dates). tests/test_caseload_date_filters.py holds them equal to `date`."""

import datetime

from django import template
from django.utils import dateformat
from django.utils.dates import MONTHS_3

register = template.Library()


@register.filter(expects_localtime=True, is_safe=True)
def day_month_year(value: datetime.date | None) -> str:
    """`|date:"j M Y"`: '3 Dec 2026'."""
    if not value:
        return ""
    return f"{value.day} {MONTHS_3[value.month].title()} {value.year:04d}"


@register.filter(expects_localtime=True, is_safe=True)
def iso_moment(value: datetime.datetime | None) -> str:
    """`|date:'Y-m-d\\TH:i:sO'` of an aware moment, in the current time zone."""
    if not value:
        return ""
    if value.replace(fold=1 - value.fold).utcoffset() != value.utcoffset():
        # A wall time that happens twice (clocks going back): `date` leaves the offset out.
        return dateformat.format(value, r"Y-m-d\TH:i:sO")
    offset = value.utcoffset() or datetime.timedelta()
    seconds = int(offset.total_seconds())
    sign = "-" if seconds < 0 else "+"
    seconds = abs(seconds)
    return f"{value:%Y-%m-%dT%H:%M:%S}{sign}{seconds // 3600:02d}{(seconds // 60) % 60:02d}"


@register.filter
def of_client(mapping: dict, pk: int):
    """`view.signals|of_client:row.client.pk`: what the caseload's view keeps for one client."""
    return mapping.get(pk)
