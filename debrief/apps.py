from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class DebriefConfig(AppConfig):
    name = "debrief"
    verbose_name = "Debrief"
    default_auto_field = "django.db.models.BigAutoField"


class OTPAdminConfig(admin_apps.AdminConfig):
    """The admin, as django-otp's OTPAdminSite: only staff verified with a code get in.
    Installed by its path in INSTALLED_APPS, in place of django.contrib.admin."""

    default = False
    default_site = "django_otp.admin.OTPAdminSite"
