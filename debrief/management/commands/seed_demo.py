"""Demo data: `manage.py seed_demo` (idempotent) creates a demo job seeker and a demo adviser."""

from django.core.management.base import BaseCommand
from django.db import transaction

from debrief.models import User

DEMO_PASSWORD = "debrief-demo-2026"
DEMO_SEEKER = "demo@debrief.example"
DEMO_ADVISER = "adviser@debrief.example"


class Command(BaseCommand):
    help = "Create the demo job seeker and demo adviser (idempotent) and print their logins."

    @transaction.atomic
    def handle(self, *args, **options):
        seeker = self.demo_user(DEMO_SEEKER, "Sam Taylor", User.Role.JOB_SEEKER)
        adviser = self.demo_user(DEMO_ADVISER, "Alex Morgan", User.Role.ADVISER)
        self.stdout.write(
            f"\nDemo logins (password for both: {DEMO_PASSWORD})\n"
            f"  job seeker: {seeker.email}\n"
            f"  adviser:    {adviser.email}\n"
        )

    def demo_user(self, email: str, name: str, role: str) -> User:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email, DEMO_PASSWORD, display_name=name, role=role)
        return user
