"""The demo's people: their logins (one public password), and how a demo account is made,
idempotently."""

from collections.abc import Callable

from django.utils import timezone

from debrief.models import User

DEMO_PASSWORD = "debrief-demo-2026"
DEMO_SEEKER = "demo@debrief.example"
DEMO_ADVISER = "adviser@debrief.example"
# The demo careers service: its admin, and the demo adviser with two colleagues.
DEMO_SERVICE = "Demo Careers Service"
DEMO_SERVICE_ADMIN = ("service-admin@debrief.example", "Jordan Blake")
DEMO_COLLEAGUES = (
    ("adviser2@debrief.example", "Priya Shah"),
    ("adviser3@debrief.example", "Tom Evans"),
)

# How each seeding function reports what it did, a line at a time.
Say = Callable[[str], None]


def demo_user(email: str, name: str, role: str) -> User:
    user = User.objects.with_email(email).first()
    if user is None:
        user = User.objects.create_user(
            email,
            DEMO_PASSWORD,
            display_name=name,
            role=role,
            email_confirmed_at=timezone.now(),
        )
    return user
