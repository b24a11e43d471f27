"""Data for `make loadtest` (bench/cluster.py), in the cluster's fresh database: job seekers with
applications and past interviews to debrief and ask feedback about, and advisers with a confirmed
authenticator (a known key: the load generator computes their codes) and a caseload of those
job seekers. Everyone has one password (hashed once: Argon2 costs ~1 s a hash here).

Every job seeker's time zone is one where it is now between 18:30 and 23:00, so an interview
that the load records for "tomorrow" (in that zone) is due its reminder at once: each is a
reminder that falls due during the run, planned by the scheduler and sent by the workers.

    python -m bench.cluster_seed OUT.json [--seekers 24] [--advisers 4]
"""

import argparse
import datetime
import json
import os
import secrets
import sys
import zoneinfo

PASSWORD = "loadtest-password-2026"
FEEDBACK_PER_SCENARIO = 12


def evening_zone(now: datetime.datetime) -> str:
    """A time zone where it is now between 18:30 and 23:00: well inside the evening that makes
    tomorrow's interviews due, with room for a run of several minutes before midnight."""
    for name in sorted(zoneinfo.available_timezones()):
        if not name.startswith(
            ("Europe/", "America/", "Asia/", "Africa/", "Australia/", "Pacific/")
        ):
            continue
        local = now.astimezone(zoneinfo.ZoneInfo(name))
        minutes = local.hour * 60 + local.minute
        if 18 * 60 + 30 <= minutes <= 23 * 60:
            return name
    raise RuntimeError("no time zone is in its evening now")


def seed(seekers: int, advisers: int) -> dict:
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from debrief.models import AdviserAccess, Application, Interview, NotificationSettings, User

    now = timezone.now()
    zone = evening_zone(now)
    password = make_password(PASSWORD)
    out = {"password": PASSWORD, "time_zone": zone, "seekers": [], "advisers": []}
    with transaction.atomic():
        people = User.objects.bulk_create(
            User(
                email=f"seeker{i}@loadtest.example",
                display_name=f"Seeker {i}",
                role=User.Role.JOB_SEEKER,
                password=password,
                email_confirmed_at=now,
            )
            for i in range(seekers)
        )
        NotificationSettings.objects.bulk_create(
            NotificationSettings(user=user, time_zone=zone) for user in people
        )
        for user in people:
            interviews = []
            for n in range(3 + 2 * FEEDBACK_PER_SCENARIO):
                application = Application(
                    owner=user,
                    employer=f"Seeded employer {n}",
                    role_title="Analyst",
                    status=Application.Status.INTERVIEWING,
                    date_applied=now.date() - datetime.timedelta(days=40),
                )
                application.save_with_history()
                interviews.append(
                    Interview.objects.create(
                        application=application,
                        owner=user,
                        scheduled_at=now - datetime.timedelta(days=10 + n),
                    ).pk
                )
            # Debriefs are written (and rewritten) on the first three; each feedback request
            # goes to an interview of its own (one open request per interview), per scenario.
            out["seekers"].append(
                {
                    "id": user.pk,
                    "email": user.email,
                    "interviews": interviews[:3],
                    "feedback": {
                        "kill": interviews[3 : 3 + FEEDBACK_PER_SCENARIO],
                        "rolling": interviews[3 + FEEDBACK_PER_SCENARIO :],
                    },
                }
            )
        staff = User.objects.bulk_create(
            User(
                email=f"adviser{i}@loadtest.example",
                display_name=f"Adviser {i}",
                role=User.Role.ADVISER,
                password=password,
                email_confirmed_at=now,
            )
            for i in range(advisers)
        )
        for i, adviser in enumerate(staff):
            key = secrets.token_hex(20)
            TOTPDevice.objects.create(user=adviser, name="Phone", key=key, confirmed=True)
            clients = people[i::advisers]
            AdviserAccess.objects.bulk_create(
                AdviserAccess(
                    client=client,
                    adviser=adviser,
                    status=AdviserAccess.Status.ACTIVE,
                    granted_at=now,
                )
                for client in clients
            )
            out["advisers"].append(
                {"email": adviser.email, "key": key, "clients": [c.pk for c in clients]}
            )
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--seekers", type=int, default=24)
    parser.add_argument("--advisers", type=int, default=4)
    options = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    data = seed(options.seekers, options.advisers)
    with open(options.out, "w") as out:
        json.dump(data, out, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
