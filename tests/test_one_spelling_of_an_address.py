"""One spelling of an email address: every character whose case mappings differ between Python
and PostgreSQL reaches one account under one count of failed guesses, however it is spelt.

The review found `vıctim@…` (dotless ı) signing in while `victim@…` was locked out: failures
were counted under Python's `lower()`, the account found with SQL `UPPER` (where UPPER('ı') is
'I'). The code points are computed here, from PostgreSQL itself, so a new Unicode or PostgreSQL
version is walked too."""

import pytest
from axes.models import AccessAttempt
from django.db import IntegrityError, connection, transaction
from django.test import Client, RequestFactory

from debrief.identity import axes_username, normalise_email
from debrief.models import User
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
SURROGATES = range(0xD800, 0xE000)


def differing_code_points() -> list[tuple[str, str, str]]:
    """(character, PostgreSQL's lower, PostgreSQL's upper) for every code point where Python's
    lower/upper/casefold and PostgreSQL's lower/upper disagree, or where folding PostgreSQL's
    mapping gives another canonical spelling (ı → I → i)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i, lower(chr(i)), upper(chr(i)) FROM generate_series(1, 1114111) AS i "
            "WHERE i NOT BETWEEN 55296 AND 57343 "
            "AND (lower(chr(i)) <> chr(i) OR upper(chr(i)) <> chr(i))"
        )
        in_postgresql = {code: (lower, upper) for code, lower, upper in cursor.fetchall()}
    found = []
    for code in range(1, 0x110000):
        if code in SURROGATES:
            continue
        char = chr(code)
        lower, upper = in_postgresql.get(code, (char, char))
        if (
            char.lower() != lower
            or char.upper() != upper
            or char.casefold() != lower
            or normalise_email(lower) != normalise_email(char)
            or normalise_email(upper) != normalise_email(char)
        ):
            found.append((char, lower, upper))
    return found


def spellings(address: str, char: str, lower: str, upper: str) -> set[str]:
    """The victim's address with the character as each system maps it, and the whole address
    in capitals as Python and PostgreSQL write them."""
    variants = {char, lower, upper, char.lower(), char.upper(), char.casefold()}
    spelt = {address.replace(char, variant) for variant in variants}
    with connection.cursor() as cursor:
        cursor.execute("SELECT upper(%s), lower(%s)", [address, address])
        spelt.update(cursor.fetchone())
    return spelt | {address.upper(), f" {address.upper()} "}


def signing_in_as(spelling: str):
    return RequestFactory().post(LOGIN, {"username": spelling, "password": PASSWORD})


def test_the_walk_finds_the_characters_the_review_used():
    chars = {char for char, _, _ in differing_code_points()}
    # Dotless i, dotted capital I, sharp s, long s, micro sign.
    assert {"ı", "İ", "ß", "ſ", "µ"} <= chars
    assert len(chars) > 100


def test_every_spelling_that_reaches_an_account_is_counted_under_that_account():
    walk = differing_code_points()
    victims = {}
    for number, (char, _, _) in enumerate(walk):
        # A domain each, so that two characters with one folding (K and the Kelvin sign) are
        # two victims rather than a refused duplicate.
        victims[char] = make_user(f"v{char}ctim@cp{number}.example")
    for number, (char, lower, upper) in enumerate(walk):
        victim = victims[char]
        for spelling in spellings(f"v{char}ctim@cp{number}.example", char, lower, upper):
            reached = User.objects.filter(pk__in=User.objects.with_email(spelling)).first()
            counted_as = axes_username(signing_in_as(spelling))
            where = f"{spelling!r} (U+{ord(char):04X})"
            if reached is None:
                assert counted_as != victim.email, where
                continue
            # No second account: a spelling finds this victim or nobody, and it is counted
            # under the victim's own counter.
            assert reached == victim, where
            assert counted_as == victim.email, where
            with pytest.raises(IntegrityError), transaction.atomic():
                User.objects.create_user(spelling, PASSWORD, display_name="Second")
    assert User.objects.count() == len(walk)


@pytest.mark.parametrize("char", ["ı", "ß", "ſ", "K", "ﬀ"])
def test_a_locked_account_stays_locked_whatever_the_spelling(char):
    address = f"v{char}ctim@example.com"
    victim = make_user(address)
    attacker = Client()
    for _ in range(5):
        attacker.post(LOGIN, {"username": address, "password": "wrong"})
    assert attacker.post(LOGIN, {"username": address, "password": "wrong"}).status_code == 429

    with connection.cursor() as cursor:
        cursor.execute("SELECT lower(%s), upper(%s)", [char, char])
        pg_lower, pg_upper = cursor.fetchone()
    for spelling in spellings(address, char, pg_lower, pg_upper):
        response = attacker.post(LOGIN, {"username": spelling, "password": PASSWORD})
        assert "_auth_user_id" not in attacker.session, spelling
        if User.objects.with_email(spelling).exists():
            assert response.status_code == 429, spelling
    # One counter for the victim; any other counter is for an address with no account.
    counters = set(AccessAttempt.objects.values_list("username", flat=True))
    assert victim.email in counters
    assert not User.objects.filter(email__in=counters - {victim.email}).exists()


def test_the_dotless_i_is_another_address_not_a_way_into_the_dotted_one(client):
    make_user("victim@example.com")
    for _ in range(5):
        client.post(LOGIN, {"username": "victim@example.com", "password": "wrong"})
    response = client.post(LOGIN, {"username": "vıctim@example.com", "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "do not match an account" in response.text


def test_the_stored_address_is_the_one_spelling(client):
    user = make_user("  ＳＴＲＡẞＥ@Example.COM ")
    assert user.email == "strasse@example.com"
    response = client.post(LOGIN, {"username": "Straße@example.com", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
