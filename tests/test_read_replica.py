"""Reading from a streaming replica where it pays: a real replica of the test database's server
(pg_basebackup -R, streaming), a real web replica with DATABASE_REPLICA_URL. Replay on the replica
is paused to make it lag: the caseload (opted in with @reads_from_replica) then shows the
replica's older figures, while the job seeker's own dashboard shows their write at once (the
primary); and the adviser who has just written reads the caseload from the primary until the
replica has replayed their write (read-your-writes)."""

import csv
import io
import re
import tempfile
import time
from pathlib import Path

import psycopg
import pytest
from django.db import connection
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from config.pgreplica import StreamingReplica
from debrief.forms.service_report import month_text
from debrief.models import Membership, User
from tests.factories import (
    grant_access,
    make_application,
    make_organisation,
    make_user,
)
from tests.replicas import Browser, collected_static, production_password, web_replicas

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "replica-test-password-2026"


@pytest.fixture
def streaming_replica():
    db = connection.settings_dict
    host = db["HOST"] or db["OPTIONS"].get("host", "")
    with tempfile.TemporaryDirectory(prefix="replica-") as parent:
        Path(parent).chmod(0o755)  # PostgreSQL's own user (as root: pgserver) works inside
        replica = StreamingReplica(
            host, Path(parent) / "data", primary_port=db["PORT"] or "", user=db["USER"]
        )
        try:
            replica.start()
            replica.wait_until_streaming()
            yield replica.url(db["NAME"])
        finally:
            replica.stop()


def replica_sql(url: str, sql: str):
    with psycopg.connect(url, autocommit=True) as replica:
        return replica.execute(sql).fetchone()


