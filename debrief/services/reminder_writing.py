"""How a reminders pass sees each person and writes their reminders: the person's settings and
local clock, dates and times in their language, and the `Notification` row. Shared by every kind
(reminder_kinds.py, appointment_reminders.py) and the pass (reminders.py)."""

import datetime
import zoneinfo
from dataclasses import dataclass
from functools import cache, lru_cache

from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from debrief.models import Notification, NotificationSettings, User

MORNING_HOUR = 8
EVENING_HOUR = 18


@cache
def zone(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(NotificationSettings.DEFAULT_TIME_ZONE)


@dataclass
class Person:
    """A user as one pass sees them: their settings and their local clock."""

    user: User
    prefs: NotificationSettings
    local: datetime.datetime

    @property
    def today(self) -> datetime.date:
        return self.local.date()

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return self.local.tzinfo

    def local_date_of(self, moment: datetime.datetime) -> datetime.date:
        return moment.astimezone(self.tz).date()

    def morning(self, kind: str) -> bool:
        return self.prefs.wants(kind) and self.local.hour >= MORNING_HOUR


def people_for(users: list[User], now: datetime.datetime) -> dict[int, Person]:
    people = {}
    for user in users:
        prefs = NotificationSettings.of(user)
        people[user.pk] = Person(user, prefs, now.astimezone(zone(prefs.time_zone)))
    return people


# A pass writes the same few dates and links into thousands of reminders: each date is written
# once per language and each link's pattern reversed once, not once per reminder (the pass spent
# about half its Python time in date_format and reverse).
@lru_cache(maxsize=4096)
def written_moment(wall_clock: datetime.datetime, language: str) -> str:
    # The key is the local time without its zone (two aware times compare equal across zones)
    # and the language, in which the words are written: it is the active one.
    return _("%(day)s at %(time)s") % {
        "day": date_format(wall_clock, "l j F"),
        "time": f"{wall_clock:%H:%M}",
    }


def when(moment: datetime.datetime, tz) -> str:
    wall_clock = moment.astimezone(tz).replace(tzinfo=None)
    return written_moment(wall_clock, translation.get_language())


@lru_cache(maxsize=4096)
def written_day(date: datetime.date, language: str) -> str:
    return date_format(date, "l j F")


def day(date: datetime.date) -> str:
    if isinstance(date, datetime.datetime):  # aware times compare equal across zones: not a key
        return date_format(date, "l j F")
    return written_day(date, translation.get_language())


def reminder(person: Person, kind: str, obj: str, pk: int, subject: str, **context):
    return Notification(
        user_id=person.user.pk,
        kind=kind,
        object_type=obj,
        object_id=pk,
        due_on=person.today,
        subject=subject[:200],
        context=context,
    )
