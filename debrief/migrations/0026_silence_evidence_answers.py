"""Issue 17, items 5-7: the silence clock (an interview outcome "no response", each person's
waiting times and their answers to "No reply — close this one?"), later asks for the evidence
of how often employers answer, and an employer's answer captured once.

"Clear enough to act on" said again what the outcome says (specific or vague feedback): it is
folded into the outcome and removed, and a request received always says which. Requests that
ended with a blank outcome get the one their status allows. A request already followed up gets
the follow-up's day from its follow-up date (mark_followed_up set it a week later), never
before the request.
"""

import datetime

import django.contrib.postgres.fields
import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


FOLLOW_UP_AFTER = datetime.timedelta(days=7)


def answer_said_once(apps, schema_editor):
    FeedbackRequest = apps.get_model("debrief", "FeedbackRequest")
    received = FeedbackRequest.objects.filter(status="received", outcome="")
    received.filter(clear_enough=False).update(outcome="vague")
    received.update(outcome="specific")
    FeedbackRequest.objects.filter(status="declined", outcome="").update(outcome="declined")
    FeedbackRequest.objects.filter(status="no_response", outcome="").update(outcome="no_answer")
    followed = FeedbackRequest.objects.filter(
        status="followed_up", follow_up_due__isnull=False, followed_up_on__isnull=True
    )
    for request in followed.only("id", "requested_on", "follow_up_due"):
        day = request.follow_up_due - FOLLOW_UP_AFTER
        if request.requested_on and day < request.requested_on:
            day = request.requested_on
        FeedbackRequest.objects.filter(pk=request.pk).update(followed_up_on=day)


