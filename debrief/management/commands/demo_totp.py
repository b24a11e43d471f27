"""`manage.py demo_totp`: the demo adviser's two-step sign-in code, for trying Debrief locally.

The demo adviser's authenticator key is fixed and public (it is a demo), so a reviewer can sign
in without an authenticator app: run this command and type the code it prints.
"""

from base64 import b32decode

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from debrief.demo import DEMO_ADVISER, DEMO_COLLEAGUES, DEMO_SERVICE_ADMIN
from debrief.management.commands.seed_demo import FORCE_HELP, refuse_without_debug
from debrief.models import User

# Base32, as an authenticator app takes it by hand. Never use a fixed key outside the demo.
DEMO_TOTP_SECRET = "DEBRIEFDEMOADVISERTOTPKEY2345672"
# The demo careers service's other staff (seed_demo), each with a fixed key of their own.
DEMO_STAFF_SECRETS = {
    DEMO_SERVICE_ADMIN[0]: "DEBRIEFDEMOSERVICEADMINKEY234567",
    DEMO_COLLEAGUES[0][0]: "DEBRIEFDEMOADVISERTWOKEY23456723",
    DEMO_COLLEAGUES[1][0]: "DEBRIEFDEMOADVISERTHREEKEY234567",
}


def ensure_demo_device(adviser: User, secret: str = DEMO_TOTP_SECRET) -> TOTPDevice:
    """A demo staff member's confirmed TOTP device, with its fixed demo key."""
    key = b32decode(secret).hex()
    device = TOTPDevice.objects.filter(user=adviser, key=key).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=adviser, name="Demo authenticator", key=key, confirmed=True
        )
    return device


class Command(BaseCommand):
    help = (
        "Print the demo adviser's and the demo service's staff's current two-step sign-in codes "
        "(creating their demo devices)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help=FORCE_HELP)

    @transaction.atomic
    def handle(self, *args, force: bool, **options):
        refuse_without_debug("demo_totp", force=force)
        adviser = User.objects.filter(email=DEMO_ADVISER, role=User.Role.ADVISER).first()
        if adviser is None:
            raise CommandError(f"No demo adviser {DEMO_ADVISER}: run `manage.py seed_demo` first.")
        device = ensure_demo_device(adviser)
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        seconds_left = device.step - int(totp.time - device.t0) % device.step
        self.stdout.write(
            f"Code for {adviser.email}: {totp.token():06d} "
            f"(valid for {seconds_left} more seconds)\n"
            f"Authenticator key (base32): {DEMO_TOTP_SECRET}\n"
            f"Or scan/open: {device.config_url}"
        )
        staff = User.objects.filter(email__in=DEMO_STAFF_SECRETS, role=User.Role.ADVISER)
        for member in staff.order_by("email"):
            secret = DEMO_STAFF_SECRETS[member.email]
            device = ensure_demo_device(member, secret)
            totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
            self.stdout.write(
                f"Code for {member.email}: {totp.token():06d} (authenticator key {secret})"
            )
