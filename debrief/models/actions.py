"""The STAR answer bank and the action items a lesson turns into."""

import datetime

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from debrief.models.applications import OwnedQuerySet
from debrief.models.debriefs import Debrief
from debrief.models.feedback import FeedbackRequest
from debrief.models.fields import (
    choices_constraint,
    limited_char_field,
    limited_text_field,
    rating_constraint,
    rating_field,
    text_length_constraint,
)
from debrief.summaries.triggers import keep_summaries


class Competency(models.TextChoices):
    TEAMWORK = "teamwork", _("Teamwork")
    LEADERSHIP = "leadership", _("Leadership")
    PROBLEM_SOLVING = "problem_solving", _("Problem solving")
    CONFLICT = "conflict", _("Handling conflict")
    COMMUNICATION = "communication", _("Communication")
    INITIATIVE = "initiative", _("Initiative")
    CUSTOMER_FOCUS = "customer_focus", _("Customer focus")
    RESILIENCE = "resilience", _("Resilience")
    ORGANISATION = "organisation", _("Planning and organisation")
    ADAPTABILITY = "adaptability", _("Adaptability")


class StarAnswer(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="star_answers"
    )
    title = limited_char_field(_("Title"), "staranswer", "title")
    questions = limited_text_field(
        _("Questions it answers"),
        "staranswer",
        "questions",
        blank=True,
        help_text=_("One question per line."),
    )
    competencies = ArrayField(
        models.CharField(max_length=30, choices=Competency),
        verbose_name=_("Competencies"),
        default=list,
        blank=True,
    )
    situation = limited_text_field(_("Situation"), "staranswer", "situation")
    task = limited_text_field(_("Task"), "staranswer", "task")
    action = limited_text_field(_("Action"), "staranswer", "action")
    result = limited_text_field(_("Result"), "staranswer", "result")
    my_part = limited_text_field(_("My part in the result"), "staranswer", "my_part", blank=True)
    strength = rating_field(_("Strength"), default=3)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        # The derived stores follow every statement (debrief/summaries).
        triggers = keep_summaries()
        ordering = ["title", "id"]
        constraints = [
            rating_constraint("strength", "staranswer"),
            models.CheckConstraint(
                condition=Q(competencies__contained_by=Competency.values),
                name="staranswer_competencies_valid",
            ),
            *(
                text_length_constraint(field, "staranswer")
                for field in ["questions", "situation", "task", "action", "result", "my_part"]
            ),
        ]
        indexes = [models.Index(fields=["owner", "title"], name="staranswer_owner_title")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("debrief:star-detail", args=[self.pk])

    def competency_labels(self) -> list[str]:
        return [Competency(value).label for value in self.competencies]


class ActionArea(models.TextChoices):
    SKILLS = "skills", _("Skills to build")
    INTERVIEW_PERFORMANCE = "interview_performance", _("Interview performance")
    IMPRESSION = "impression", _("The impression I give")
    APPLICATIONS = "applications", _("Applications that land interviews")
    EMPLOYER_INSIGHT = "employer_insight", _("What employers look for")


# The guide's "Move on to the next": after a rejection you know…
WHAT_YOU_NOW_KNOW = {
    ActionArea.SKILLS: _("skills you had not considered a necessity for the job"),
    ActionArea.INTERVIEW_PERFORMANCE: _("how you can improve your interview performance"),
    ActionArea.IMPRESSION: _(
        "the type of impression you portray at interview and whether that should be improved"
    ),
    ActionArea.APPLICATIONS: _("how to craft an application that will land you an interview"),
    ActionArea.EMPLOYER_INSIGHT: _("the kind of issues that employers face when recruiting staff"),
}


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")


class ActionItem(models.Model):
    Area = ActionArea

    Status = ActionStatus

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="action_items"
    )
    text = limited_char_field(_("Action"), "actionitem", "text")
    area = models.CharField(_("Area"), max_length=30, choices=Area, default=Area.SKILLS)
    debrief = models.ForeignKey(
        Debrief,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("From debrief"),
    )
    feedback_request = models.ForeignKey(
        FeedbackRequest,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("From feedback"),
    )
    status = models.CharField(_("Status"), max_length=10, choices=Status, default=Status.OPEN)
    due_date = models.DateField(_("Due date"), null=True, blank=True)
    completed_on = models.DateField(_("Completed on"), null=True, blank=True)
    # The adviser whose suggestion the owner accepted (ActionSuggestion), shown as "suggested by".
    suggested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Suggested by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        # The derived stores follow every statement (debrief/summaries).
        triggers = keep_summaries()
        ordering = ["status", models.F("due_date").asc(nulls_last=True), "-created_at"]
        constraints = [
            choices_constraint("area", ActionArea, "actionitem"),
            choices_constraint("status", ActionStatus, "actionitem"),
            models.CheckConstraint(
                condition=Q(debrief__isnull=True) | Q(feedback_request__isnull=True),
                name="actionitem_one_source",
            ),
            models.CheckConstraint(
                condition=Q(status=ActionStatus.DONE, completed_on__isnull=False)
                | Q(status=ActionStatus.OPEN, completed_on__isnull=True),
                name="actionitem_completed_on_fits_status",
            ),
        ]
        indexes = [
            models.Index(fields=["owner", "status"], name="actionitem_owner_status"),
            # The dashboard's and the preparation sheet's first open actions, soonest due first.
            models.Index(
                "owner",
                models.F("due_date").asc(nulls_last=True),
                models.F("created_at").desc(),
                condition=Q(status=ActionStatus.OPEN),
                name="actionitem_open_by_due",
            ),
            # The dashboard's patterns: the newest actions made from the employer's feedback.
            models.Index(
                "owner",
                models.F("created_at").desc(),
                models.F("id").desc(),
                condition=Q(feedback_request__isnull=False),
                name="actionitem_owner_from_feedback",
            ),
        ]

    def __str__(self) -> str:
        return self.text

    def get_absolute_url(self) -> str:
        return reverse("debrief:action-edit", args=[self.pk])

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE

    def mark_done(self, on: datetime.date) -> bool:
        """Done on `on`; False, changing nothing, if it was already done."""
        return self._change_status(self.Status.OPEN, self.Status.DONE, completed_on=on)

    def reopen(self) -> bool:
        """Open again, no longer dated done; False, changing nothing, if it was open."""
        return self._change_status(self.Status.DONE, self.Status.OPEN, completed_on=None)

    def _change_status(self, from_status: str, to_status: str, *, completed_on) -> bool:
        # Locked and checked in one transaction, so a double click cannot undo itself.
        with transaction.atomic():
            current = type(self).objects.select_for_update().get(pk=self.pk)
            if current.status != from_status:
                self.status, self.completed_on = current.status, current.completed_on
                return False
            self.status, self.completed_on = to_status, completed_on
            self.save(update_fields=["status", "completed_on", "updated_at"])
            return True

    def clean(self):
        super().clean()
        if self.debrief_id and self.feedback_request_id:
            raise ValidationError(_("An action comes from one debrief or one feedback, not both."))
        if self.is_done and not self.completed_on:
            raise ValidationError({"completed_on": _("Give the day you did it.")})
        if not self.is_done and self.completed_on:
            raise ValidationError(
                {"completed_on": _("An open action has no completion date: mark it done instead.")}
            )
