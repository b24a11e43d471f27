"""Small, explicit builders for test data."""

import datetime

from django.utils import timezone

from debrief.models import Application, Interview, User

PASSWORD = "correct-horse-battery-staple"


def make_user(email: str, name: str = "Test User", role: str = User.Role.JOB_SEEKER) -> User:
    return User.objects.create_user(email, PASSWORD, display_name=name, role=role)


def make_application(owner: User, **fields) -> Application:
    fields.setdefault("employer", "Acme Ltd")
    fields.setdefault("role_title", "Data Analyst")
    application = Application(owner=owner, **fields)
    application.save_with_history()
    return application


def make_interview(application: Application, **fields) -> Interview:
    fields.setdefault("scheduled_at", timezone.now() - datetime.timedelta(days=2))
    return Interview.objects.create(application=application, owner=application.owner, **fields)
