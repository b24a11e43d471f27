"""An adviser's caseload: one row per client whose consent is active.

The figures come from one grouped aggregate per table, keyed by client, over every client of the
adviser: a fixed number of queries however many clients there are, and much faster at scale
than a correlated subquery per client (see NOTES.md). Sorting and searching happen over those
rows, so every sort order is over the whole caseload, not one page of it.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Case, Count, F, IntegerField, Max, Q, QuerySet, Value, When

from debrief.models import (
    ActionItem,
    Application,
    Debrief,
    FeedbackRequest,
    Interview,
    StarAnswer,
    User,
    follow_up_overdue_condition,
)

RECENT_INTERVIEWS = datetime.timedelta(days=30)

SORTS = {
    "name": "Name",
    "activity": "Last activity",
    "applications": "Applications",
    "interviews": "Interviews in the last 30 days",
    "overdue": "Overdue follow-ups",
    "actions": "Open actions",
    "next_contact": "Next contact (soonest first)",
}

# The outcome a caseload row names: an offer still open or accepted outranks a later "no".
OUTCOME_IMPORTANCE = Case(
    When(
        outcome=Interview.Outcome.OFFER,
        application__status__in=[Application.Status.OFFER, Application.Status.ACCEPTED],
        then=Value(0),
    ),
    default=Value(1),
    output_field=IntegerField(),
)


@dataclass
class CaseloadRow:
    client: User
    shared_since: datetime.datetime
    applications: int = 0
    recent_interviews: int = 0
    latest_outcome: Interview | None = None
    overdue_follow_ups: int = 0
    open_actions: int = 0
    last_activity: datetime.datetime | None = None
    next_contact: datetime.date | None = None
    due_for_contact: bool = False

    def saw_activity(self, when: datetime.datetime | None) -> None:
        if when is not None and (self.last_activity is None or when > self.last_activity):
            self.last_activity = when


def shared_clients(adviser: User, search: str = "") -> QuerySet[User]:
    """The adviser's clients now (User.objects.clients_of), each with the date they shared and
    the adviser's next-contact date, from the same consent row."""
    found = User.objects.clients_of(adviser).annotate(
        shared_since=F("adviser_accesses__granted_at"),
        next_contact=F("adviser_accesses__next_contact_on"),
    )
    if search:
        found = found.filter(Q(display_name__icontains=search) | Q(email__icontains=search))
    return found


def caseload(
    *, adviser: User, now: datetime.datetime, today: datetime.date, search: str = "", sort: str
) -> list[CaseloadRow]:
    found = shared_clients(adviser, search)
    rows = {
        client.pk: CaseloadRow(
            client=client,
            shared_since=client.shared_since,
            next_contact=client.next_contact,
            due_for_contact=client.next_contact is not None and client.next_contact <= today,
        )
        for client in found
    }
    if not rows:
        return []
    client_ids = found.values("pk")

    applications = (
        Application.objects.filter(owner__in=client_ids)
        .values("owner")
        .order_by()
        .annotate(count=Count("id"), last=Max("updated_at"))
    )
    for group in applications:
        row = rows[group["owner"]]
        row.applications = group["count"]
        row.saw_activity(group["last"])

    interviews = (
        Interview.objects.filter(owner__in=client_ids)
        .values("owner")
        .order_by()
        .annotate(
            recent=Count(
                "id", filter=Q(scheduled_at__gte=now - RECENT_INTERVIEWS, scheduled_at__lte=now)
            ),
            last=Max("updated_at"),
        )
    )
    for group in interviews:
        row = rows[group["owner"]]
        row.recent_interviews = group["recent"]
        row.saw_activity(group["last"])

    # PostgreSQL's DISTINCT ON: each client's most important outcome, in one query.
    latest_outcomes = (
        Interview.objects.filter(owner__in=client_ids)
        .exclude(outcome=Interview.Outcome.AWAITING)
        .select_related("application")
        .annotate(importance=OUTCOME_IMPORTANCE)
        .order_by(
            "owner_id",
            "importance",
            F("outcome_date").desc(nulls_last=True),
            "-scheduled_at",
            "-id",
        )
        .distinct("owner_id")
    )
    for interview in latest_outcomes:
        rows[interview.owner_id].latest_outcome = interview

    feedback = (
        FeedbackRequest.objects.filter(interview__owner__in=client_ids)
        .values("interview__owner")
        .order_by()
        .annotate(
            overdue=Count("id", filter=follow_up_overdue_condition(today)),
            last=Max("updated_at"),
        )
    )
    for group in feedback:
        row = rows[group["interview__owner"]]
        row.overdue_follow_ups = group["overdue"]
        row.saw_activity(group["last"])

    actions = (
        ActionItem.objects.filter(owner__in=client_ids)
        .values("owner")
        .order_by()
        .annotate(open=Count("id", filter=Q(status=ActionItem.Status.OPEN)), last=Max("updated_at"))
    )
    for group in actions:
        row = rows[group["owner"]]
        row.open_actions = group["open"]
        row.saw_activity(group["last"])

    debriefs = (
        Debrief.objects.filter(interview__owner__in=client_ids)
        .values("interview__owner")
        .order_by()
        .annotate(last=Max("updated_at"))
    )
    for group in debriefs:
        rows[group["interview__owner"]].saw_activity(group["last"])

    star_answers = (
        StarAnswer.objects.filter(owner__in=client_ids)
        .values("owner")
        .order_by()
        .annotate(last=Max("updated_at"))
    )
    for group in star_answers:
        rows[group["owner"]].saw_activity(group["last"])

    return sorted_rows(list(rows.values()), sort)


def sorted_rows(rows: list[CaseloadRow], sort: str) -> list[CaseloadRow]:
    def by_name(row: CaseloadRow):
        return (row.client.display_name.casefold(), row.client.email)

    rows.sort(key=by_name)
    # Python's sort is stable: clients with the same figure stay in name order.
    match sort:
        case "activity":
            never = datetime.datetime.min.replace(tzinfo=datetime.UTC)
            rows.sort(key=lambda row: row.last_activity or never, reverse=True)
        case "applications":
            rows.sort(key=lambda row: row.applications, reverse=True)
        case "interviews":
            rows.sort(key=lambda row: row.recent_interviews, reverse=True)
        case "overdue":
            rows.sort(key=lambda row: row.overdue_follow_ups, reverse=True)
        case "actions":
            rows.sort(key=lambda row: row.open_actions, reverse=True)
        case "next_contact":
            rows.sort(key=lambda row: (row.next_contact is None, row.next_contact))
    return rows
