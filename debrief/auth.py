"""Authentication backend: Django's, loading the user's record version with the user."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class UserBackend(ModelBackend):
    def get_user(self, user_id):
        # The dashboard keys its cached figures by the record version, and every adviser page
        # asks whether the adviser's careers service still counts them as staff: reading both
        # here saves a query on every page.
        user = (
            get_user_model()
            ._default_manager.select_related(
                "record_version", "membership__organisation", "reply_settings"
            )
            .filter(pk=user_id)
            .first()
        )
        return user if user is not None and self.user_can_authenticate(user) else None
