from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import migrations, models


def remove_placeholder_accounts(apps, schema_editor):
    """Invitations used to make a passwordless adviser account at once, which stood in the way
    of the address's owner signing up or resetting a password. Such accounts never used are
    removed (their membership and enrolment links with them); the invitation stays pending, and
    the service admin sends it again for a new link."""
    StaffInvitation = apps.get_model("debrief", "StaffInvitation")
    User = apps.get_model("debrief", "User")
    pending = StaffInvitation.objects.filter(
        accepted_at__isnull=True, cancelled_at__isnull=True, user__isnull=False
    )
    placeholders = User.objects.filter(
        pk__in=pending.values("user"),
        password__startswith=UNUSABLE_PASSWORD_PREFIX,
        last_login__isnull=True,
    )
    pending.filter(user__in=placeholders).update(user=None)
    placeholders.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("debrief", "0038_self_booking"),
    ]

    operations = [
        migrations.AddField(
            model_name="staffinvitation",
            name="token_hash",
            field=models.CharField(blank=True, max_length=64, null=True, unique=True),
        ),
        migrations.RunPython(remove_placeholder_accounts, migrations.RunPython.noop),
    ]
