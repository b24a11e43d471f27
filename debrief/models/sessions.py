"""The owner's view of their sign-ins: the browsers that signed in to an account (each carries a
signed device cookie, debrief.devices) and the sessions signed in now, which the owner can end."""

import re

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class KnownDevice(models.Model):
    """A browser that signed in to this account with the right password. Its device cookie is
    a random identifier, signed; only its hash is kept, so a copy of this table is no cookie.
    Sign-in limits per address and per account do not hold back a known device (it has a
    limit of its own), so a class behind one school address, or a person whose account is
    under attack, still gets in from their own browser."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="known_devices"
    )
    device_hash = models.CharField(max_length=64)
    first_seen_at = models.DateTimeField(default=timezone.now)
    # When a two-step code was last accepted from this browser: an adviser's own browser, which
    # a wrong code typed elsewhere by someone holding their password cannot hold back.
    two_step_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-first_seen_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "device_hash"], name="knowndevice_once")
        ]

    def __str__(self) -> str:
        return f"Device of {self.user} since {self.first_seen_at:%Y-%m-%d}"


# The browser, then the system, as a person names them; the first match wins.
BROWSERS = [
    ("Edge", r"Edg(e|A|iOS)?/"),
    ("Opera", r"OPR/|Opera"),
    ("Samsung Internet", r"SamsungBrowser/"),
    ("Firefox", r"Firefox/|FxiOS/"),
    ("Chrome", r"Chrome/|CriOS/|Chromium/"),
    ("Safari", r"Safari/"),
]
SYSTEMS = [
    ("iPhone", r"iPhone"),
    ("iPad", r"iPad"),
    ("Android", r"Android"),
    ("ChromeOS", r"CrOS"),
    ("Windows", r"Windows"),
    ("Mac", r"Macintosh|Mac OS X"),
    ("Linux", r"Linux"),
]


def first_match(patterns: list[tuple[str, str]], text: str) -> str | None:
    return next((name for name, pattern in patterns if re.search(pattern, text)), None)


class SignedInSession(models.Model):
    """One signed-in session, listed on "Signed-in devices". The session itself stays where
    Django keeps sessions (the shared database or cache), so ending it here ends it on every
    replica."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signed_in_sessions"
    )
    session_key = models.CharField(max_length=40, unique=True)
    user_agent = models.CharField(max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(_("Network address"), null=True, blank=True)
    signed_in_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-last_seen_at", "-id"]

    def __str__(self) -> str:
        return f"{self.device} ({self.user}, last seen {self.last_seen_at:%Y-%m-%d %H:%M})"

    @property
    def device(self) -> str:
        """ "Firefox on Windows", as far as the browser says."""
        browser = first_match(BROWSERS, self.user_agent)
        system = first_match(SYSTEMS, self.user_agent)
        if browser and system:
            return gettext("%(browser)s on %(system)s") % {"browser": browser, "system": system}
        return browser or system or gettext("An unknown browser")