class Migration(migrations.Migration):
    dependencies = [
        ("debrief", "0025_devices_sessions_shared_addresses"),
    ]

    operations = [
        migrations.CreateModel(
            name="FeedbackAsk",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("request", "First request"),
                            ("follow_up", "Follow-up"),
                            ("more_detail", "Asking for more detail"),
                            ("subject_access", "Subject access request"),
                        ],
                        max_length=20,
                    ),
                ),
                ("sent_on", models.DateField(verbose_name="Sent on")),
                (
                    "answered_on",
                    models.DateField(blank=True, null=True, verbose_name="Answered on"),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
            ],
            options={
                "ordering": ["sent_on", "id"],
            },
        ),
        migrations.CreateModel(
            name="ReplySettings",
            fields=[
                (
                    "user",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="reply_settings",
                        serialize=False,
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "interview_quiet_days",
                    models.PositiveSmallIntegerField(
                        default=14,
                        help_text="Debrief asks whether to close it after this many days (3 to 90).",
                        validators=[
                            django.core.validators.MinValueValidator(3),
                            django.core.validators.MaxValueValidator(90),
                        ],
                        verbose_name="Days after an interview with no outcome",
                    ),
                ),
                (
                    "request_quiet_working_days",
                    models.PositiveSmallIntegerField(
                        default=10,
                        help_text="Monday to Friday (2 to 60).",
                        validators=[
                            django.core.validators.MinValueValidator(2),
                            django.core.validators.MaxValueValidator(60),
                        ],
                        verbose_name="Working days after a feedback request or its follow-up",
                    ),
                ),
                (
                    "counted_in_evidence",
                    models.BooleanField(
                        default=True,
                        help_text="Only totals of at least 20 requests from at least 5 people are ever shown; never your name, an employer or a date.",
                        verbose_name="Count my feedback requests in Debrief's evidence",
                    ),
                ),
                ("updated_at", models.DateTimeField(auto_now=True)),
            ],
            options={
                "verbose_name_plural": "reply settings",
            },
        ),
        migrations.CreateModel(
            name="SilenceAnswer",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "answer",
                    models.CharField(
                        choices=[
                            ("closed", "Closed with no response"),
                            ("waiting", "Keep waiting"),
                        ],
                        max_length=10,
                    ),
                ),
                ("answered_at", models.DateTimeField(auto_now_add=True)),
            ],
            options={
                "ordering": ["-answered_at"],
            },
        ),
        migrations.RemoveConstraint(
            model_name="interview",
            name="interview_outcome_valid",
        ),
        migrations.AddField(
            model_name="feedbackrequest",
            name="dimensions",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.CharField(
                    choices=[
                        ("rating_answers", "Answered questions effectively"),
                        ("rating_star", "Structured answers with STAR"),
                        ("rating_manner", "Professional manner"),
                        ("rating_suitability", "Expressed suitability (skills and experience)"),
                        ("rating_enthusiasm", "Showed enthusiasm"),
                        ("rating_nerves", "Managed nerves"),
                    ],
                    max_length=30,
                ),
                blank=True,
                default=list,
                verbose_name="How the interview went, in their words",
            ),
        ),
        migrations.AddField(
            model_name="feedbackrequest",
            name="followed_up_on",
            field=models.DateField(blank=True, null=True, verbose_name="Followed up on"),
        ),
        migrations.AddField(
            model_name="feedbackrequest",
            name="useful",
            field=models.CharField(
                blank=True,
                choices=[("yes", "Yes, I can act on it"), ("partly", "Partly"), ("no", "No")],
                max_length=10,
                verbose_name="Was this feedback useful?",
            ),
        ),
        migrations.RunPython(answer_said_once, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name="feedbackrequest",
            name="clear_enough",
        ),
        migrations.AlterField(
            model_name="feedbackrequest",
            name="received_on",
            field=models.DateField(blank=True, null=True, verbose_name="Date of their answer"),
        ),
        migrations.AlterField(
            model_name="interview",
            name="outcome",
            field=models.CharField(
                choices=[
                    ("awaiting", "Awaiting outcome"),
                    ("progressed", "Progressed to next stage"),
                    ("offer", "Offer"),
                    ("rejected", "Rejected"),
                    ("withdrawn", "Withdrawn"),
                    ("no_response", "No response from them"),
                ],
                default="awaiting",
                max_length=20,
                verbose_name="Outcome",
            ),
        ),
        migrations.AddConstraint(
            model_name="feedbackrequest",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "dimensions__contained_by",
                        [
                            "rating_answers",
                            "rating_star",
                            "rating_manner",
                            "rating_suitability",
                            "rating_enthusiasm",
                            "rating_nerves",
                        ],
                    )
                ),
                name="feedbackrequest_dimensions_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="feedbackrequest",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("useful", ""), ("useful__in", ["yes", "partly", "no"]), _connector="OR"
                ),
                name="feedbackrequest_useful_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="feedbackrequest",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("status", "received"), _negated=True),
                    ("outcome__in", ["specific", "vague"]),
                    _connector="OR",
                ),
                name="feedbackrequest_received_says_how_clear",
            ),
        ),
        migrations.AddConstraint(
            model_name="feedbackrequest",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("followed_up_on__isnull", True),
                    ("requested_on__isnull", True),
                    ("followed_up_on__gte", models.F("requested_on")),
                    _connector="OR",
                ),
                name="feedbackrequest_follow_up_after_request",
            ),
        ),
        migrations.AddConstraint(
            model_name="interview",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "outcome__in",
                        ["awaiting", "progressed", "offer", "rejected", "withdrawn", "no_response"],
                    )
                ),
                name="interview_outcome_valid",
            ),
        ),
        migrations.AddField(
            model_name="feedbackask",
            name="feedback_request",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="later_asks",
                to="debrief.feedbackrequest",
            ),
        ),
        migrations.AddConstraint(
            model_name="replysettings",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("interview_quiet_days__gte", 3), ("interview_quiet_days__lte", 90)
                ),
                name="replysettings_interview_days_range",
            ),
        ),
        migrations.AddConstraint(
            model_name="replysettings",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("request_quiet_working_days__gte", 2), ("request_quiet_working_days__lte", 60)
                ),
                name="replysettings_request_days_range",
            ),
        ),
        migrations.AddField(
            model_name="silenceanswer",
            name="application",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="debrief.application",
            ),
        ),
        migrations.AddField(
            model_name="silenceanswer",
            name="feedback_request",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="debrief.feedbackrequest",
            ),
        ),
        migrations.AddField(
            model_name="silenceanswer",
            name="interview",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="debrief.interview",
            ),
        ),
        migrations.AddField(
            model_name="silenceanswer",
            name="owner",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="silence_answers",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddConstraint(
            model_name="feedbackask",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("kind__in", ["request", "follow_up", "more_detail", "subject_access"])
                ),
                name="feedbackask_kind_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="feedbackask",
            constraint=models.CheckConstraint(
                condition=models.Q(("kind__in", ["more_detail", "subject_access"])),
                name="feedbackask_later_kind",
            ),
        ),
        migrations.AddConstraint(
            model_name="feedbackask",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("answered_on__isnull", True),
                    ("answered_on__gte", models.F("sent_on")),
                    _connector="OR",
                ),
                name="feedbackask_answer_not_before_ask",
            ),
        ),
        migrations.AddConstraint(
            model_name="feedbackask",
            constraint=models.UniqueConstraint(
                fields=("feedback_request", "kind"), name="feedbackask_one_per_kind"
            ),
        ),
        migrations.AddConstraint(
            model_name="silenceanswer",
            constraint=models.CheckConstraint(
                condition=models.Q(("answer__in", ["closed", "waiting"])),
                name="silenceanswer_answer_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="silenceanswer",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("application__isnull", False),
                        ("interview__isnull", True),
                        ("feedback_request__isnull", True),
                    ),
                    models.Q(
                        ("application__isnull", True),
                        ("interview__isnull", False),
                        ("feedback_request__isnull", True),
                    ),
                    models.Q(
                        ("application__isnull", True),
                        ("interview__isnull", True),
                        ("feedback_request__isnull", False),
                    ),
                    _connector="OR",
                ),
                name="silenceanswer_about_one_item",
            ),
        ),
    ]
