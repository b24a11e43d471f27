"""Behind a proxy, lockouts and rate limits count the client's address from X-Forwarded-For
(django-ipware, DEBRIEF_PROXY_COUNT), never the proxy's and never a value the client wrote."""

import pytest
from axes.models import AccessAttempt
from django.test import Client, RequestFactory

from debrief.identity import client_ip
from debrief.models import User
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
SIGNUP = "/accounts/signup/"
PROXY = "10.0.0.2"
ALICE = "203.0.113.5"
BOB = "198.51.100.7"


@pytest.fixture
def one_proxy(settings):
    settings.PROXY_COUNT = 1


def behind_proxy(forwarded_for: str) -> Client:
    """A client whose requests arrive through our proxy, which appended the client's address."""
    return Client(REMOTE_ADDR=PROXY, headers={"x-forwarded-for": forwarded_for})


def fail_five_times(client: Client, **headers) -> None:
    for _ in range(5):
        client.post(LOGIN, {"username": "sam@example.com", "password": "wrong"}, **headers)


def test_the_lockout_names_the_client_behind_the_proxy_and_spares_the_owners_browser(one_proxy):
    make_user("sam@example.com")
    # Sam signed in from this browser before: it carries the device cookie (debrief.devices).
    bob = behind_proxy(BOB)
    assert bob.post(LOGIN, {"username": "sam@example.com", "password": PASSWORD}).status_code == 302
    bob.post("/accounts/logout/")

    alice = behind_proxy(ALICE)
    fail_five_times(alice)
    assert alice.post(LOGIN, {"username": "sam@example.com", "password": PASSWORD}).status_code == (
        429
    )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ALICE}
    response = bob.post(LOGIN, {"username": "sam@example.com", "password": PASSWORD})
    assert response.status_code == 302


def test_a_made_up_left_most_address_does_not_dodge_the_lockout(one_proxy):
    make_user("sam@example.com")
    alice = Client(REMOTE_ADDR=PROXY)
    for number in range(5):
        # Alice writes a different address first each time; the proxy appends her real one.
        alice.post(
            LOGIN,
            {"username": "sam@example.com", "password": "wrong"},
            HTTP_X_FORWARDED_FOR=f"192.0.2.{number}, {ALICE}",
        )
    response = alice.post(
        LOGIN,
        {"username": "sam@example.com", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR=f"192.0.2.99, {ALICE}",
    )
    assert response.status_code == 429


def signup_data(number: int) -> dict:
    return {
        "email": f"person{number}@example.com",
        "display_name": "New Person",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }


def test_rate_limits_count_each_forwarded_client_and_ignore_made_up_addresses(one_proxy, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "signup:ip": "2/h"}
    alice = Client(REMOTE_ADDR=PROXY)
    for number in range(2):
        response = alice.post(
            SIGNUP, signup_data(number), HTTP_X_FORWARDED_FOR=f"192.0.2.{number}, {ALICE}"
        )
        assert response.status_code == 302
        alice.logout()
    response = alice.post(SIGNUP, signup_data(2), HTTP_X_FORWARDED_FOR=f"192.0.2.50, {ALICE}")
    assert response.status_code == 429

    bob = behind_proxy(BOB)
    assert bob.post(SIGNUP, signup_data(3)).status_code == 302
    assert User.objects.count() == 3


def test_without_a_proxy_count_forwarded_headers_are_ignored(settings):
    settings.PROXY_COUNT = 0
    make_user("sam@example.com")
    client = Client(REMOTE_ADDR=ALICE)
    for number in range(5):
        client.post(
            LOGIN,
            {"username": "sam@example.com", "password": "wrong"},
            HTTP_X_FORWARDED_FOR=f"192.0.2.{number}",
            HTTP_X_REAL_IP=f"192.0.2.{number}",
        )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ALICE}
    response = client.post(
        LOGIN, {"username": "sam@example.com", "password": PASSWORD}, HTTP_X_FORWARDED_FOR=BOB
    )
    assert response.status_code == 429


@pytest.mark.parametrize(
    ("proxies", "forwarded_for", "expected"),
    [
        (1, ALICE, ALICE),
        (1, f"192.0.2.1, {ALICE}", ALICE),
        (2, f"192.0.2.1, {ALICE}, 10.0.0.9", ALICE),
        (1, "", PROXY),  # a request that did not come through the proxy
    ],
)
def test_it_reads_the_client_that_many_proxies_back(settings, proxies, forwarded_for, expected):
    settings.PROXY_COUNT = proxies
    headers = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for else {}
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_REAL_IP="192.0.2.200", **headers)
    assert client_ip(request) == expected
