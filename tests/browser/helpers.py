"""What the browser journeys share: signing in through the form, and a known authenticator key."""

from playwright.sync_api import Page

from tests.factories import PASSWORD

KNOWN_KEY = "3132333435363738393031323334353637383930"  # RFC 6238's test key, in hex


def sign_in(page: Page, base_url: str, email: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def open_menu(page: Page) -> None:
    """On a narrow screen the main navigation is folded behind "Menu": open it."""
    menu = page.get_by_role("navigation", name="Main").get_by_text("Menu", exact=True)
    if menu.is_visible():
        menu.click()


WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


class Clicks:
    """Every click a person makes goes through `on`, which counts it (links, buttons, radio
    buttons and check boxes alike; typing is not counted), waits for the page and runs axe on
    what the click led to."""

    def __init__(self, page: Page, axe_check):
        self.page, self.axe_check, self.count = page, axe_check, 0

    def on(self, locator) -> None:
        self.count += 1
        locator.click()
        self.page.wait_for_load_state()
        self.axe_check(self.page)

    def fits_the_width(self) -> None:
        overflow = self.page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{self.page.url} is {overflow}px wider than the screen"
