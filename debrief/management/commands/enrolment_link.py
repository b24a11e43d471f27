from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from debrief.models import User
from debrief.services.enrolment import enrolment_url

SITE_HELP = "The address people open Debrief at (default: http://127.0.0.1:8000)."


class Command(BaseCommand):
    help = (
        "Print a one-time link with which an adviser or staff member enrols their first "
        "authenticator app (two-step sign-in). Any earlier unused link stops working."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--site", default="http://127.0.0.1:8000", help=SITE_HELP)

    def handle(self, *args, email: str, site: str, **options):
        user = (
            User.objects.with_email(email)
            .filter(Q(role=User.Role.ADVISER) | Q(is_staff=True))
            .first()
        )
        if user is None:
            raise CommandError(f"No adviser or staff account has the email {email!r}.")
        print_link(self.stdout, user, site)


def print_link(stdout, user: User, site: str) -> None:
    url = enrolment_url(user=user, created_by=None, site=site)
    stdout.write(
        f"Enrolment link for {user.email} (works once, for a few days; they open it while "
        f"signed in):\n{url}"
    )