def wait_for_replay(url: str) -> None:
    """Until the replica has replayed everything the primary has written so far."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()::text")
        position = cursor.fetchone()[0]
    deadline = time.monotonic() + 30
    while not replica_sql(url, f"SELECT pg_last_wal_replay_lsn() >= '{position}'::pg_lsn")[0]:
        assert time.monotonic() < deadline, "the replica did not catch up"
        time.sleep(0.05)


def person(email: str, name: str, role=User.Role.JOB_SEEKER) -> User:
    user = make_user(email, name, role=role)
    user.password = production_password(PASSWORD)
    user.save()
    return user


def signed_in_adviser(base: str, adviser: User, device: TOTPDevice) -> Browser:
    browser = Browser()
    assert browser.sign_in(base, adviser.email, PASSWORD).status_code == 302
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    code = f"{totp.token():06d}"
    verified = browser.post(f"{base}/adviser/2fa/verify/", {"token": code})
    assert verified.status_code == 302, verified.text
    return browser


def caseload_applications(page: str, client_email: str) -> int:
    # The first right-aligned cell after the client's address (and their tags) is their
    # applications.
    row = re.search(
        re.escape(client_email) + r'</span>.*?</td>.*?<td class="text-end">(\d+)</td>', page, re.S
    )
    assert row, f"{client_email} is not on the caseload"
    return int(row.group(1))


def test_the_caseload_reads_the_replica_and_you_always_read_your_own_writes(streaming_replica):
    client = person("sam@example.com", "Sam Taylor")
    make_application(client, employer="Acme Ltd")
    adviser = person("ada@example.com", "Ada Adviser", role=User.Role.ADVISER)
    grant_access(client, adviser)
    device = TOTPDevice.objects.create(user=adviser, name="Phone", confirmed=True)
    person("kim@example.com", "Kim Lee")

    with (
        collected_static() as static_root,
        web_replicas(1, static_root=static_root, DATABASE_REPLICA_URL=streaming_replica) as (web,),
    ):
        advisers_browser = signed_in_adviser(web, adviser, device)
        clients_browser = Browser()
        assert clients_browser.sign_in(web, client.email, PASSWORD).status_code == 302
        wait_for_replay(streaming_replica)
        assert (
            caseload_applications(advisers_browser.get(f"{web}/adviser/").text, client.email) == 1
        )

        # The replica stops replaying: what the primary writes now, it does not have.
        replica_sql(streaming_replica, "SELECT pg_wal_replay_pause()")
        created = clients_browser.post(
            f"{web}/applications/new/",
            {"employer": "Northwind Trading", "role_title": "Analyst", "status": "applied",
             "date_applied": "2026-01-20"},
        )  # fmt: skip
        assert created.status_code == 302

        # The job seeker's own dashboard is read from the primary: their write is there.
        dashboard = clients_browser.get(f"{web}/dashboard/").text
        assert re.search(r"\b2 applications, ", dashboard)
        # The caseload is read from the replica, which has not replayed it yet.
        assert (
            caseload_applications(advisers_browser.get(f"{web}/adviser/").text, client.email) == 1
        )

        # The adviser writes (asks Kim for access): their next caseload reads the primary.
        asked = advisers_browser.post(f"{web}/adviser/", {"email": "kim@example.com"})
        assert asked.status_code == 302
        caseload = advisers_browser.get(f"{web}/adviser/").text
        assert "kim@example.com</span>: asked on" in caseload
        assert caseload_applications(caseload, client.email) == 2

        # Replay resumes: once caught up, the caseload reads the replica again, up to date…
        replica_sql(streaming_replica, "SELECT pg_wal_replay_resume()")
        wait_for_replay(streaming_replica)
        caseload = advisers_browser.get(f"{web}/adviser/").text
        assert "kim@example.com</span>: asked on" in caseload
        assert caseload_applications(caseload, client.email) == 2
        # …and only the replica: paused again, it does not have the client's next write.
        replica_sql(streaming_replica, "SELECT pg_wal_replay_pause()")
        make_application(client, employer="Globex")
        assert (
            caseload_applications(advisers_browser.get(f"{web}/adviser/").text, client.email) == 2
        )
        replica_sql(streaming_replica, "SELECT pg_wal_replay_resume()")


def report_applications(browser: Browser, base: str) -> str:
    """This month's "Applications" figure in the careers service's report, from its CSV (the
    web replica runs on the real clock)."""
    month = timezone.localdate().replace(day=1)
    query = f"first_month={month:%Y-%m}&last_month={month:%Y-%m}"
    report = browser.get(f"{base}/service/report/csv/?{query}")
    assert report.status_code == 200, report.text[:300]
    header, *rows = csv.reader(io.StringIO(report.text.lstrip("\ufeff")))
    row = next(row for row in rows if row[0] == month_text(month) and row[2] == "Applications")
    return row[header.index("Value")]


def test_the_outcome_report_reads_the_replica(streaming_replica):
    service = make_organisation()
    admin = person("ana@example.com", "Ana Admin", role=User.Role.ADVISER)
    Membership.objects.create(organisation=service, user=admin, role=Membership.Role.ADMIN)
    adviser = person("alex@example.com", "Alex Adviser", role=User.Role.ADVISER)
    Membership.objects.create(organisation=service, user=adviser)
    device = TOTPDevice.objects.create(user=admin, name="Phone", confirmed=True)
    clients = [make_user(f"client{n}@example.com", f"Client {n}") for n in range(6)]
    for sharing in clients:
        grant_access(sharing, adviser)
        make_application(sharing, date_applied=timezone.localdate())

    with (
        collected_static() as static_root,
        web_replicas(1, static_root=static_root, DATABASE_REPLICA_URL=streaming_replica) as (web,),
    ):
        browser = signed_in_adviser(web, admin, device)
        wait_for_replay(streaming_replica)
        assert report_applications(browser, web) == "5"  # 6, to the nearest 5

        # Four more applications while the replica does not replay: the report, read from the
        # replica, does not have them yet; once replay resumes, it does.
        replica_sql(streaming_replica, "SELECT pg_wal_replay_pause()")
        for sharing in clients[:4]:
            make_application(sharing, date_applied=timezone.localdate())
        assert report_applications(browser, web) == "5"

        replica_sql(streaming_replica, "SELECT pg_wal_replay_resume()")
        wait_for_replay(streaming_replica)
        assert report_applications(browser, web) == "10"
