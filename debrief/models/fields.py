"""Field helpers every model uses: text limits, ratings and the constraints that back choices."""

import datetime

from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils.translation import gettext_lazy as _

FOLLOW_UP_AFTER = datetime.timedelta(days=7)


# The most a person may type into each free-text field, in characters: generous for what the field
# is for (a title, a note, an email, one part of a STAR answer), bounded so that one request cannot
# store a book. CharFields are bounded by their column type (varchar); TextFields by a named
# CheckConstraint (`<model>_<field>_length`); both by `max_length`, so forms and `full_clean()`
# explain the limit next to the field.
TEXT_LIMITS = {
    "user": {"display_name": 100},
    "application": {
        "employer": 200,
        "role_title": 200,
        "location": 200,
        "source": 100,
        "salary": 100,
        "notes": 10_000,
        "ad_text": 20_000,
    },
    "interview": {"interviewers": 300, "notes": 10_000},
    "debrief": {"went_well": 5_000, "do_better": 5_000},
    "debriefquestion": {"question": 500},
    "feedbackrequest": {"contact_name": 200, "message": 10_000, "feedback_text": 10_000},
    "staranswer": {
        "title": 200,
        "questions": 2_000,
        "situation": 3_000,
        "task": 3_000,
        "action": 3_000,
        "result": 3_000,
        "my_part": 3_000,
    },
    "actionitem": {"text": 300},
    # Read on the client's dashboard beside their own figures: a few lines, not a report.
    "advisernote": {"text": 2_000},
    "organisation": {"name": 200},
    "handover": {"reason": 500},
    "clienttag": {"name": 50},
    "casenote": {"outcome": 1_000, "text": 5_000},
    "availability": {"address": 300},
    "staffinvitation": {"email": 254, "display_name": 100},
    # Working together (careers services): a line of a pasted or uploaded invitation list, an
    # action an adviser suggests, a reply in a note's thread and what an appointment agreed.
    "clientinvitation": {"typed": 500, "name": 100},
    "actionsuggestion": {"text": 300},
    "notereply": {"text": 2_000},
    "appointment": {
        "agreed": 2_000,
        "agenda": 2_000,
        "address": 300,
        "phone": 40,
        "response_note": 300,
    },
    # A rejection forwarded or pasted (debrief/models/inbound.py): a few headers and the text of
    # one email, never the raw message; a long thread is cut with a note saying so.
    "inboundmessage": {"sender": 320, "subject": 300, "body": 20_000},
    # An address a client shared their record with, as typed.
    "sharedaddress": {"email": 254},
    # Records in and out: the name of a file imported, as the person's computer gave it.
    "importbatch": {"file_name": 255},
    "document": {"title": 200, "original_name": 255},
    "contact": {"name": 200, "employer": 200, "phone": 40, "notes": 5_000},
}


def limited_char_field(label: str, model: str, field: str, **kwargs):
    return models.CharField(label, max_length=TEXT_LIMITS[model][field], **kwargs)


def limited_text_field(label: str, model: str, field: str, **kwargs):
    """A TextField with a limit: `max_length` sizes the form's textarea and field, the validator
    makes `full_clean()` say it, and `text_length_constraint` makes the database keep it."""
    limit = TEXT_LIMITS[model][field]
    return models.TextField(
        label, max_length=limit, validators=[MaxLengthValidator(limit)], **kwargs
    )


def text_length_constraint(field: str, model: str):
    return models.CheckConstraint(
        condition=LessThanOrEqual(Length(field), TEXT_LIMITS[model][field]),
        name=f"{model}_{field}_length",
        violation_error_message=f"Keep this to {TEXT_LIMITS[model][field]:,} characters at most.",
    )


def choices_constraint(field: str, choices: type[models.TextChoices], model: str):
    return models.CheckConstraint(
        condition=Q(**{f"{field}__in": choices.values}), name=f"{model}_{field}_valid"
    )


def rating_field(label: str, **kwargs):
    return models.PositiveSmallIntegerField(
        label, validators=[MinValueValidator(1), MaxValueValidator(5)], **kwargs
    )


def rating_constraint(field: str, model: str, *, nullable: bool = False):
    in_range = Q(**{f"{field}__gte": 1, f"{field}__lte": 5})
    if nullable:
        in_range |= Q(**{f"{field}__isnull": True})
    return models.CheckConstraint(condition=in_range, name=f"{model}_{field}_1_to_5")


def kept_out_of_work_search_field() -> models.BooleanField:
    """An application's or an interview's "keep out of my work-search record" choice (issue 21).
    Its database default covers rows written in bulk by SQL (make bench's careers service)."""
    return models.BooleanField(
        _("Keep out of my work-search record"),
        default=False,
        db_default=False,
        help_text=_("It will not appear in the work-search record you show your work coach."),
    )
