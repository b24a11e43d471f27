"""An adviser's private case notes: the record of a contact with a client (how, how long, what
came of it) that the adviser keeps for their own practice. Not shown on the client's pages; but
private is not secret from the client's rights: every case note about a person is in their data
export (UK GDPR right of access), and the adviser's page says so."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from debrief.models.fields import choices_constraint, limited_text_field, text_length_constraint


class ContactType(models.TextChoices):
    APPOINTMENT = "appointment", _("Appointment")
    PHONE = "phone", _("Phone call")
    EMAIL = "email", _("Email")
    DROP_IN = "drop_in", _("Drop-in")


class CaseNote(models.Model):
    ContactType = ContactType
    LONGEST_MINUTES = 480

    adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="case_notes_written"
    )
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="case_notes"
    )
    contact_on = models.DateField(_("Date of contact"), default=timezone.localdate)
    contact_type = models.CharField(_("Contact"), max_length=20, choices=ContactType)
    minutes = models.PositiveSmallIntegerField(
        _("Length (minutes)"), help_text=_("How long the contact took, in minutes.")
    )
    outcome = limited_text_field(_("Outcome"), "casenote", "outcome")
    text = limited_text_field(_("Notes"), "casenote", "text", blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-contact_on", "-created_at", "-id"]
        constraints = [
            choices_constraint("contact_type", ContactType, "casenote"),
            text_length_constraint("outcome", "casenote"),
            text_length_constraint("text", "casenote"),
            models.CheckConstraint(
                condition=Q(minutes__gte=1, minutes__lte=480), name="casenote_minutes_plausible"
            ),
            models.CheckConstraint(
                condition=~Q(client=models.F("adviser")), name="casenote_not_self"
            ),
        ]
        indexes = [models.Index(fields=["adviser", "client", "-contact_on"], name="casenote_pair")]

    def __str__(self) -> str:
        return f"{self.get_contact_type_display()} on {self.contact_on:%Y-%m-%d}"

    def clean(self):
        super().clean()
        if self.minutes is not None and not 1 <= self.minutes <= self.LONGEST_MINUTES:
            raise ValidationError(
                {
                    "minutes": _("Give the length in minutes, from 1 to %(longest)s.")
                    % {"longest": self.LONGEST_MINUTES}
                }
            )
        if self.contact_on and self.contact_on > timezone.localdate():
            raise ValidationError({"contact_on": _("A case note records a contact that happened.")})
