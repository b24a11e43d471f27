import secrets

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from debrief.management.commands.enrolment_link import SITE_HELP, print_link
from debrief.models import User


class Command(BaseCommand):
    help = "Create a careers adviser account (or make an existing account an adviser)."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--name", default="", help="Display name (defaults to the email).")
        parser.add_argument(
            "--password",
            help="Initial password; omit it and the adviser chooses one with 'Forgotten your "
            "password?' on the sign-in page.",
        )
        parser.add_argument("--site", default="http://127.0.0.1:8000", help=SITE_HELP)

    def handle(self, *args, email: str, name: str, password: str | None, site: str, **options):
        try:
            validate_email(email)
        except ValidationError as error:
            raise CommandError(f"{email!r} is not an email address.") from error
        user = User.objects.with_email(email).first()
        if user is None:
            # A random password nobody knows, not an unusable one: Django's password reset
            # ignores accounts without a usable password.
            user = User.objects.create_user(
                email,
                password or secrets.token_urlsafe(32),
                display_name=name or email,
                role=User.Role.ADVISER,
                # Staff vouch for the address they type.
                email_confirmed_at=timezone.now(),
            )
            self.stdout.write(f"Created adviser {user.email}.")
        else:
            user.role = User.Role.ADVISER
            user.save(update_fields=["role"])
            self.stdout.write(f"{user.email} is now an adviser.")
        if password is None:
            self.stdout.write(
                "They choose their password with 'Forgotten your password?' on the sign-in page."
            )
        if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            print_link(self.stdout, user, site)
