"""Working together: suggested actions, replies to notes, appointments."""

import datetime
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from debrief.models.actions import ActionArea, ActionItem
from debrief.models.advisers import AdviserNote
from debrief.models.fields import (
    choices_constraint,
    limited_char_field,
    limited_text_field,
    text_length_constraint,
)
from debrief.summaries.triggers import keep_summaries


class SuggestionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the client")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


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
    text = limited_char_field(_("Action"), "actionsuggestion", "text")
    area = models.CharField(_("Area"), max_length=30, choices=ActionArea, default=ActionArea.SKILLS)
    due_date = models.DateField(_("Due date"), null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    action_item = models.OneToOneField(
        ActionItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="suggestion"
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = ActionSuggestionQuerySet.as_manager()

    class Meta:
        # The adviser's caseload is cached under their record version (debrief/summaries).
        triggers = keep_summaries()
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
                _("A suggestion is decided on exactly when it is no longer waiting.")
            )


class NoteReply(models.Model):
    """A message in the short thread under an adviser's note: the client and that adviser both
    answer (services/together.reply_to_note keeps the cap)."""

    MAX_PER_NOTE = 50

    note = models.ForeignKey(AdviserNote, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="note_replies"
    )
    text = limited_text_field(_("Reply"), "notereply", "text")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = _("note replies")
        constraints = [text_length_constraint("text", "notereply")]
        indexes = [models.Index(fields=["note", "created_at"], name="notereply_note")]

    def __str__(self) -> str:
        return f"Reply by {self.author} on {self.created_at:%Y-%m-%d}"


class AppointmentKind(models.TextChoices):
    ONE_TO_ONE = "one_to_one", _("One-to-one")
    CV_REVIEW = "cv_review", _("CV review")
    MOCK_INTERVIEW = "mock_interview", _("Mock interview")
    GROUP_SESSION = "group_session", _("Group session")
    WORKSHOP = "workshop", _("Workshop")


class AppointmentPlace(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("By phone")
    VIDEO = "video", _("By video call")


class AppointmentResponse(models.TextChoices):
    NONE = "none", _("No answer yet")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    REARRANGE = "rearrange", _("Asked to rearrange")


class AppointmentQuerySet(models.QuerySet):
    def live(self):
        return self.filter(cancelled_at__isnull=True)


class Appointment(models.Model):
    """An appointment between an adviser and a client: when, how long, where, the agenda, and
    what was agreed. A coming one reaches the client as an email with a calendar invitation
    (services/appointments.py); `sequence` counts the changes the client was sent, so their
    calendar replaces the event in place. Cancelling keeps the row (the client was told), marked
    by `cancelled_at`. The client's answer (accept, decline, rearrange) is kept with it."""

    Kind = AppointmentKind
    Place = AppointmentPlace
    Response = AppointmentResponse
    LENGTHS = [15, 30, 45, 60, 90, 120]

    adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="appointments_held"
    )
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="appointments"
    )
    date = models.DateField(_("Date"))
    # Empty only for a past meeting recorded after the fact; a coming one has a start.
    time = models.TimeField(_("Start time"), null=True, blank=True)
    length_minutes = models.PositiveSmallIntegerField(
        _("Length"),
        choices=[(n, format_lazy(_("{minutes} minutes"), minutes=n)) for n in LENGTHS],
        default=45,
    )
    kind = models.CharField(_("Kind"), max_length=20, choices=Kind, default=Kind.ONE_TO_ONE)
    place = models.CharField(_("Where"), max_length=10, choices=Place, default=Place.IN_PERSON)
    address = limited_char_field(_("Address or room"), "appointment", "address", blank=True)
    phone = limited_char_field(_("Phone number to call"), "appointment", "phone", blank=True)
    video_link = models.URLField(_("Video call link"), max_length=500, blank=True)
    agenda = limited_text_field(_("Agenda"), "appointment", "agenda", blank=True)
    agreed = limited_text_field(_("What was agreed"), "appointment", "agreed", blank=True)
    sequence = models.PositiveIntegerField(default=0)
    # Booked by the client into the adviser's published hours (services/booking.py).
    booked_by_client = models.BooleanField(default=False)
    # One seat of a session offered to everyone in a tag (GroupSession). One seat per session
    # holds the adviser's time for the no-double-booking constraint, cancelled or not, until
    # every seat is cancelled: the others are left out of it, so the seats do not clash.
    group_session = models.ForeignKey(
        "GroupSession",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appointments",
    )
    holds_slot = models.BooleanField(default=False)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    response = models.CharField(
        _("Client's answer"), max_length=10, choices=Response, default=Response.NONE
    )
    response_note = limited_char_field(
        _("A time that suits you better"), "appointment", "response_note", blank=True
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        ordering = ["-date", models.F("time").desc(nulls_last=True), "-id"]
        constraints = [
            choices_constraint("kind", AppointmentKind, "appointment"),
            choices_constraint("place", AppointmentPlace, "appointment"),
            choices_constraint("response", AppointmentResponse, "appointment"),
            text_length_constraint("agreed", "appointment"),
            text_length_constraint("agenda", "appointment"),
            models.CheckConstraint(
                condition=~Q(client=models.F("adviser")), name="appointment_not_self"
            ),
            models.CheckConstraint(
                condition=Q(length_minutes__gte=5, length_minutes__lte=480),
                name="appointment_length_plausible",
            ),
            # A call needs a number and a video call a link; "in person" without an address is
            # a meeting recorded before appointments had places (clean() asks for one now).
            models.CheckConstraint(
                condition=~Q(place=AppointmentPlace.PHONE, phone="")
                & ~Q(place=AppointmentPlace.VIDEO, video_link=""),
                name="appointment_place_has_details",
            ),
            models.CheckConstraint(
                condition=Q(holds_slot=False) | Q(group_session__isnull=False),
                name="appointment_slot_held_by_a_group_seat",
            ),
            models.UniqueConstraint(
                fields=["group_session"],
                condition=Q(holds_slot=True),
                name="appointment_one_slot_per_group",
            ),
            models.CheckConstraint(
                condition=Q(response=AppointmentResponse.NONE, responded_at__isnull=True)
                | (~Q(response=AppointmentResponse.NONE) & Q(responded_at__isnull=False)),
                name="appointment_responded_at_fits_response",
            ),
        ]
        indexes = [
            models.Index(fields=["client", "-date"], name="appointment_client"),
            models.Index(fields=["adviser", "date"], name="appointment_adviser_date"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.date:%Y-%m-%d}"

    def clean(self):
        super().clean()
        needed = {
            AppointmentPlace.IN_PERSON: ("address", _("Say where you meet: an address or a room.")),
            AppointmentPlace.PHONE: ("phone", _("Give the number to call.")),
            AppointmentPlace.VIDEO: ("video_link", _("Paste the link to the video call.")),
        }
        field, message = needed.get(self.place, (None, ""))
        if field and not getattr(self, field):
            raise ValidationError({field: message})
        if self.video_link and not self.video_link.startswith("https://"):
            raise ValidationError({"video_link": _("Use the call's https:// link.")})

    @property
    def starts_at(self) -> datetime.datetime | None:
        """The start as an aware moment: the date and time are UK time, as the adviser typed."""
        if self.time is None:
            return None
        return datetime.datetime.combine(
            self.date, self.time, tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE)
        )

    @property
    def ends_at(self) -> datetime.datetime | None:
        start = self.starts_at
        return start + datetime.timedelta(minutes=self.length_minutes) if start else None

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    def where(self) -> str:
        """The place in words, as the email, the invitation and the pages give it."""
        if self.place == AppointmentPlace.PHONE:
            return str(_("By phone: %(number)s") % {"number": self.phone})
        if self.place == AppointmentPlace.VIDEO:
            return str(_("By video call: %(link)s") % {"link": self.video_link})
        return self.address or str(_("In person (place not recorded)"))
