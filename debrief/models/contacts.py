"""People at employers: recruiters, hiring managers and interviewers, linked to the applications
and interviews they were part of."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from debrief.models.applications import Application, Interview, OwnedQuerySet
from debrief.models.fields import (
    choices_constraint,
    limited_char_field,
    limited_text_field,
    text_length_constraint,
)


class ContactRole(models.TextChoices):
    RECRUITER = "recruiter", _("Recruiter")
    HIRING_MANAGER = "hiring_manager", _("Hiring manager")
    INTERVIEWER = "interviewer", _("Interviewer")
    OTHER = "other", _("Other")


# Words before a name that are not the name a greeting uses.
HONORIFICS = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame"}

phone_validator = RegexValidator(
    r"^\+?[0-9 ()\-.]{5,40}$",
    _(
        "Write the number with digits, spaces and an optional + (e.g. 07700 900123 or "
        "+44 20 7946 0000)."
    ),
)


class Contact(models.Model):
    Role = ContactRole

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contacts"
    )
    name = limited_char_field(_("Name"), "contact", "name")
    role = models.CharField(_("Role"), max_length=20, choices=Role, default=Role.RECRUITER)
    employer = limited_char_field(_("Employer"), "contact", "employer", blank=True)
    email = models.EmailField(_("Email"), blank=True)
    phone = limited_char_field(
        _("Phone"), "contact", "phone", blank=True, validators=[phone_validator]
    )
    notes = limited_text_field(_("Notes"), "contact", "notes", blank=True)
    applications = models.ManyToManyField(
        Application, blank=True, related_name="contacts", verbose_name=_("Applications")
    )
    interviews = models.ManyToManyField(
        Interview, blank=True, related_name="contacts", verbose_name=_("Interviews")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            choices_constraint("role", ContactRole, "contact"),
            text_length_constraint("notes", "contact"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.employer})" if self.employer else self.name

    def get_absolute_url(self) -> str:
        return reverse("debrief:contact-edit", args=[self.pk])

    def clean(self):
        super().clean()
        if self.name and not self.name.strip():
            raise ValidationError({"name": _("Write the person's name.")})

    @property
    def first_name(self) -> str:
        """The name a greeting uses: "Dear Priya," for Priya Shah and for Dr Priya Shah."""
        words = [word for word in self.name.split() if word.strip(".").casefold() not in HONORIFICS]
        return words[0] if words else self.name.strip()
