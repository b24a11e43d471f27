"""For Debrief's own staff: a careers service and its first service admin, who then invites
the service's advisers from /service/."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

from debrief.management.commands.enrolment_link import SITE_HELP
from debrief.models import Organisation, User, invitation_lifetime, validate_display_name
from debrief.services import organisations


class Command(BaseCommand):
    help = (
        "Create a careers service and invite its first service admin: they get an email with a "
        "one-time link to choose a password and set up two-step sign-in (printed here too)."
    )

    def add_arguments(self, parser):
        parser.add_argument("name", help="The service's name, e.g. 'Northshire Careers Service'.")
        parser.add_argument("admin_email")
        parser.add_argument("--admin-name", default="", help="The admin's display name.")
        parser.add_argument("--site", default="http://127.0.0.1:8000", help=SITE_HELP)

    def handle(self, *args, name: str, admin_email: str, admin_name: str, site: str, **options):
        try:
            validate_email(admin_email)
            validate_display_name(admin_name or admin_email.split("@")[0])
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        if Organisation.objects.filter(name__iexact=name).exists():
            raise CommandError(f"A service called {name!r} exists already.")
        if User.objects.with_email(admin_email).exists():
            # Staff can attach an existing adviser account in the Django admin (Membership).
            raise CommandError(
                f"{admin_email} already has an account: give the service's admin another "
                "address, or add a Membership for that account in the Django admin."
            )
        with transaction.atomic():
            organisation = Organisation.objects.create(name=name)
            invitation = organisations.invite(
                organisation=organisation,
                email=admin_email,
                name=admin_name or admin_email.split("@")[0],
                role=organisations.Membership.Role.ADMIN,
                by=None,
                site=site,
            )
        self.stdout.write(
            f"Created {organisation.name} and invited {invitation.email} as its service admin.\n"
            f"Their one-time link (also emailed; works for {invitation_lifetime().days} days):\n"
            f"{invitation.link_url}"
        )
