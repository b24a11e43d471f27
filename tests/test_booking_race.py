"""Two clients press "Book" on the same slot at the same moment, against a live server: the
database's exclusion constraint lets one booking through and the other client is told plainly
that the time was just taken."""

import datetime
import re
import threading

import pytest
import requests
from django.conf import settings
from django.test import Client
from django.utils import timezone

from debrief.models import Appointment, Availability, BookingPolicy
from tests.factories import grant_access, make_member, make_organisation, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def browser_of(person, base: str) -> requests.Session:
    """A requests session signed in as `person`, holding a CSRF token. The test server is plain
    http, so the Secure cookies are carried by hand."""
    django_client = Client()
    django_client.force_login(person)
    session = requests.Session()
    session.cookies.set(
        settings.SESSION_COOKIE_NAME, django_client.cookies[settings.SESSION_COOKIE_NAME].value
    )
    page = session.get(f"{base}/together/book/")
    keep(session, page)
    session.token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]
    session.slots = re.findall(r'name="slot" value="([^"]+)"', page.text)
    return session


def keep(session: requests.Session, response: requests.Response) -> None:
    for cookie in response.cookies:
        session.cookies.set(cookie.name, cookie.value)


def test_two_clients_booking_one_slot_at_once_get_one_booking_and_one_message(live_server):
    service = make_organisation("Northshire Careers")
    BookingPolicy.objects.create(organisation=service, self_booking=True)
    alex = make_member(service, "alex@northshire.example", "Alex Adviser")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    Availability.objects.create(
        adviser=alex,
        weekday=tomorrow.weekday(),
        starts=datetime.time(10),
        ends=datetime.time(11),
        slot_minutes=60,
        address="Careers Centre",
    )
    people = [make_user(f"racer{n}@example.com", f"Racer {n}") for n in range(2)]
    for person in people:
        grant_access(person, alex)
    browsers = [browser_of(person, live_server.url) for person in people]
    slot = browsers[0].slots[0]
    assert browsers[1].slots[0] == slot

    barrier = threading.Barrier(2)
    responses = [None, None]

    def press(index: int) -> None:
        browser = browsers[index]
        barrier.wait()
        responses[index] = browser.post(
            f"{live_server.url}/together/book/",
            data={"csrfmiddlewaretoken": browser.token, "slot": slot},
            headers={"Referer": f"{live_server.url}/together/book/"},
            allow_redirects=False,
        )

    threads = [threading.Thread(target=press, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(r.status_code for r in responses) == [302, 302]
    places = sorted(r.headers["Location"] for r in responses)
    assert places == ["/together/", "/together/book/"]
    assert Appointment.objects.count() == 1
    loser = next(n for n, r in enumerate(responses) if r.headers["Location"] == "/together/book/")
    keep(browsers[loser], responses[loser])
    told = browsers[loser].get(f"{live_server.url}/together/book/").text
    assert "Someone has just booked that time. Choose another one." in told
    assert f'value="{slot}"' not in told  # that slot is gone
