"""What a person asks an employer after the first request and its follow-up: more detail about
vague feedback, or their interview notes (a subject access request). With the request's own dates
(requested_on, followed_up_on, received_on) these are the asks whose answers Debrief counts
(services/evidence.py)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from debrief.models.applications import OwnedQuerySet
from debrief.models.feedback import FeedbackRequest
from debrief.models.fields import choices_constraint
from debrief.summaries.triggers import keep_summaries


class AskKind(models.TextChoices):
    """Every draft kind Debrief writes; the first two live on the request itself."""

    REQUEST = "request", _("First request")
    FOLLOW_UP = "follow_up", _("Follow-up")
    MORE_DETAIL = "more_detail", _("Asking for more detail")
    SUBJECT_ACCESS = "subject_access", _("Subject access request")

    @classmethod
    def later_asks(cls) -> list[str]:
        return [cls.MORE_DETAIL, cls.SUBJECT_ACCESS]


class FeedbackAskQuerySet(OwnedQuerySet):
    owner_path = "feedback_request__interview__owner"


class FeedbackAsk(models.Model):
    """A later ask about one feedback request: sent on a day, answered (or not) on another."""

    Kind = AskKind

    feedback_request = models.ForeignKey(
        FeedbackRequest, on_delete=models.CASCADE, related_name="later_asks"
    )
    kind = models.CharField(max_length=20, choices=AskKind)
    sent_on = models.DateField(_("Sent on"))
    answered_on = models.DateField(_("Answered on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FeedbackAskQuerySet.as_manager()

    class Meta:
        ordering = ["sent_on", "id"]
        triggers = keep_summaries()
        constraints = [
            choices_constraint("kind", AskKind, "feedbackask"),
            models.CheckConstraint(
                condition=Q(kind__in=AskKind.later_asks()), name="feedbackask_later_kind"
            ),
            models.CheckConstraint(
                condition=Q(answered_on__isnull=True) | Q(answered_on__gte=models.F("sent_on")),
                name="feedbackask_answer_not_before_ask",
            ),
            models.UniqueConstraint(
                fields=["feedback_request", "kind"], name="feedbackask_one_per_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} sent {self.sent_on:%d %b %Y}"

    def get_absolute_url(self) -> str:
        return reverse("debrief:feedback-detail", args=[self.feedback_request_id])

    def clean(self):
        super().clean()
        if self.answered_on and self.sent_on and self.answered_on < self.sent_on:
            raise ValidationError({"answered_on": _("Their answer cannot come before you asked.")})
