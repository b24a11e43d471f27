"""Each line of the applications list says the same as before it was printed from plain values:
the link, the status, the date applied and the interviews; an adviser's links stay in the
adviser's read-only pages."""

import datetime
import re

import pytest
from django.urls import reverse

from debrief.forms.applications import ApplicationFilterForm
from debrief.models import Application
from tests.adviser_helpers import sign_in_verified
from tests.factories import grant_access, make_application, make_interview

pytestmark = pytest.mark.django_db


def row_of(page: str, role_title: str) -> str:
    rows = re.findall(r"<tr>(.*?)</tr>", page, re.DOTALL)
    found = [row for row in rows if role_title in row]
    assert len(found) == 1, role_title
    return found[0]


@pytest.mark.frozen_at("2026-11-28 12:00:00+00:00")
def test_each_row_links_to_its_application_with_status_date_and_interviews(
    owner_client, owner, clock
):
    make_application(
        owner, role_title="Archivist", status="rejected", date_applied=datetime.date(2025, 12, 1)
    )
    application = make_application(
        owner,
        role_title="Data Analyst",
        employer="Acme",
        location="Leeds",
        status="interviewing",
        date_applied=datetime.date(2026, 3, 7),
    )
    make_interview(application, outcome="progressed")
    make_interview(application)  # awaiting its outcome

    page = owner_client.get(reverse("debrief:application-list")).text
    row = row_of(page, "Data Analyst")

    detail = reverse("debrief:application-detail", args=[application.pk])
    assert f'<a href="{detail}">Data Analyst</a>' in row
    assert "Acme · Leeds" in row
    assert '<span class="badge badge-status status-interviewing">Interviewing</span>' in row
    # This year's dates leave the year out; the small screen's line and the column.
    assert row.count("7 Mar<") == 2
    assert "2 <span" in row
    assert "(1 awaiting outcome)" in row
    decision = reverse("debrief:application-decision", args=[application.pk, "turned-down"])
    assert f'<a href="{decision}">They said no' in row

    earlier_row = row_of(page, "Archivist")
    assert earlier_row.count("1 Dec 2025") == 2
    assert "They said no" not in earlier_row  # closed: nothing to record


def test_an_advisers_list_links_to_the_read_only_pages(client, adviser, owner):
    grant_access(owner, adviser)
    application = make_application(owner, role_title="Data Analyst")
    sign_in_verified(client, adviser)

    page = client.get(reverse("debrief:adviser-application-list", args=[owner.pk])).text

    adviser_detail = reverse("debrief:adviser-application-detail", args=[owner.pk, application.pk])
    assert f'<a href="{adviser_detail}">Data Analyst</a>' in row_of(page, "Data Analyst")
    assert f'href="{reverse("debrief:application-detail", args=[application.pk])}"' not in page


def listed_pks(page: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'<tr>\s*<td>\s*<a href="/applications/(\d+)/">', page)]


@pytest.mark.parametrize("sort", ["", *ApplicationFilterForm.SORTS])
@pytest.mark.parametrize(
    "filters",
    [{}, {"status": "rejected"}, {"q": "acme"}, {"q": "50%_off"}, {"q": "x", "status": "applied"}],
)
def test_the_page_lists_what_the_filters_select_in_their_order(owner_client, owner, sort, filters):
    statuses = ["applied", "rejected", "interviewing"]
    for n in range(30):
        make_application(
            owner,
            employer=["Acme", "50%_off Ltd", "Beta", "ACME North", "50x"][n % 5],
            role_title=f"Role {n % 7}",
            status=statuses[n % 3],
            date_applied=datetime.date(2026, 1, 1) + datetime.timedelta(days=n % 4),
        )
    query = {**filters, "sort": sort} if sort else filters

    pages = [
        owner_client.get(reverse("debrief:application-list"), {**query, "page": n}).text
        for n in (1, 2)
    ]

    form = ApplicationFilterForm(query)
    expected = list(
        form.filter(Application.objects.filter(owner=owner)).values_list("pk", flat=True)
    )
    listed = listed_pks(pages[0]) + (listed_pks(pages[1]) if len(expected) > 25 else [])
    assert listed == expected
    assert expected or "No application matches these filters" in pages[0]
