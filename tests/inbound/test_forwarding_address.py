"""The private forwarding address: made and renewed only by a POST (the old one stops at once),
shown with what Debrief keeps of each email; the emails received are listed."""

import io
import json
import zipfile

import pytest
from django.urls import reverse

from debrief.models import InboundAddress, InboundMessage
from tests.html import field_labelled
from tests.inbound.helpers import DOMAIN, page_text

pytestmark = pytest.mark.django_db
PAGE = reverse("debrief:settings-forwarding")
NEW = reverse("debrief:settings-forwarding-new")


@pytest.fixture(autouse=True)
def domain(settings):
    settings.INBOUND_SMTP_DOMAIN = DOMAIN


def test_looking_at_the_page_makes_no_address(owner_client, owner):
    page = owner_client.get(PAGE)

    assert page.status_code == 200
    assert "Make my forwarding address" in page_text(page)
    assert not InboundAddress.objects.exists()


def test_one_post_makes_the_address_and_the_page_shows_it(owner_client, owner):
    response = owner_client.post(NEW)

    assert response.url == PAGE
    secret = InboundAddress.objects.get(user=owner).secret
    page = owner_client.get(PAGE)
    assert field_labelled(page, "Your forwarding address").value == f"no+{secret}@{DOMAIN}"
    assert "the sender, the subject, the date and the text" in page_text(page)


def test_a_new_address_replaces_the_old_one(owner_client, owner):
    owner_client.post(NEW)
    old = InboundAddress.objects.get(user=owner).secret

    owner_client.post(NEW)

    new = InboundAddress.objects.get(user=owner).secret
    assert new != old
    assert len(new) == 20
    assert new.isalnum()
    assert new.islower()
    assert "The old one has stopped working" in page_text(owner_client.get(PAGE))


def test_the_address_is_changed_only_by_post(owner_client, owner):
    assert owner_client.get(NEW).status_code == 405
    assert not InboundAddress.objects.exists()


def test_each_persons_page_shows_their_own_address_and_emails(owner_client, owner, stranger):
    InboundAddress.objects.create(user=stranger)
    InboundMessage.objects.create(owner=stranger, subject="Stranger's rejection")
    InboundMessage.objects.create(owner=owner, subject="My rejection")

    page = owner_client.get(PAGE)

    assert InboundAddress.objects.get(user=stranger).secret not in page.content.decode()
    assert "Stranger's rejection" not in page_text(page)
    assert "My rejection" in page_text(page)


def test_a_visitor_is_sent_to_sign_in(client):
    assert client.get(PAGE).url.startswith("/accounts/login/")
    assert client.post(NEW).url.startswith("/accounts/login/")
    assert not InboundAddress.objects.exists()


def test_the_export_holds_the_emails_received(owner_client, owner, stranger):
    InboundMessage.objects.create(owner=owner, subject="Your application", body="No thanks.")
    InboundMessage.objects.create(owner=stranger, subject="Someone else's")

    response = owner_client.post(reverse("debrief:settings-export"))

    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = json.loads(archive.read("data.json"))
    assert [(m["subject"], m["body"]) for m in data["emails_received"]] == [
        ("Your application", "No thanks.")
    ]
