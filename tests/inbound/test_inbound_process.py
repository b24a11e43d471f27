"""`manage.py inbound_smtp`, the process `make run` and `make cluster` start: it receives mail
into the database it is pointed at and stops cleanly, port closed, on Ctrl-C (SIGINT) or SIGTERM."""

import os
import signal
import smtplib
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from config.cluster import free_port
from debrief.models import InboundMessage
from tests.inbound.helpers import DOMAIN, address_of, email_message

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[2]


def listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def start(port: int, database_name: str | None = None) -> subprocess.Popen:
    database = {**connection.settings_dict}  # the test database
    database["NAME"] = database_name or database["NAME"]
    host = database["HOST"] or database["OPTIONS"].get("host", "")
    url = f"postgresql://{quote(database['USER'] or '')}@/{database['NAME']}?host={quote(host)}"
    if database.get("PORT"):
        url += f"&port={database['PORT']}"
    process = subprocess.Popen(
        [sys.executable, "manage.py", "inbound_smtp", "--port", str(port)],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url, "DEBRIEF_INBOUND_SMTP_DOMAIN": DOMAIN},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    deadline = time.monotonic() + 30
    while not listening(port):
        assert process.poll() is None, process.stdout.read()
        assert time.monotonic() < deadline, "the inbound server did not start"
        time.sleep(0.1)
    return process


@pytest.mark.parametrize("stop_with", [signal.SIGINT, signal.SIGTERM])
def test_the_process_files_mail_and_stops_on_a_signal(owner, stop_with):
    assert settings.DATABASES["default"]["NAME"].startswith("test_")
    port = free_port()
    process = start(port)
    try:
        with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
            client.send_message(email_message(to=address_of(owner)))
    finally:
        process.send_signal(stop_with)
        output, _ = process.communicate(timeout=15)

    assert process.returncode == 0, output
    assert "Receiving mail for no+<secret>@in.debrief.test" in output
    assert "Inbound mail stopped." in output
    assert not listening(port)
    assert InboundMessage.objects.get().owner == owner
    # Nothing of the message itself is written to the log.
    assert "another candidate" not in output


def test_a_failure_is_a_temporary_refusal_that_says_nothing_of_its_cause(owner):
    port = free_port()
    process = start(port, database_name="no_such_database")
    try:
        with (
            smtplib.SMTP("127.0.0.1", port, timeout=10) as client,
            pytest.raises(smtplib.SMTPRecipientsRefused) as refused,
        ):
            client.send_message(email_message(to=address_of(owner)))
    finally:
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=15)

    [(code, reply)] = refused.value.recipients.values()
    assert code == 451
    assert b"it will be tried again" in reply
    assert b"database" not in reply.lower()
    assert "inbound mail failed: OperationalError" in output
    assert not InboundMessage.objects.exists()
