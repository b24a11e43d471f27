from django.apps import AppConfig


class DebriefConfig(AppConfig):
    name = "debrief"
    verbose_name = "Debrief"
    default_auto_field = "django.db.models.BigAutoField"
