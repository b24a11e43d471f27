"""Derived figures kept by the database (triggers): counters and summaries that the dashboard,
the caseload and the careers service's report read instead of recounting the record."""

import datetime

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import connection, models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from debrief.models.organisations import Organisation
from debrief.models.people import User


class RecordVersion(models.Model):
    """A counter that moves whenever anything in a job seeker's record changes.

    Database triggers (debrief/summaries/record_version.py) bump it on every insert, update or
    delete of the rows a dashboard summarises, whatever the code path (forms, admin, bulk
    operations), so figures cached under (user, version) are never stale. It lives apart from
    User so that saving a User held in memory cannot put an old version back.
    """

    # Cascaded by the database, not Django's collector: while an account's rows are deleted the
    # triggers bump its version again, and the database removes that row with the user.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.DB_CASCADE,
        primary_key=True,
        related_name="record_version",
    )
    version = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"Record of {self.user_id}, version {self.version}"

    @classmethod
    def of(cls, user: "User") -> int:
        """The user's version (0 before their first change); no query when the user was loaded
        with select_related("record_version"), as the authentication backend does."""
        try:
            return user.record_version.version
        except cls.DoesNotExist:
            return 0


class DashboardCount(models.Model):
    """One figure of a job seeker's dashboard over the whole record, and the applications by
    status the list counts, kept by the database.

    Declared in debrief/summaries/dashboard.py (what each row adds, which tables' statements
    change it): bulk statements, deletions, a row moved to another owner and a change in a
    related table (a debrief written changes its interview's "undebriefed" and its feedback
    request's "compared") all keep the figures exact. The cold dashboard
    (services/dashboard_counts.py) and the applications list read these few rows instead of the
    whole record. Never written by the application.

    `figure` names what is counted, `key` which part of it (a status, a reason, a competency, a
    rating, or an ISO date for the figures read up to a day: silent applications, follow-ups
    due, interviews without a debrief). No CHECK (value >= 0): PostgreSQL checks the row an
    upsert proposes (a -1) before it finds the row to add it to.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DB_CASCADE, related_name="+"
    )
    figure = models.CharField(max_length=40)
    key = models.CharField(max_length=40, blank=True)
    value = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "figure", "key"], name="dashboard_count_owner_figure_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.figure} {self.key}: {self.value} of {self.owner_id}"

    @staticmethod
    def follow_ups_overdue(today: datetime.date) -> Q:
        """The kept follow-up days still awaiting a reply that have passed: follow_up_day_passed()
        over the days (services/dashboard_counts.py reads the same days in SQL)."""
        return Q(figure="awaiting_reply_due_on", key__lt=today.isoformat())

    @classmethod
    def application_statuses(cls, owner: "User") -> dict[str, int]:
        """The owner's applications by status, statuses without any left out. In SQL, prepared
        on the connection: read on every visit of the list, where the ORM took longer to compile
        it than to run it."""
        with connection.prepared_cursor() as cursor:
            cursor.execute(
                "SELECT key, value FROM debrief_dashboardcount "
                "WHERE owner_id = %s AND figure = 'application_status' AND value > 0",
                [owner.pk],
            )
            return dict(cursor.fetchall())


class CaseloadFigures(models.Model):
    """What the adviser caseload needs of one job seeker beyond the counts DashboardCount keeps:
    when each kind of row last changed, and the outcome the caseload names. Kept by the database
    (debrief/summaries/caseload.py); the caseload reads one row per client instead of grouping
    every client's record on each request. The counts (applications, open actions, overdue
    follow-ups) come from DashboardCount, each figure kept once; interviews in the last 30 days
    are read along the (owner, scheduled_at) index. Never written by the application.
    """

    client = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.DB_CASCADE,
        primary_key=True,
        related_name="caseload_figures",
    )
    # The latest updated_at of each kind of row; the last activity is the latest of them. Kept
    # apart so that a write recomputes only what its table changes (a new application does not
    # re-read every debrief).
    last_application_at = models.DateTimeField(null=True)
    last_interview_at = models.DateTimeField(null=True)
    last_debrief_at = models.DateTimeField(null=True)
    last_feedback_at = models.DateTimeField(null=True)
    last_action_at = models.DateTimeField(null=True)
    last_answer_at = models.DateTimeField(null=True)
    # The interview the caseload names as the most important outcome (services/caseload.py).
    latest_outcome = models.ForeignKey(
        "Interview",
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )

    def __str__(self) -> str:
        return f"caseload figures of {self.client_id}"


class ServiceClientMonth(models.Model):
    """A careers service's outcome report, kept: one client's figures for one month in which they
    shared their record with the service (debrief/summaries/service_months.py says who a month
    counts), and where their sharing starts and stops. Kept by the database from the record,
    consent and memberships, whatever the code path; the report sums a service's rows for the
    months asked, in one query, instead of working out every month's population and its
    clients' figures when it is read. Months of dates are calendar months; months of moments (an
    interview's time, a debrief's writing) are UTC months. Never written by the application.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.DB_CASCADE, related_name="+")
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DB_CASCADE, related_name="+"
    )
    month = models.DateField(help_text=_("The first day of the month."))
    applications = models.IntegerField(default=0)
    interviews = models.IntegerField(default=0)
    offers = models.IntegerField(default=0)
    feedback_requested = models.IntegerField(default=0)
    feedback_received = models.IntegerField(default=0)
    debriefs = models.IntegerField(default=0)
    # For each debrief written this month after a rejection: the days from the rejection (the
    # interview's outcome date) to the day it was written.
    rejection_to_debrief_days = ArrayField(models.IntegerField(), default=list)
    # 1 in the first month of a stretch of months the client shared with the service, -1 in the
    # first month after it (a row of its own, all figures 0): the clients sharing in a month are
    # the sum of the changes up to it, so a consent still open counts in every month to come
    # without a row per month.
    sharing_change = models.SmallIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(
                fields=["organisation", "month"],
                include=["client", "sharing_change"],
                condition=~Q(sharing_change=0),
                name="service_month_sharing_changes",
            ),
        ]
        constraints = [
            # Also the report's index: a service's months, then its clients.
            models.UniqueConstraint(
                fields=["organisation", "month", "client"], name="service_client_month_unique"
            ),
            models.CheckConstraint(
                condition=Q(month__day=1), name="serviceclientmonth_month_first_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client_id} in {self.month:%B %Y} for {self.organisation_id}"
