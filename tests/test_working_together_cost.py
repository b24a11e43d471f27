"""The pages of working together cost the same few queries however many appointments,
suggestions, notes, replies or invitation rows there are."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from debrief.models import ActionSuggestion, Appointment, NoteReply
from debrief.services import invitations
from tests.adviser_helpers import sign_in_verified
from tests.factories import grant_access, make_note

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

BUDGET = 16


def add(adviser, client, count: int, start: int) -> None:
    day = datetime.date(2026, 11, 1)
    Appointment.objects.bulk_create(
        Appointment(adviser=adviser, client=client, date=day + datetime.timedelta(days=n))
        for n in range(start, start + count)
    )
    ActionSuggestion.objects.bulk_create(
        ActionSuggestion(adviser=adviser, client=client, text=f"Action {n}")
        for n in range(start, start + count)
    )
    for n in range(count):
        note = make_note(adviser, client, f"Note {start + n}")
        NoteReply.objects.bulk_create(
            NoteReply(note=note, author=client, text="Thanks") for _ in range(3)
        )


def cost(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return sum(
        not query["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
        for query in captured.captured_queries
    )


def test_the_pages_cost_the_same_for_2_and_40_of_everything(owner, adviser):
    grant_access(owner, adviser)
    as_owner, as_adviser = Client(), Client()
    as_owner.force_login(owner)
    sign_in_verified(as_adviser, adviser)
    note = make_note(adviser, owner, "The thread")
    urls = {
        as_owner: ["/together/", "/actions/", "/dashboard/", f"/notes/{note.pk}/"],
        as_adviser: [
            f"/adviser/clients/{owner.pk}/together/",
            f"/adviser/clients/{owner.pk}/",
            f"/adviser/clients/{owner.pk}/notes/{note.pk}/",
        ],
    }
    counts = []
    for start, size in ((0, 2), (2, 38)):
        add(adviser, owner, size, start)
        NoteReply.objects.bulk_create(
            NoteReply(note=note, author=owner, text="More") for _ in range(size)
        )
        counts.append({url: cost(who, url) for who, paths in urls.items() for url in paths})
    assert counts[0] == counts[1]
    assert max(counts[1].values()) <= BUDGET, counts[1]


def test_the_preview_costs_the_same_for_5_and_500_rows(adviser, django_assert_max_num_queries):
    client = Client()
    sign_in_verified(client, adviser)
    counts = []
    for size in (5, 500):
        rows = invitations.parse_lines("\n".join(f"p{n}@example.org, P" for n in range(size)))
        batch = invitations.create_batch(adviser=adviser, rows=rows)
        with django_assert_max_num_queries(BUDGET):
            counts.append(cost(client, batch.get_absolute_url()))
    assert counts[0] == counts[1]
