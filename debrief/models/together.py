"""Working together: suggested actions, replies to notes, appointments."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from debrief.models.actions import ActionArea, ActionItem
from debrief.models.advisers import AdviserNote
from debrief.models.fields import (
    choices_constraint,
    limited_char_field,
    limited_text_field,
    text_length_constraint,
)


class SuggestionStatus(models.TextChoices):
    PENDING = "pending", "Waiting for the client"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class ActionSuggestionQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=SuggestionStatus.PENDING)


class ActionSuggestion(models.Model):
    """An action an adviser proposes to a client. It is not in the client's action list (nor in
    their counts, dashboard or record version) until they accept it: accepting creates the
    ActionItem (services/together.suggestion_accept); declining discards it."""

    Status = SuggestionStatus

    adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="suggestions_made"
    )
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="action_suggestions"
    )
    text = limited_char_field("Action", "actionsuggestion", "text")
    area = models.CharField("Area", max_length=30, choices=ActionArea, default=ActionArea.SKILLS)
    due_date = models.DateField("Due date", null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    action_item = models.OneToOneField(
        ActionItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="suggestion"
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = ActionSuggestionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            choices_constraint("area", ActionArea, "actionsuggestion"),
            choices_constraint("status", SuggestionStatus, "actionsuggestion"),
            models.CheckConstraint(
                condition=Q(status=SuggestionStatus.PENDING, decided_at__isnull=True)
                | (~Q(status=SuggestionStatus.PENDING) & Q(decided_at__isnull=False)),
                name="actionsuggestion_decided_at_fits_status",
            ),
            models.CheckConstraint(
                condition=~Q(client=models.F("adviser")), name="actionsuggestion_not_self"
            ),
        ]
        indexes = [models.Index(fields=["client", "status"], name="actionsuggestion_client")]

    def __str__(self) -> str:
        return self.text

    def clean(self):
        super().clean()
        if (self.status == SuggestionStatus.PENDING) != (self.decided_at is None):
            raise ValidationError(
                "A suggestion is decided on exactly when it is no longer waiting."
            )


class NoteReply(models.Model):
    """A message in the short thread under an adviser's note: the client and that adviser both
    answer (services/together.reply_to_note keeps the cap)."""

    MAX_PER_NOTE = 50

    note = models.ForeignKey(AdviserNote, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="note_replies"
    )
    text = limited_text_field("Reply", "notereply", "text")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = "note replies"
        constraints = [text_length_constraint("text", "notereply")]
        indexes = [models.Index(fields=["note", "created_at"], name="notereply_note")]

    def __str__(self) -> str:
        return f"Reply by {self.author} on {self.created_at:%Y-%m-%d}"


class AppointmentKind(models.TextChoices):
    ONE_TO_ONE = "one_to_one", "One-to-one"
    CV_REVIEW = "cv_review", "CV review"
    MOCK_INTERVIEW = "mock_interview", "Mock interview"


class Appointment(models.Model):
    """An appointment an adviser records with a client, and what was agreed. The client reads
    them (on "Working with your adviser")."""

    Kind = AppointmentKind

    adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="appointments_held"
    )
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="appointments"
    )
    date = models.DateField("Date")
    time = models.TimeField("Time", null=True, blank=True)
    kind = models.CharField("Kind", max_length=20, choices=Kind, default=Kind.ONE_TO_ONE)
    agreed = limited_text_field("What was agreed", "appointment", "agreed", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", models.F("time").desc(nulls_last=True), "-id"]
        constraints = [
            choices_constraint("kind", AppointmentKind, "appointment"),
            text_length_constraint("agreed", "appointment"),
            models.CheckConstraint(
                condition=~Q(client=models.F("adviser")), name="appointment_not_self"
            ),
        ]
        indexes = [models.Index(fields=["client", "-date"], name="appointment_client")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.date:%Y-%m-%d}"
