"""The export holds what concerns the account's safety too: the handovers of the record between
advisers, the addresses it was shared with, the security log, and the sessions and devices signed
in; consent given by typing an address is exported by that address, never the adviser it reached."""

import io
import json
import zipfile

import pytest
from django.test import Client

from debrief.models import Handover, SecurityEvent, User
from tests.factories import PASSWORD, make_organisation, make_user

pytestmark = pytest.mark.django_db


def exported(client) -> dict:
    response = client.post("/settings/export/")
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        return json.loads(archive.read("data.json"))


def test_the_export_holds_handovers_security_log_devices_and_shared_addresses(owner, adviser):
    browser = Client(headers={"user-agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"})
    browser.post("/accounts/login/", {"username": owner.email, "password": PASSWORD})
    browser.post("/settings/sharing/", {"email": adviser.email})
    Handover.objects.create(
        organisation=make_organisation(),
        client=owner,
        from_adviser=adviser,
        to_adviser=make_user("bea@example.com", "Bea Jones", role=User.Role.ADVISER),
    )
    SecurityEvent.objects.create(user=owner, kind=SecurityEvent.Kind.RESET, by_name="Sam Admin")

    data = exported(browser)

    assert [(h["from_adviser"], h["to_adviser"], h["status"]) for h in data["handovers"]] == [
        ("Ada Adviser", "Bea Jones", "proposed")
    ]
    assert [s["email"] for s in data["shared_with_addresses"]] == ["adviser@example.com"]
    # The consent that address gave is not exported under the adviser's name.
    assert data["adviser_accesses"] == []
    assert "Ada Adviser" not in json.dumps(data["shared_with_addresses"])
    assert [(e["what"], e["by"]) for e in data["security_log"]] == [
        ("Two-step sign-in reset by your service admin", "Sam Admin")
    ]
    assert [s["browser_and_device"] for s in data["signed_in_sessions"]] == ["Firefox on Linux"]
    assert len(data["known_devices"]) == 1
