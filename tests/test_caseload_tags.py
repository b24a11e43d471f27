"""An adviser tags chosen clients (a cohort), filters the caseload by the tag and writes one note
to everyone in it. Only their own current clients can be tagged or reached; another adviser's
tag is 404; GET changes nothing."""

import pytest
from django.test import Client

from debrief.models import AdviserAccess, AdviserNote, ClientTag, ClientTagging, Notification
from tests.adviser_helpers import sign_in_verified
from tests.factories import grant_access, make_user

pytestmark = pytest.mark.django_db

CASELOAD = "/adviser/"


@pytest.fixture
def clients(adviser):
    people = [make_user(f"c{n}@example.com", f"Client {n}") for n in range(4)]
    for person in people:
        grant_access(person, adviser)
    return people


def test_it_tags_the_chosen_clients_and_filters_by_tag(adviser_client, adviser, clients):
    stranger = make_user("stranger@example.com", "Stranger")
    response = adviser_client.post(
        "/adviser/tags/add/",
        {"name": "  Graduates   2026 ", "clients": [clients[0].pk, clients[1].pk, stranger.pk]},
    )
    tag = ClientTag.objects.get()
    assert tag.name == "Graduates 2026"
    assert response["Location"] == f"/adviser/?tag={tag.pk}"
    assert set(ClientTagging.objects.values_list("client_id", flat=True)) == {
        clients[0].pk,
        clients[1].pk,
    }
    # The same name in other letters is the same tag; a client tagged twice is tagged once.
    adviser_client.post(
        "/adviser/tags/add/", {"name": "graduates 2026", "clients": [clients[1].pk, clients[2].pk]}
    )
    assert ClientTag.objects.count() == 1
    assert ClientTagging.objects.count() == 3

    page = adviser_client.get(CASELOAD, {"tag": tag.pk})
    shown = [row.client.display_name for row in page.context["page_obj"]]
    assert shown == ["Client 0", "Client 1", "Client 2"]
    assert "Tags: Graduates 2026" in page.text


def test_a_note_to_everyone_in_the_tag_reaches_only_current_clients(
    adviser_client, adviser, clients
):
    adviser_client.post(
        "/adviser/tags/add/", {"name": "Returners", "clients": [c.pk for c in clients]}
    )
    tag = ClientTag.objects.get()
    AdviserAccess.objects.filter(client=clients[3]).update(status="revoked")
    page = adviser_client.get(f"/adviser/tags/{tag.pk}/")
    assert "Send the note to 3 clients" in page.text
    assert "Client 3" not in page.text
    assert not AdviserNote.objects.exists()  # GET wrote nothing

    response = adviser_client.post(f"/adviser/tags/{tag.pk}/", {"text": "Workshop on Friday at 2."})
    assert response.status_code == 302
    assert sorted(AdviserNote.objects.values_list("client__display_name", flat=True)) == [
        "Client 0",
        "Client 1",
        "Client 2",
    ]
    assert Notification.objects.filter(object_type="note_added").count() == 3


def test_another_advisers_tag_is_404(adviser_client, clients):
    other = make_user("other@careers.example", "Other Adviser", role="adviser")
    theirs = ClientTag.objects.create(adviser=other, name="Theirs")
    assert adviser_client.get(f"/adviser/tags/{theirs.pk}/").status_code == 404
    assert adviser_client.post(f"/adviser/tags/{theirs.pk}/", {"text": "Hi"}).status_code == 404
    assert adviser_client.post(f"/adviser/tags/{theirs.pk}/delete/").status_code == 404
    assert ClientTag.objects.filter(pk=theirs.pk).exists()
    other_client = Client()
    sign_in_verified(other_client, other)
    assert other_client.get(CASELOAD, {"tag": theirs.pk}).status_code == 200


def test_removing_a_client_and_deleting_the_tag(adviser_client, clients):
    adviser_client.post("/adviser/tags/add/", {"name": "Returners", "clients": [clients[0].pk]})
    tag = ClientTag.objects.get()
    adviser_client.post(f"/adviser/tags/{tag.pk}/clients/{clients[0].pk}/remove/")
    assert not ClientTagging.objects.exists()
    adviser_client.post(f"/adviser/tags/{tag.pk}/delete/")
    assert not ClientTag.objects.exists()


def test_a_tag_without_a_name_or_clients_changes_nothing(adviser_client, clients):
    response = adviser_client.post(
        "/adviser/tags/add/", {"name": "", "clients": [clients[0].pk]}, follow=True
    )
    assert "Nothing tagged" in response.text
    response = adviser_client.post("/adviser/tags/add/", {"name": "Empty"}, follow=True)
    assert "Choose at least one of your clients." in response.text
    assert not ClientTag.objects.exists()
