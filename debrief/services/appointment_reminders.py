"""The reminder the day before an appointment, to both its client and its adviser: a kind of its
own ("Appointment tomorrow"), planned by the reminders pass like every other kind, so the
notification's unique key (user, kind, appointment, day) sends it exactly once. A cancelled or
declined appointment reminds nobody; one moved to another day is reminded the day before that.
"""

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from debrief.emails import quoted_name
from debrief.models import Appointment, Notification
from debrief.services.reminder_writing import reminder, when

Kind = Notification.Kind
DAY = datetime.timedelta(days=1)


def appointments_tomorrow(people: dict, now: datetime.datetime) -> list[Notification]:
    """From 08:00 the day before (each person's own day), one query for the batch."""
    wanted = {pk: p for pk, p in people.items() if p.morning(Kind.APPOINTMENT_TOMORROW)}
    if not wanted:
        return []
    days = {p.today + DAY for p in wanted.values()}
    appointments = (
        Appointment.objects.live()
        .filter(
            Q(client_id__in=wanted) | Q(adviser_id__in=wanted),
            time__isnull=False,
            date__gte=min(days) - DAY,
            date__lte=max(days) + DAY,
        )
        .exclude(response=Appointment.Response.DECLINED)
        .select_related("adviser", "client")
    )
    found = []
    for appointment in appointments:
        starts = appointment.starts_at
        if starts <= now:
            continue
        for person, other, path in (
            (wanted.get(appointment.client_id), appointment.adviser, reverse("debrief:together")),
            (
                wanted.get(appointment.adviser_id),
                appointment.client,
                reverse("debrief:adviser-together", args=[appointment.client_id]),
            ),
        ):
            if person is None or person.local_date_of(starts) != person.today + DAY:
                continue
            kind = appointment.get_kind_display()
            found.append(
                reminder(
                    person,
                    Kind.APPOINTMENT_TOMORROW,
                    "appointment",
                    appointment.pk,
                    # In the person's language: the pass writes each language's group in it.
                    _("Tomorrow: %(kind)s at %(time)s")
                    % {"kind": kind.lower(), "time": f"{starts.astimezone(person.tz):%H:%M}"},
                    appointment_kind=kind,
                    other=quoted_name(other),
                    when=when(starts, person.tz),
                    length=appointment.length_minutes,
                    where=appointment.where(),
                    agenda=appointment.agenda,
                    path=path,
                )
            )
    return found
