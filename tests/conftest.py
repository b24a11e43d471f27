"""Test settings and personas. Browser tests drive Debian's Chromium through Playwright."""

import datetime
import os
import shutil
import warnings
import weakref
from pathlib import Path

import pytest

# pytest-django's live_server runs beside Playwright's sync API, which holds an event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Argon2 costs ~1 s a hash here; production settings keep it.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_cache():
    # Test databases reuse primary keys across runs; cached figures must not outlive a test.
    from django.core.cache import cache

    from debrief.visitor_pages import kept

    cache.clear()
    # The pages kept for visitors (debrief/visitor_pages.py) too: a test may change what they say.
    kept.clear()


# --- The clock ----------------------------------------------------------------------------------

# Noon in London on a Wednesday; the demo's and most tests' "today" unless a test says otherwise.
FROZEN_AT = datetime.datetime(2026, 11, 25, 12, 0, tzinfo=datetime.UTC)


class FrozenClock:
    """The one controlled clock: it never ticks, and a test moves it only by saying where to."""

    def __init__(self, traveller):
        self._traveller = traveller

    def move_to(self, when: datetime.datetime | datetime.date | str) -> None:
        if type(when) is datetime.date:
            when = datetime.datetime.combine(when, datetime.time(12), tzinfo=datetime.UTC)
        self._traveller.move_to(when, tick=False)

    @property
    def now(self) -> datetime.datetime:
        from django.utils import timezone

        return timezone.now()

    @property
    def today(self) -> datetime.date:
        from django.utils import timezone

        return timezone.localdate()


@pytest.fixture
def clock(request, time_machine) -> FrozenClock:
    """Freeze time for a test that depends on the date: at `@pytest.mark.frozen_at(when)` (on the
    test or its module) or else at FROZEN_AT. `clock.move_to(when)` moves it, still frozen."""
    marker = request.node.get_closest_marker("frozen_at")
    frozen = FrozenClock(time_machine)
    frozen.move_to(marker.args[0] if marker else FROZEN_AT)
    return frozen


# --- Personas -----------------------------------------------------------------------------------


@pytest.fixture
def owner(db):
    from tests.factories import make_user

    return make_user("owner@example.com", "Olivia Owner")


@pytest.fixture
def stranger(db):
    from tests.factories import make_user

    return make_user("stranger@example.com", "Sid Stranger")


@pytest.fixture
def adviser(db):
    from debrief.models import User
    from tests.factories import make_user

    return make_user("adviser@example.com", "Ada Adviser", role=User.Role.ADVISER)


@pytest.fixture
def owner_client(client, owner):
    client.force_login(owner)
    return client


@pytest.fixture
def stranger_client(client, stranger):
    client.force_login(stranger)
    return client


@pytest.fixture
def adviser_client(client, adviser):
    """The adviser signed in, the two-step check passed (a file may define its own)."""
    from tests.adviser_helpers import sign_in_verified

    sign_in_verified(client, adviser)
    return client


# --- Browser tests ------------------------------------------------------------------------------


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists():
        return
    browser_tests = [item for item in items if "browser" in item.keywords]
    if browser_tests and IN_CI:
        raise pytest.UsageError(f"CI must run browser tests; no Chromium at {CHROMIUM}.")
    for item in browser_tests:
        item.add_marker(pytest.mark.skip(reason=f"No Chromium at {CHROMIUM} (CI installs it)."))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def html_checker():
    """The Nu HTML checker, one process for the session; None (with a warning) outside CI when
    `make browser-deps` has not installed it."""
    from tests.browser.page_checks import VNU_JAR, HtmlChecker

    if not VNU_JAR.exists() or not shutil.which("java"):
        message = f"No Nu HTML checker at {VNU_JAR} (or no java): make browser-deps installs it."
        if IN_CI:
            pytest.fail(message)
        warnings.warn(message + " Pages are not validated.", stacklevel=1)
        yield None
        return
    checker = HtmlChecker(VNU_JAR)
    yield checker
    checker.stop()


_documents = weakref.WeakKeyDictionary()


def _keep_documents(page) -> None:
    """Remember the last document the server sent each page, as it was sent (before scripts)."""
    if page in _documents:
        return
    _documents[page] = None

    def keep(response):
        if response.request.is_navigation_request() and response.frame == page.main_frame:
            _documents[page] = response

    page.on("response", keep)


@pytest.fixture
def context(context):
    context.on("page", _keep_documents)
    return context


@pytest.fixture
def axe_check(html_checker):
    """Check the current page: axe-core (WCAG 2.x A/AA), the WCAG 2.2 checks axe does not make
    at two widths (tests/browser/page_checks.py), and valid HTML; fail on any problem."""
    from axe_playwright_python.sync_playwright import Axe

    from tests.browser.page_checks import wcag_problems

    axe = Axe()

    def check(page):
        results = axe.run(
            page,
            options={
                "runOnly": {
                    "type": "tag",
                    "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"],
                }
            },
        )
        assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"
        problems = wcag_problems(page)
        assert not problems, f"{page.url}\n" + "\n".join(problems)
        if html_checker is not None:
            _keep_documents(page)
            response = _documents[page]
            # A page opened in a context of the test's own is first seen here: its DOM, as the
            # browser would write it, stands in for the source.
            source = response.text() if response and response.url == page.url else page.content()
            errors = html_checker.errors(source)
            assert not errors, f"{page.url} is not valid HTML:\n" + "\n".join(errors)

    return check
