from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class DebriefConfig(AppConfig):
    name = "debrief"
    verbose_name = "Debrief"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in, user_logged_out
        from django.core.signals import request_started

        from debrief.auth import forget_read_with_session
        from debrief.devices import forget_session, record_session
        from debrief.middleware import language_on_sign_in, session_started

        # Every way of signing in (the sign-in form, sign-up, a password reset, the admin) goes
        # through login(): the session's clocks start there, and it joins the owner's list of
        # signed-in devices; signing out takes it off.
        user_logged_in.connect(session_started, dispatch_uid="debrief.session_started")
        user_logged_in.connect(record_session, dispatch_uid="debrief.record_session")
        user_logged_out.connect(forget_session, dispatch_uid="debrief.forget_session")
        # The person read with a session is for the request that read it (debrief/auth.py).
        request_started.connect(forget_read_with_session, dispatch_uid="debrief.read_with_session")
        # The language switched to before signing in is kept on an account that never chose.
        user_logged_in.connect(language_on_sign_in, dispatch_uid="debrief.language_on_sign_in")
        # Every page looks up a hundred strings: each answer is kept (debrief/translations.py).
        from debrief.translations import remember_translations

        remember_translations()
        # The tasks register with debrief.services.queue, through which services enqueue.
        import debrief.tasks  # noqa: F401


class OTPAdminConfig(admin_apps.AdminConfig):
    """The admin, as django-otp's OTPAdminSite (debrief.admin_site): only staff verified with a
    code get in. Installed by its path in INSTALLED_APPS, in place of django.contrib.admin."""

    default = False
    default_site = "debrief.admin_site.DebriefAdminSite"
