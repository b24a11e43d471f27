from django.db import migrations, models


class Migration(migrations.Migration):
    """The access log records staff reads in the admin as well as advisers' reads."""

    dependencies = [
        ("debrief", "0003_user_email_confirmed_at"),
    ]

    operations = [
        migrations.RenameField(model_name="accesslogentry", old_name="adviser", new_name="viewer"),
        migrations.RenameField(
            model_name="accesslogentry", old_name="adviser_name", new_name="viewer_name"
        ),
        migrations.AddField(
            model_name="accesslogentry",
            name="viewer_role",
            field=models.CharField(
                choices=[("adviser", "Careers adviser"), ("staff", "Debrief support staff")],
                default="adviser",
                max_length=10,
            ),
        ),
        migrations.AddConstraint(
            model_name="accesslogentry",
            constraint=models.CheckConstraint(
                condition=models.Q(("viewer_role__in", ["adviser", "staff"])),
                name="accesslogentry_viewer_role_valid",
            ),
        ),
    ]
