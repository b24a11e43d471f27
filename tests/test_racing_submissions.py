"""Two submissions of a create form at the same instant (a double click, two tabs) against a real
server: the threads are released together by a barrier, each request has its own database
connection, and neither answers a server error.

The same one-time token twice makes one row and sends both to it; two tabs (two tokens) asking
for something only one of them can have (one open feedback request per interview) make one row,
and the loser is told, in words, what happened."""

import re
import threading

import pytest
import requests
from django.conf import settings
from django.test import Client
from django.utils import timezone

from debrief.models import FeedbackRequest, FormSubmission, Interview
from tests.factories import make_application, make_interview
from tests.html import form_data

pytestmark = pytest.mark.django_db(transaction=True)

ATTEMPTS = 3


def signed_in_session(user, live_server) -> requests.Session:
    client = Client()
    client.force_login(user)
    session = requests.Session()
    session.headers["Cookie"] = (
        f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    )
    session.base_url = live_server.url
    return session


def open_form(session: requests.Session, path: str, csrf: str = "") -> tuple[dict, str]:
    """The form's fields and the CSRF cookie (a second tab shares the first tab's cookie)."""
    cookie = session.headers["Cookie"]
    if csrf:
        cookie += f"; {settings.CSRF_COOKIE_NAME}={csrf}"
    response = session.get(session.base_url + path, headers={"Cookie": cookie})
    assert response.status_code == 200
    return form_data(response.text), csrf or response.cookies.get(settings.CSRF_COOKIE_NAME)


def at_once(*calls):
    """Run the calls in threads released together; their results in order."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(index, call):
        barrier.wait()
        results[index] = call()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def post(session, path, data, csrf):
    def send():
        return session.post(
            session.base_url + path,
            data=data,
            headers={
                "Cookie": f"{session.headers['Cookie']}; {settings.CSRF_COOKIE_NAME}={csrf}",
                "Referer": session.base_url + path,
            },
            allow_redirects=False,
        )

    return send


def follow(session, response) -> str:
    assert response.status_code == 302, response.text[:500]
    # The response's cookies (its message) go along, as a browser would send them.
    cookie = "; ".join(
        [session.headers["Cookie"], *(f"{k}={v}" for k, v in response.cookies.items())]
    )
    return session.get(
        session.base_url + response.headers["Location"], headers={"Cookie": cookie}
    ).text


@pytest.fixture
def interview(owner):
    return make_interview(
        make_application(owner),
        outcome=Interview.Outcome.REJECTED,
        outcome_date=timezone.localdate(),
    )


def filled(data: dict, attempt: int) -> dict:
    # Each attempt says something new: the same content again would be a resubmission.
    data.update(contact_name=f"Pat Recruiter {attempt}", contact_email="pat@acme.example")
    return data


def test_one_token_sent_twice_at_once_makes_one_request_and_both_land_on_it(
    owner, interview, live_server
):
    for attempt in range(ATTEMPTS):
        FeedbackRequest.objects.all().delete()
        session = signed_in_session(owner, live_server)
        path = f"/interviews/{interview.pk}/feedback/new/"
        data, csrf = open_form(session, path)
        first, second = at_once(
            post(session, path, filled(data, attempt), csrf),
            post(session, path, filled(data, attempt), csrf),
        )
        assert (first.status_code, second.status_code) == (302, 302), attempt
        request = FeedbackRequest.objects.get(interview=interview)
        assert first.headers["Location"] == second.headers["Location"] == f"/feedback/{request.pk}/"
        assert FormSubmission.objects.filter(token=data["form_token"]).count() == 1


def test_two_tabs_asking_for_one_open_request_at_once_make_one_and_tell_the_other(
    owner, interview, live_server
):
    for attempt in range(ATTEMPTS):
        FeedbackRequest.objects.all().delete()
        session = signed_in_session(owner, live_server)
        path = f"/interviews/{interview.pk}/feedback/new/"
        first_tab, csrf = open_form(session, path)
        second_tab, _ = open_form(session, path, csrf)
        assert first_tab["form_token"] != second_tab["form_token"]
        responses = at_once(
            post(session, path, filled(first_tab, attempt), csrf),
            post(
                session,
                path,
                {**filled(second_tab, attempt), "contact_name": f"Sam Other {attempt}"},
                csrf,
            ),
        )
        assert [r.status_code for r in responses] != [500, 500], attempt
        assert all(r.status_code in (200, 302) for r in responses), [
            (r.status_code, r.text[:300]) for r in responses
        ]
        assert FeedbackRequest.objects.filter(interview=interview).count() == 1
        request = FeedbackRequest.objects.get(interview=interview)
        for response in responses:
            if response.headers.get("Location") == f"/feedback/{request.pk}/":
                continue
            page = follow(session, response) if response.status_code == 302 else response.text
            # The loser sees why nothing new was saved, and where the saved one is.
            assert re.search(r"already has an open feedback request|at the same moment", page)
