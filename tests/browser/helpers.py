"""What the browser journeys share: signing in through the form, and a known authenticator key."""

from playwright.sync_api import Page

from tests.factories import PASSWORD

KNOWN_KEY = "3132333435363738393031323334353637383930"  # RFC 6238's test key, in hex


def sign_in(page: Page, base_url: str, email: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
