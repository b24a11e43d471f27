"""The self-assessment after an interview (the guide's questions) and the reasons for a "no"."""

from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from debrief.models.applications import Interview, OwnedQuerySet
from debrief.models.fields import (
    limited_char_field,
    limited_text_field,
    rating_constraint,
    rating_field,
    text_length_constraint,
)
from debrief.summaries.triggers import keep_summaries


class Reason(models.TextChoices):
    """Why an application might not succeed: what employers say, and what I think."""

    SKILLS_GAP = "skills_gap", _("Skills gap")
    EXPERIENCE_GAP = "experience_gap", _("Not enough relevant experience")
    QUALIFICATIONS = "qualifications", _("Qualifications")
    TEAM_FIT = "team_fit", _("Team or culture fit")
    RETENTION = "retention", _("Doubt I would stay")
    STRONGER_CANDIDATE = "stronger_candidate", _("A stronger candidate")
    IMPRESSION = "impression", _("The impression I gave (e.g. nerves)")
    UNEXPECTED_REQUIREMENT = "unexpected_requirement", _("A requirement I did not know about")
    OTHER = "other", _("Other")

    @classmethod
    def outside_my_control(cls) -> list[str]:
        # The guide's "business, not personal": who else applied, how a team is made up and how
        # long they expect people to stay are the employer's decisions, not my performance.
        return [cls.STRONGER_CANDIDATE, cls.TEAM_FIT, cls.RETENTION]

    @classmethod
    def within_my_control(cls) -> list[str]:
        return [value for value in cls.values if value not in cls.outside_my_control()]

    @property
    def is_within_my_control(self) -> bool:
        return self.value not in self.outside_my_control()


def reasons_field(label: str):
    return ArrayField(
        models.CharField(max_length=30, choices=Reason),
        verbose_name=label,
        default=list,
        blank=True,
    )


def reasons_constraint(field: str, model: str):
    return models.CheckConstraint(
        condition=Q(**{f"{field}__contained_by": Reason.values}), name=f"{model}_{field}_valid"
    )


# The guide's self-assessment questions, in its order.
DEBRIEF_RATINGS = {
    "rating_answers": _("Answered questions effectively"),
    "rating_star": _("Structured answers with STAR"),
    "rating_manner": _("Professional manner"),
    "rating_suitability": _("Expressed suitability (skills and experience)"),
    "rating_enthusiasm": _("Showed enthusiasm"),
    "rating_nerves": _("Managed nerves"),
}


class DebriefQuerySet(OwnedQuerySet):
    owner_path = "interview__owner"

    def complete(self):
        return self.filter(**{f"{field}__isnull": False for field in DEBRIEF_RATINGS})


class Debrief(models.Model):
    """One interview's debrief. It starts as the one-minute quick debrief (how I feel, one thing
    that went well, one to do better, all optional) and grows into the full self-assessment,
    which can be saved part-way: a rating left empty is not given yet. Figures and trends read
    only complete self-assessments (every rating given, `COMPLETE`)."""

    RATINGS = DEBRIEF_RATINGS

    class Feeling(models.IntegerChoices):
        VERY_BADLY = 1, _("Very badly")
        BADLY = 2, _("Badly")
        MIXED = 3, _("Mixed")
        WELL = 4, _("Well")
        VERY_WELL = 5, _("Very well")

    class CheckIn(models.IntegerChoices):
        """How I feel right now, after the "no": words first, never only a face."""

        LOW = 1, _("Low")
        DISAPPOINTED = 2, _("Disappointed")
        MIXED = 3, _("Mixed")
        OKAY = 4, _("Okay")
        READY = 5, _("Ready for the next one")

    interview = models.OneToOneField(Interview, on_delete=models.CASCADE, related_name="debrief")
    rating_answers = rating_field(RATINGS["rating_answers"], null=True, blank=True)
    rating_star = rating_field(RATINGS["rating_star"], null=True, blank=True)
    rating_manner = rating_field(RATINGS["rating_manner"], null=True, blank=True)
    rating_suitability = rating_field(RATINGS["rating_suitability"], null=True, blank=True)
    rating_enthusiasm = rating_field(RATINGS["rating_enthusiasm"], null=True, blank=True)
    rating_nerves = rating_field(RATINGS["rating_nerves"], null=True, blank=True)
    overall_feeling = models.PositiveSmallIntegerField(
        _("Overall feeling"), choices=Feeling, null=True, blank=True
    )
    check_in = models.PositiveSmallIntegerField(
        _("How are you feeling?"), choices=CheckIn, null=True, blank=True
    )
    went_well = limited_text_field(_("What went well"), "debrief", "went_well", blank=True)
    do_better = limited_text_field(_("What I would do better"), "debrief", "do_better", blank=True)
    my_reasons = reasons_field(_("My reading: why it might not succeed"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DebriefQuerySet.as_manager()

    class Meta:
        # The derived stores follow every statement (debrief/summaries).
        triggers = keep_summaries()
        ordering = ["-created_at"]
        constraints = [
            *(rating_constraint(field, "debrief", nullable=True) for field in DEBRIEF_RATINGS),
            rating_constraint("overall_feeling", "debrief", nullable=True),
            rating_constraint("check_in", "debrief", nullable=True),
            reasons_constraint("my_reasons", "debrief"),
            text_length_constraint("went_well", "debrief"),
            text_length_constraint("do_better", "debrief"),
        ]

    def __str__(self) -> str:
        return f"Debrief of {self.interview}"

    def get_absolute_url(self) -> str:
        return self.interview.get_absolute_url()

    def ratings(self) -> list[tuple[str, int | None]]:
        return [(label, getattr(self, field)) for field, label in self.RATINGS.items()]

    @property
    def is_complete(self) -> bool:
        """Every self-assessment rating given: only then does it count in figures and trends."""
        return all(getattr(self, field) is not None for field in self.RATINGS)

    @property
    def ratings_given(self) -> int:
        return sum(getattr(self, field) is not None for field in self.RATINGS)


class DebriefQuestion(models.Model):
    debrief = models.ForeignKey(Debrief, on_delete=models.CASCADE, related_name="questions")
    question = limited_char_field(_("Question asked"), "debriefquestion", "question")
    answer_rating = rating_field(_("How well I answered"), null=True, blank=True)
    star_answer = models.ForeignKey(
        "StarAnswer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="uses",
        verbose_name=_("STAR answer used"),
    )

    class Meta:
        # The derived stores follow every statement (debrief/summaries).
        triggers = keep_summaries()
        ordering = ["id"]
        constraints = [rating_constraint("answer_rating", "debriefquestion", nullable=True)]

    def __str__(self) -> str:
        return self.question

    def clean(self):
        super().clean()
        if (
            self.star_answer_id
            and self.debrief_id
            and self.star_answer.owner_id != self.debrief.interview.owner_id
        ):
            raise ValidationError({"star_answer": _("Choose one of your own STAR answers.")})
