"""Tags an adviser gives their clients (cohorts: "Graduates 2026", "Returners"), to filter the
caseload and to write to everyone in one at once. An adviser's own: nobody else sees them, the
client included (they are the adviser's way of organising their work, not a label on the
person's record)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from debrief.models.fields import limited_char_field
from debrief.summaries.triggers import keep_summaries


class ClientTag(models.Model):
    MAX_PER_ADVISER = 100

    adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="client_tags"
    )
    name = limited_char_field(_("Tag"), "clienttag", "name")
    clients = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="ClientTagging", related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        # The adviser's caseload is cached under their record version (debrief/summaries).
        triggers = keep_summaries()
        ordering = [Lower("name"), "id"]
        constraints = [
            models.UniqueConstraint(
                "adviser", Lower("name"), name="clienttag_name_unique_per_adviser"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        self.name = " ".join((self.name or "").split())
        if not self.name:
            raise ValidationError({"name": _("Give the tag a name.")})


class ClientTagging(models.Model):
    tag = models.ForeignKey(ClientTag, on_delete=models.CASCADE, related_name="taggings")
    client = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        # The adviser's caseload is cached under their record version (debrief/summaries).
        triggers = keep_summaries()
        constraints = [
            models.UniqueConstraint(fields=["tag", "client"], name="clienttagging_once"),
        ]
        indexes = [models.Index(fields=["client"], name="clienttagging_client")]

    def __str__(self) -> str:
        return f"{self.tag} on {self.client_id}"


class GroupSession(models.Model):
    """An appointment offered to everyone in a tag at once: a workshop, a group session. Each
    client invited has an Appointment of their own (their email and calendar invitation, their
    answer on the adviser's diary), all pointing here. The adviser's time is held once, by one of
    them (`Appointment.holds_slot`): the database's no-double-booking constraint then refuses a
    one-to-one in the same hour, but not the session's own seats (services/cohorts.py)."""

    adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_sessions"
    )
    # The tag it went to; its name is kept, as the tag may be deleted or renamed later.
    tag = models.ForeignKey(
        ClientTag, null=True, on_delete=models.SET_NULL, related_name="group_sessions"
    )
    tag_name = limited_char_field(_("Tag"), "clienttag", "name")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Group session for {self.tag_name}"
