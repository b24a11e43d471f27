"""Stateless by construction: two real web replicas (gunicorn processes, production settings,
one Redis as their shared cache, the test database) behave as one. A person signs in through one
and reads through the other; a lockout or a rate limit counted on one holds on the other; a write
through one is on the next dashboard read through the other; static files are the same bytes
under the same name from each. With the per-process memory cache (no REDIS_URL), the rate-limit
and figures checks would fail: each replica would count and cache on its own."""

import re

import pytest

from debrief.models import Application, User
from tests.factories import make_application, make_user
from tests.replicas import Browser, collected_static, production_password, web_replicas

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "replica-test-password-2026"
APPLICATION = {
    "employer": "Northwind Trading",
    "role_title": "Junior Data Analyst",
    "location": "Leeds",
    "job_url": "https://jobs.example.com/123",
    "source": "LinkedIn",
    "date_applied": "2026-01-20",
    "closing_date": "",
    "salary": "£28,000",
    "status": "applied",
    "notes": "",
}


@pytest.fixture(scope="module")
def static_root():
    with collected_static() as root:
        yield root


@pytest.fixture
def replicas(static_root):
    with web_replicas(2, static_root=static_root) as urls:
        yield urls


def person(email: str = "sam@example.com", *, confirmed: bool = True) -> User:
    user = make_user(email, "Sam Taylor")
    user.password = production_password(PASSWORD)
    if not confirmed:
        user.email_confirmed_at = None
    user.save()
    return user


def applications_line(page: str) -> str:
    found = re.search(r"(\d+) applications?, \d+ reached interview", page)
    assert found, "the dashboard's summary line is missing"
    return found.group(1)


def test_it_keeps_you_signed_in_whichever_replica_answers(replicas):
    one, two = replicas
    person()
    browser = Browser()

    signed_in = browser.sign_in(one, "sam@example.com", PASSWORD)
    assert signed_in.status_code == 302

    dashboard = browser.get(f"{two}/dashboard/")
    assert dashboard.status_code == 200
    assert "Your dashboard" in dashboard.text
    assert "Sign out" in dashboard.text

    signed_out = browser.post(f"{two}/accounts/logout/", {}, form_page=f"{one}/dashboard/")
    assert signed_out.status_code == 200
    assert browser.get(f"{one}/dashboard/").status_code == 302  # to the sign-in page


def test_a_lockout_counted_on_one_replica_holds_on_the_other(replicas):
    one, two = replicas
    person()
    browser = Browser()
    for attempt in range(4):
        replica = (one, two)[attempt % 2]
        refused = browser.sign_in(replica, "sam@example.com", "wrong password")
        assert refused.status_code == 200
    locked = browser.sign_in(one, "sam@example.com", "wrong password")
    assert locked.status_code == 429

    right_password = browser.sign_in(two, "sam@example.com", PASSWORD)
    assert right_password.status_code == 429
    assert "Too many sign-in attempts" in right_password.text
    assert browser.get(f"{two}/dashboard/").status_code == 302


def test_a_rate_limit_counts_every_replicas_requests_in_one_count(replicas):
    """Confirmation emails sent again: 5 an hour per person. Three through each replica make six:
    the sixth is refused, which only a shared cache can know."""
    one, two = replicas
    person(confirmed=False)
    browser = Browser()
    assert browser.sign_in(one, "sam@example.com", PASSWORD).status_code == 302
    statuses = [
        browser.post(
            f"{(one, two)[attempt % 2]}/accounts/confirm-email/send/",
            {},
            form_page=f"{one}/dashboard/",
        ).status_code
        for attempt in range(6)
    ]
    assert statuses == [302, 302, 302, 302, 302, 429]


def test_a_write_through_one_replica_is_on_the_next_dashboard_read_through_another(replicas):
    one, two = replicas
    owner = person()
    make_application(owner, employer="Acme Ltd")
    browser = Browser()
    assert browser.sign_in(one, "sam@example.com", PASSWORD).status_code == 302
    assert applications_line(browser.get(f"{one}/dashboard/").text) == "1"
    assert applications_line(browser.get(f"{two}/dashboard/").text) == "1"  # cached now

    created = browser.post(
        f"{two}/applications/new/", APPLICATION, form_page=f"{two}/applications/new/"
    )
    assert created.status_code == 302
    assert Application.objects.filter(owner=owner, employer="Northwind Trading").count() == 1

    assert applications_line(browser.get(f"{one}/dashboard/").text) == "2"
    assert applications_line(browser.get(f"{two}/dashboard/").text) == "2"


def test_static_files_are_the_same_from_every_replica(replicas):
    one, two = replicas
    pages = [Browser().get(f"{replica}/accounts/login/").text for replica in replicas]
    assets = [sorted(re.findall(r'(?:href|src)="(/static/[^"]+)"', page)) for page in pages]
    assert assets[0], "the sign-in page links no static files"
    assert assets[0] == assets[1]
    for asset in assets[0]:
        assert re.search(r"\.[0-9a-f]{12}\.(css|js|svg|png|ico|woff2?)$", asset), asset
        first, second = (Browser().get(f"{replica}{asset}") for replica in (one, two))
        assert first.status_code == second.status_code == 200
        assert first.content == second.content
        assert first.headers["ETag"] == second.headers["ETag"]
        assert "immutable" in first.headers["Cache-Control"]
